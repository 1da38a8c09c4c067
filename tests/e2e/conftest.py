"""Browser tests in real headless Chromium, driven by Playwright: Debian's
chromium-headless-shell (/usr/bin/chromium-headless-shell, the same Blink and V8 as the
chromium package without the desktop browser around them; Playwright's own choice for headless
runs), else Debian's /usr/bin/chromium. HALLBAR_CHROMIUM names another binary.

The shell does the browser sweeps with about a fifth less CPU than the whole browser (measured:
the secretariat's sweep 76 → 60 CPU-seconds).

Outside CI a machine without Chromium skips these tests; in CI (CI=true) a missing browser is a
failure, never a skip. Each failing test leaves screenshots of its steps in test-artifacts/.
"""

import contextlib
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("HALLBAR_CHROMIUM") or next(
    (
        path
        for path in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")
        if Path(path).exists()
    ),
    "/usr/bin/chromium-headless-shell",
)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


@pytest.fixture(scope="session")
def browser():
    if not chromium_available():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM}: .ci/run installs it with apt-get.")
        pytest.skip(
            f"Chromium is missing at {CHROMIUM} (install Debian's chromium-headless-shell package)."
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread for the whole session;
    # the tests' own database work (and its flush) is ordinary synchronous Django code here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Steps:
    """Takes a screenshot after each named step; kept only when the test fails."""

    def __init__(self, name: str):
        self.name = name
        self.shots: list[tuple[str, bytes]] = []
        self.pages = []

    def shot(self, page, step: str) -> None:
        self.shots.append((step, page.screenshot(full_page=True)))

    def save(self) -> Path:
        folder = ARTIFACTS / self.name
        folder.mkdir(parents=True, exist_ok=True)
        for index, (step, png) in enumerate(self.shots, start=1):
            (folder / f"{index:02d}-{step}.png").write_bytes(png)
        return folder

    def save_pages(self) -> None:
        """The last state of every open page, taken before the browser contexts close."""
        folder = ARTIFACTS / self.name
        folder.mkdir(parents=True, exist_ok=True)
        for index, page in enumerate(self.pages, start=1):
            with contextlib.suppress(Exception):  # a crashed page has nothing to show
                (folder / f"zz-last-{index}.png").write_bytes(page.screenshot(full_page=True))


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.stash.setdefault(_FAILED, report.failed)


_FAILED = pytest.StashKey[bool]()


@pytest.fixture
def steps(request):
    recorder = Steps(request.node.name)
    yield recorder
    if request.node.stash.get(_FAILED, False):
        folder = recorder.save()
        print(f"Screenshots of the failed steps: {folder}")


@pytest.fixture
def new_page(request, browser, live_server, steps):
    """A fresh browser context (own cookies) per call, in Swedish unless ``make(locale="en-GB")``,
    against the live server."""
    contexts = []

    def make(locale: str = "sv-SE"):
        context = browser.new_context(
            base_url=live_server.url, locale=locale, viewport={"width": 1280, "height": 900}
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        steps.pages.append(page)
        return page

    yield make
    if request.node.stash.get(_FAILED, False):
        steps.save_pages()
    for context in contexts:
        context.close()
