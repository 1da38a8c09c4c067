from core.testing.matrix import MatrixRow, expect

ROWS = [
    MatrixRow("reporting:event_list", expect(200)),
    MatrixRow(
        "reporting:event_detail", expect(200, auditor=404), kwargs=lambda w: {"pk": w.event.pk}
    ),
]
