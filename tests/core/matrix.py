from core.testing.matrix import LOGIN, MatrixRow, expect

ROWS = [
    MatrixRow("home", expect(200)),
    # Logged-in users are sent on from the login page.
    MatrixRow("login", expect(302, anonymous=200)),
    MatrixRow("logout", expect(405, anonymous=405), note="get-not-allowed"),
    MatrixRow("logout", expect(LOGIN, anonymous=LOGIN), method="post"),
    # The API page holds no data: every signed-in user reads how to use their token.
    MatrixRow("api_help", expect(200)),
]
