"""The accessibility sweep (issue 17): every portal page of the permission matrix, for each kind
of user, checked with axe-core (WCAG 2.1 A/AA) and for reflow at 320 px.

The pages come from the matrix rows (tests/<app>/matrix.py): each GET row whose ``expect`` is 200
for the role and that answers with an HTML page (not an export, a download or an HTMX fragment).
A new URL with its matrix row is swept without a change here. One browser page per role is
reused: each URL is loaded once, at the width the page before was left at, and checked at both
widths from there: axe at 1280 px, the cheap reflow check at 320 px (the width WCAG 1.4.10
names). The English pass loads each URL name once at 320 px and runs axe there: every page is
checked with axe at 320 px once, not once per role.

The reflow check once ran at 390 px too (a common phone). No style sheet of the portal has a
breakpoint between 320 and 390 px (tests/test_reflow_breakpoints.py keeps it so), so both widths
get the same rules and a fluid page that fits 320 px fits 390 px: the second check found nothing
the first did not, and cost a relayout of every page.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.urls import reverse

from tests.e2e.axe import overflow, violations
from tests.matrix import collect_rows

# Rows whose GET answer is not a page: downloads, exports, XML metadata (SAML) and the fragments
# HTMX swaps in (they are checked inside the pages that hold them).
NOT_PAGES = ("_export", "_download", "_pdf", "_options", "_progress", "_metadata")

DESKTOP, NARROWEST = 1280, 320
HEIGHT = 900


def page_rows(role: str) -> list:
    """The matrix's GET rows that show ``role`` a page (200), in the matrix's order."""
    return [
        row
        for row in collect_rows("matrix")
        if row.method == "get"
        and row.expect.get(role) == 200
        and not row.url_name.endswith(NOT_PAGES)
    ]


class Urls:
    """Each row's URL in one world, worked out once (some rows make the object they open)."""

    def __init__(self, world):
        self.world = world
        self._urls: dict[tuple[str, str], str] = {}

    def of(self, row) -> str:
        key = (row.url_name, row.note)
        if key not in self._urls:
            url = reverse(row.url_name, kwargs=row.url_kwargs(self.world))
            query = row.post_data(self.world)  # a GET row's data is its query string
            self._urls[key] = f"{url}?{urlencode(query, doseq=True)}" if query else url
        return self._urls[key]

    def for_role(self, role: str) -> list[tuple[str, str]]:
        """(label, url) of every page ``role`` sees."""
        return [
            (row.url_name + (f" ({row.note})" if row.note else ""), self.of(row))
            for row in page_rows(role)
        ]


def set_width(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": HEIGHT})


def check_here(page, *, who: str, axe_at: tuple[int, ...]) -> list[str]:
    """Check the page as it stands at each width: axe at the widths of ``axe_at``, the reflow
    check (no sideways scroll) at 320 px. It starts at the width the page has, so a page is not
    laid out again before its first check: one that loaded at 320 px is checked there, then
    widened."""
    found: list[str] = []
    widths = sorted({*axe_at, NARROWEST}, reverse=True)
    current = page.viewport_size["width"]
    for index, width in enumerate(sorted(widths, key=lambda width: width != current)):
        if index or width != current:
            set_width(page, width)
        if width in axe_at:
            found += [f"{who} {width}px {line}" for line in violations(page)]
        if width == NARROWEST:
            found += [f"{who} {line}" for line in overflow(page)]
    return found


def check_pages(
    page, pages, *, who: str, axe_at: tuple[int, ...] = (DESKTOP,), then=None
) -> list[str]:
    """Load each page and check it at each width (``check_here``); ``then(page, label)``, if
    given, checks more on the page as it stands and returns its faults. Each page is loaded at
    the width the one before was left at (a resize before a load would lay the old page out
    again for nothing). The faults, as lines; empty: none."""
    found: list[str] = []
    for label, url in pages:
        response = page.goto(url)
        if response is None or response.status != 200:
            found.append(f"{who} {label} {url}: status {response and response.status}")
            continue
        found += check_here(page, who=who, axe_at=axe_at)
        if then is not None:
            found += then(page, label)
    # Leave no page polling the server (a report job's progress) while the next user logs in.
    page.goto("about:blank")
    set_width(page, DESKTOP)
    return found


class Timer:
    """Prints how long a sweep took and how many page checks it made (-s shows it)."""

    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        self.start = time.monotonic()
        return self

    def __exit__(self, *exc):
        print(f"\n{self.name}: {time.monotonic() - self.start:.1f} s")
