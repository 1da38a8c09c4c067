"""Permission matrix row of the search page: every logged-in user may search (what they find
is gated per register: tests/search/test_search.py)."""

from tests.matrix import MatrixRow, expect

ROWS = [
    MatrixRow("search:search", expect(200), data=lambda w: {"q": "Abena"}),
]
