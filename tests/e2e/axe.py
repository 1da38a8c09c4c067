"""axe-core (npm, node_modules/axe-core) in the browser tests: a page's violations of the
WCAG 2.1 A and AA rules.

The script is added as an init script of the browser context (through DevTools, so the
portal's Content-Security-Policy, which allows no inline script, does not apply to it) and runs
in every page the context opens."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 4).map((n) => n.target.join(" ") + " " + (n.failureSummary || "")
      .replace(/\\s+/g, " ").slice(0, 160)),
    count: v.nodes.length,
  }));
}"""


def with_axe(context) -> None:
    """Every page of ``context`` gets axe-core."""
    if not AXE.exists():
        raise FileNotFoundError(f"{AXE} is missing: run `npm ci` (make test does).")
    context.add_init_script(path=str(AXE))


def violations(page) -> list[str]:
    """The page's WCAG 2.1 A/AA violations as readable lines (empty: none)."""
    found = page.evaluate(RUN, WCAG_21_AA)
    return [
        f"{page.url} [{v['impact']}] {v['id']}: {v['help']} ({v['count']}×) "
        + " | ".join(v["nodes"])
        for v in found
    ]


OVERFLOW = """(viewport) => {
  const scrolls = (e) => ["auto", "scroll"].includes(getComputedStyle(e).overflowX);
  const inBox = (e) => { for (let p = e.parentElement; p && p !== document.body;
                              p = p.parentElement) if (scrolls(p)) return true;
                         return false; };
  return [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > viewport + 1 && !inBox(e))
    .slice(0, 4).map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
      (typeof e.className === "string" && e.className ? "." + e.className.split(" ")[0]
       : "") + " " + Math.round(e.getBoundingClientRect().right));
}"""


def overflow(page) -> list[str]:
    """WCAG 1.4.10 (reflow): the page itself never scrolls sideways (a wide table or code block
    may scroll in its own box). Empty when it does not; else the page's width and the first
    elements that stick out, outside any box that scrolls."""
    width, viewport = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    if width <= viewport:
        return []
    wide = page.evaluate(OVERFLOW, viewport)
    return [f"{page.url} reflow: the page is {width} px wide at {viewport} px: {wide}"]
