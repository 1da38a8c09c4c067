"""Permission matrix rows of the organisation register."""

from core.testing.matrix import MatrixRow, expect

ROWS = [
    MatrixRow("organisations:organisation_list", expect(200)),
    MatrixRow(
        "organisations:organisation_detail",
        expect(200, auditor=404),
        kwargs=lambda w: {"pk": w.region_a.pk},
    ),
]
