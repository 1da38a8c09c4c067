"""Permission matrix rows of the login through an organisation's IdP and of MFA."""

from tests.matrix import MatrixRow, expect

ROWS = [
    # The choice of an organisation on the login page: anyone may send it; empty is refused.
    MatrixRow("identity:sso_start", expect(400, anonymous=400), method="post"),
    # An IdP that does not exist (or is turned off): 404 for everyone.
    MatrixRow("identity:sso_begin", expect(404, anonymous=404), kwargs=lambda w: {"pk": 999999}),
]
