"""The accessibility statement (tillgänglighetsredogörelse) and its fault reports: the dates the
statement gives, sending a report (anyone, rate-limited) and the secretariat's handling of one.

The statement's text is the template ``core/accessibility_statement.html``. What it says of the
portal's gaps and of how it was tested is reviewed with every change of those, and the dates
below are moved when it is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.throttling import SimpleRateThrottle

from core.api.throttling import window_hit
from core.models import AccessibilityReport, AccessibilityReportStatus
from core.permissions import get_scope

# The day the portal's compliance was last assessed (the axe-core checks of
# tests/e2e/test_accessibility.py and the review of their pages), and the day the statement was
# last updated.
ASSESSED_ON = datetime.date(2026, 12, 7)
UPDATED_ON = datetime.date(2026, 12, 7)

# The fields of a report its sender fills in (the statement's form), and those the secretariat
# changes while handling it.
REPORT_FIELDS = ["page", "description", "name", "email"]
HANDLING_FIELDS = ["status", "note"]


class TooManyReports(Exception):
    """Over the rate of reports (per sender, or of all anonymous senders together)."""

    def __init__(self, wait: int):
        super().__init__(wait)
        self.wait = wait


@dataclass(frozen=True)
class Sender:
    """Who sends a report: the logged-in user, else the client's address (core.login_lock's
    rule, None when it has none that parses)."""

    user: object | None
    address: str | None

    @property
    def key(self) -> str:
        if self.user is not None:
            return f"user-{self.user.pk}"
        return f"address-{self.address or 'unknown'}"


def _rate(value: str) -> tuple[int, int]:
    """'5/hour' → (5, 3600), as DRF reads its rates."""
    return SimpleRateThrottle.parse_rate(None, value)


def _count(key: str, rate: str) -> None:
    allowed, duration = _rate(rate)
    hits, wait = window_hit(f"hallbar:accessibility-report:{key}", duration)
    if hits > allowed:
        raise TooManyReports(wait)


def report_rate_check(sender: Sender) -> None:
    """Count one report of ``sender``; TooManyReports when it is over the rate.

    Each sender (a logged-in user, else an address) may send
    ``HALLBAR_ACCESSIBILITY_REPORT_RATE`` reports; all anonymous senders together
    ``HALLBAR_ACCESSIBILITY_REPORT_ANON_TOTAL_RATE``, so a flood from many addresses stays
    bounded too. Counted in the cache in fixed windows (core.api.throttling): Redis when set,
    so every process counts together."""
    _count(sender.key, settings.HALLBAR_ACCESSIBILITY_REPORT_RATE)
    if sender.user is None:
        _count("anonymous", settings.HALLBAR_ACCESSIBILITY_REPORT_ANON_TOTAL_RATE)


@transaction.atomic
def accessibility_report_send(
    *, sender: Sender, report: AccessibilityReport
) -> AccessibilityReport:
    """Store a report sent on the statement page. Checked whole first (a refusal is a
    ValidationError on its field), then counted against the rate (TooManyReports): only a
    report that would be stored counts, and an over-the-rate one stores nothing."""
    report.pk = None
    report.page = (report.page or "").strip()
    report.description = (report.description or "").strip()
    report.name = (report.name or "").strip()
    report.email = (report.email or "").strip()
    report.user = sender.user
    report.status = AccessibilityReportStatus.NEW
    report.note = ""
    report.full_clean()
    report_rate_check(sender)
    report._history_user = sender.user
    report.save()
    return report


@transaction.atomic
def accessibility_report_handle(
    *, report: AccessibilityReport, user, status: str, note: str
) -> AccessibilityReport:
    """The secretariat moves a report on (new → in progress → resolved, or back) with its note;
    the history names who did it."""
    if not get_scope(user).is_secretariat:
        raise PermissionDenied(_("Only the secretariat handles accessibility reports."))
    locked = AccessibilityReport.objects.select_for_update().get(pk=report.pk)
    locked.status = status
    locked.note = (note or "").strip()
    locked.full_clean()
    locked._history_user = user
    locked.save()
    return locked


def new_report_count() -> int:
    """The reports nobody has begun to handle: the list page says how many."""
    return AccessibilityReport.objects.filter(status=AccessibilityReportStatus.NEW).count()
