"""What the browser tests share: the world's password, the form's send button, logging in."""

import re

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.world import PASSWORD, totp_code

# The send button of the page's own form (not the log-out form in the menu).
SUBMIT = "main form[method=post] button[type=submit]"

__all__ = ["PASSWORD", "SUBMIT", "log_in", "second_step"]


def log_in(page, username: str) -> None:
    """Log ``username`` (a user of the World) in on the login page, with the second step where
    the user has an authenticator app (the secretariat); the start page follows."""
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click(SUBMIT)
    expect(page).to_have_url(re.compile(r"/(login/mfa/)?$"))
    if page.url.endswith("/login/mfa/"):
        second_step(page, username)
    expect(page).to_have_url(re.compile(r"/$"))


def second_step(page, username: str) -> None:
    """Type the current code of ``username``'s authenticator app on the second-step page.

    django-otp accepts each 30-second code once; a test that logs the same user in twice within
    one time step would be refused as a replay, as a user would. The app's record of the last
    used step is moved back first: as if the next code had come.
    """
    devices = TOTPDevice.objects.filter(user__username=username, confirmed=True)
    device = devices.first()
    devices.update(last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None)
    page.fill("#id_totp-code", totp_code(device.key))
    page.locator("main form:has(#id_totp-code) button[type=submit]").click()
