"""The accessibility sweep checks reflow (WCAG 1.4.10) at 320 px only (tests/e2e/sweep.py). That
covers the phone widths above it as long as they get the same style rules: no style sheet the
portal serves may switch layout between 320 and 390 px. A page that fits 320 px with the same
rules then fits every width up to the next breakpoint."""

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[1] / "static"
# A width in a media query or container query: (min-width: 36rem), (max-width:575.98px), …
WIDTH = re.compile(r"\((?:min|max)-width\s*:\s*([\d.]+)(px|rem|em)\s*\)")
PX_PER_EM = 16


def breakpoints(css: str) -> list[float]:
    return [float(value) * (1 if unit == "px" else PX_PER_EM) for value, unit in WIDTH.findall(css)]


def test_the_pattern_reads_px_and_rem():
    css = "@media (max-width:575.98px){} @media (min-width: 22rem) {}"
    assert breakpoints(css) == [575.98, 352]


@pytest.mark.parametrize(
    "sheet", sorted(STATIC.rglob("*.css")), ids=lambda p: str(p.relative_to(STATIC))
)
def test_no_breakpoint_between_320_and_390_px(sheet):
    between = [width for width in breakpoints(sheet.read_text()) if 320 <= width <= 390]
    assert not between, (
        f"{sheet.name} changes its layout at {between} px: the sweep's reflow check at 320 px "
        "no longer covers 390 px; check reflow at that width too (tests/e2e/sweep.py)"
    )
