"""What the browser tests share: the world's password, the form's send button, logging in."""

import re

from playwright.sync_api import expect

from tests.world import PASSWORD

# The send button of the page's own form (not the log-out form in the menu).
SUBMIT = "main form[method=post] button[type=submit]"

__all__ = ["PASSWORD", "SUBMIT", "log_in"]


def log_in(page, username: str) -> None:
    """Log ``username`` (a user of the World) in on the login page; the start page follows."""
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(r"/$"))
