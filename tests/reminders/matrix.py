"""Permission matrix rows of Mina påminnelser: every logged-in user has their own page."""

from tests.matrix import MatrixRow, expect

ROWS = [
    MatrixRow("reminders:preferences", expect(200)),
    MatrixRow(
        "reminders:preferences",
        expect(302),
        method="post",
        data=lambda w: {"frequency": "weekly", "language": "sv"},
        note="save",
    ),
]
