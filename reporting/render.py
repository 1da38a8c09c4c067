"""The yearly activity report (verksamhetsrapport) as print HTML and as a PDF.

``render_report_html(snapshot, issues=…)`` fills ``templates/reporting/report_pdf.html`` from a
snapshot of ``reporting.report_data.report_snapshot``; ``render_report_pdf`` hands that HTML to
WeasyPrint. Nothing here reads the database: every figure comes from the snapshot, so a report job
can render again from the snapshot it stored.

The report is Swedish whatever language the portal runs in, so the template's labels are Swedish
text and rendering runs with Swedish active (labels inside the snapshot were translated when the
snapshot was taken). The consistency issues are passed in so that the template may mark a draft;
the published report does not print them (the secretariat sees them before rendering and the job
keeps them).

Charts are drawn by matplotlib as SVG with text converted to paths (no font needed at print time),
and inlined as data URIs: WeasyPrint draws them as vector graphics. Each chart's alt text says in
words what it shows, with every bar's year and value, from the same points as the bars.

The PDF is tagged and archivable: PDF/A-2a declaring PDF/UA-1 (``reporting.pdf_tagging`` says why
that pair and what is verified). The template keeps what tagging needs: ``lang="sv"``, a title,
headings that never skip a level, ``th`` with ``scope``, an ``alt`` on every image.
"""

from __future__ import annotations

import base64
import io
import logging
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation

from reporting.pdf_tagging import PDF_VARIANT, finish_tagged_pdf
from reporting.templatetags.report_format import sv_number

TEMPLATE = "reporting/report_pdf.html"
STATIC_DIR = Path(settings.BASE_DIR) / "static" / "reporting"
CSS_PATH = STATIC_DIR / "report.css"

# The collaboration's name as the report prints it on its cover.
COLLABORATION_NAME = "Hållbar upphandling – Sveriges regioner"

# Chapter titles when the year's narrative gives none, and the short form for running headers.
CHAPTERS = {
    "introduction": ("Hållbar upphandling – ett samarbete mellan Sveriges regioner", "Inledning"),
    "year_in_brief": ("Året i korthet", "Året i korthet"),
    "process": ("Hållbarhet – en integrerad del i inköpsprocessen", "Inköpsprocessen"),
    "risks": ("Identifiera och prioritera risker", "Risker"),
    "harmonised_requirements": ("Harmoniserade krav", "Harmoniserade krav"),
    "audits": ("Avtalsuppföljning och revisioner", "Revisioner"),
    "incidents": ("Incidenthantering", "Incidenter"),
    "organisation": ("Organisation och resurser", "Organisation"),
    "competence": ("Kompetens inom hållbar upphandling", "Kompetens"),
    "communication": ("Kommunikation", "Kommunikation"),
    "collaboration": ("Nationella och internationella samarbeten", "Samarbeten"),
    "nordic": ("Nordiskt samarbete", "Samarbeten"),
    "electronics_watch": ("Electronics Watch", "Samarbeten"),
    "iwgepp": ("International Working Group on Ethical Public Procurement", "Samarbeten"),
    "accounts": ("Årsbokslut", "Årsbokslut"),
}

# The communication charts: snapshot series key → caption.
CHART_SERIES = (
    ("newsletters", "Antal nyhetsbrev"),
    ("newsletter_subscribers", "Antal prenumeranter på nyhetsbrevet"),
    ("media_articles", "Antal medieartiklar"),
)
CHART_COLOUR = "#1f5c63"
CHART_COLOUR_LAST = "#c8553d"
# Up to this many bars a chart has upright labels at full size; values of up to this many
# characters stay upright in a longer series.
CHART_FULL_LABELS = 5
CHART_UPRIGHT_CHARS = 2


# The audit kinds in Swedish: (one audit, several audits, the list's heading for one, for several).
AUDIT_KIND_WORDS = {
    "office": ("kontorsrevision", "kontorsrevisioner", "Kontorsrevision", "Kontorsrevisioner"),
    "follow_up": ("återrevision", "återrevisioner", "Återrevision", "Återrevisioner"),
    "on_site": ("platsrevision", "platsrevisioner", "Platsrevision", "Platsrevisioner"),
    "desk": (
        "skrivbordsrevision",
        "skrivbordsrevisioner",
        "Skrivbordsrevision",
        "Skrivbordsrevisioner",
    ),
}

# The harmonised table's rows: requirements (neuter "krav") and guidance (common gender).
HARMONISED_GUIDANCE_KINDS = ("guidance",)

# A supplier list up to this long is kept on one page (it fits, in two columns); a longer one
# runs on over the pages.
SUPPLIER_LIST_KEPT_WHOLE = 80

# WeasyPrint logs every layout step at INFO; a report build is one line in the logs, not fifty.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logger = logging.getLogger(__name__)


@dataclass
class RenderedReport:
    pdf: bytes
    pages: int


def _chapter(snapshot: dict, key: str) -> dict:
    """A chapter's title and narrative paragraphs; the first paragraph's heading is the title."""
    items = snapshot.get("narratives", {}).get("sections", {}).get(key, [])
    title, running = CHAPTERS[key]
    paragraphs = [dict(item) for item in items]
    if paragraphs and paragraphs[0].get("heading"):
        title = paragraphs[0]["heading"]
        paragraphs[0]["heading"] = ""
    return {
        "id": f"kapitel-{key.replace('_', '-')}",
        "title": title,
        "running": running,
        "paragraphs": paragraphs,
        "has_narrative": bool(paragraphs),
    }


def _bar_chart_svg(points: list[dict]) -> str:
    """A small bar chart of a yearly series as a base64 SVG data URI (matplotlib, no pyplot)."""
    # Imported here: only rendering needs matplotlib, and it is slow to import. Figure and the
    # SVG canvas directly, not pyplot: no global backend, no figure registry, thread-safe.
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    years = [str(point["year"]) for point in points]
    values = [point["value"] for point in points]
    style = {
        "svg.fonttype": "path",
        "svg.hashsalt": "hallbar-report",
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.edgecolor": "#8a9599",
        "xtick.color": "#333333",
        "ytick.color": "#333333",
    }
    with matplotlib.rc_context(style):
        figure = Figure(figsize=(2.3, 2.0))
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        colours = [CHART_COLOUR] * (len(values) - 1) + [CHART_COLOUR_LAST]
        positions = range(len(values))
        bars = axes.bar(positions, values, color=colours, width=0.6)
        labels = [sv_number(v) for v in values]
        if len(values) <= CHART_FULL_LABELS:
            axes.set_xticks(positions, years)
            axes.bar_label(bars, labels=labels, padding=2, fontsize=9)
        else:
            # A long series: the years upright would run into each other, and so would wide
            # values; both stand on end, smaller.
            axes.set_xticks(positions, years, rotation=90, fontsize=7)
            wide = max(len(label) for label in labels) > CHART_UPRIGHT_CHARS
            axes.bar_label(bars, labels=labels, padding=2, fontsize=7, rotation=90 if wide else 0)
        headroom = 1.2 if len(values) <= CHART_FULL_LABELS else 1.35
        axes.set_ylim(0, max(values) * headroom if max(values) > 0 else 1)
        axes.spines[["top", "right", "left"]].set_visible(False)
        axes.set_yticks([])
        axes.tick_params(axis="x", length=0)
        figure.tight_layout(pad=0.3)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"


def chart_alt(caption: str, points: list[dict]) -> str:
    """A chart's alt text: what it shows and every bar's year and value, from the points the bars
    are drawn from ("Stapeldiagram: antal nyhetsbrev, en stapel per år. 2023: 13, 2024: 18."). The
    years are listed, not given as a range: a series may skip years."""
    values = ", ".join(f"{p['year']}: {sv_number(p['value'])}" for p in points)
    return f"Stapeldiagram: {caption[0].lower()}{caption[1:]}, en stapel per år. {values}."


def _charts(snapshot: dict) -> list[dict]:
    series = snapshot.get("communication", {}).get("series", {})
    charts = []
    for key, caption in CHART_SERIES:
        points = [p for p in series.get(key, {}).get("points", []) if p["value"] is not None]
        if points:
            charts.append(
                {
                    "key": key,
                    "caption": caption,
                    "src": _bar_chart_svg(points),
                    "alt": chart_alt(caption, points),
                }
            )
    return charts


def _audit_groups(snapshot: dict) -> list[dict]:
    """The audit kinds of the year with their suppliers, each with its number of audits."""
    groups = []
    for group in snapshot["audits"]["groups"]:
        if not group["count"]:
            continue
        names = group["suppliers"]
        # Snapshots stored before the per-supplier counts: one audit per name.
        per_supplier = group.get("audits_per_supplier") or [1] * len(names)
        one, many, heading_one, heading_many = AUDIT_KIND_WORDS.get(
            group["kind"],
            (group["label"].lower(), group["label"].lower(), group["label"], group["label"]),
        )
        single = group["count"] == 1
        groups.append(
            {
                **group,
                "noun": one if single else many,
                "heading": heading_one if single else heading_many,
                "entries": list(zip(names, per_supplier, strict=True)),
                "repeated": any(count > 1 for count in per_supplier),
                "long": len(names) > SUPPLIER_LIST_KEPT_WHOLE,
            }
        )
    return groups


def _harmonised_words(section: dict) -> dict:
    """The noun and participle that agree with the harmonised table's count and kinds:
    "1 harmoniserat krav framtaget", "1 vägledning framtagen", "5 harmoniserade krav och
    vägledningar framtagna"."""
    count = section.get("count") or 0
    kinds = {row.get("kind") for row in section.get("rows", [])}
    guidance = bool(kinds) and kinds <= set(HARMONISED_GUIDANCE_KINDS)
    requirements = bool(kinds) and not kinds & set(HARMONISED_GUIDANCE_KINDS)
    if count == 1 and guidance:
        return {"noun": "vägledning", "made": "framtagen"}
    if count == 1:
        return {"noun": "harmoniserat krav", "made": "framtaget"}
    if guidance:
        return {"noun": "vägledningar", "made": "framtagna"}
    if requirements:
        return {"noun": "harmoniserade krav", "made": "framtagna"}
    return {"noun": "harmoniserade krav och vägledningar", "made": "framtagna"}


def report_context(snapshot: dict, *, issues: list) -> dict:
    chapters = {key: _chapter(snapshot, key) for key in CHAPTERS}
    accounts = snapshot["accounts"]
    return {
        "s": snapshot,
        "year": snapshot["year"],
        "title": f"Verksamhetsrapport {snapshot['year']}",
        "collaboration_name": COLLABORATION_NAME,
        "chapters": chapters,
        "charts": _charts(snapshot) if snapshot["communication"]["has_data"] else [],
        "audit_groups": _audit_groups(snapshot),
        "harmonised": _harmonised_words(snapshot["harmonised_requirements"]),
        "cost_notes": [line for line in accounts["cost_lines"] if line["note"]],
        "regions": [row["short_name"] for row in accounts["contributions"]],
        "issues": list(issues),
        "css": CSS_PATH.read_text(encoding="utf-8"),
    }


def render_report_html(snapshot: dict, *, issues: list) -> str:
    """The report's print HTML (CSS inlined), in Swedish."""
    with translation.override("sv"):
        return render_to_string(TEMPLATE, report_context(snapshot, issues=issues))


def static_roots() -> list[Path]:
    """The folders the project's static files come from: STATIC_ROOT and every finder's."""
    roots = [Path(settings.STATIC_ROOT)]
    for finder in finders.get_finders():
        roots.extend(Path(root) for _prefix, root in getattr(finder, "locations", ()))
        roots.extend(Path(storage.location) for storage in getattr(finder, "storages", {}).values())
    return [root.resolve() for root in roots]


def _confined(path: Path, roots: list[Path]) -> Path | None:
    resolved = path.resolve()  # symbolic links and ".." followed before the check
    if resolved.is_file() and any(resolved.is_relative_to(root) for root in roots):
        return resolved
    return None


def static_file_for(url: str) -> Path | None:
    """The project's own static file a ``file:`` URL names, or None.

    The URL is either a path inside one of the static folders (a relative URL of the report
    resolves against static/reporting/) or STATIC_URL + a name the staticfiles finders (or
    STATIC_ROOT) know, as ``{% static %}`` writes it."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = unquote(parts.path)
    roots = static_roots()
    if found := _confined(Path(path), roots):
        return found
    static_url = urlsplit(settings.STATIC_URL).path
    if not path.startswith(static_url):
        return None
    name = path.removeprefix(static_url)
    try:
        candidate = finders.find(name)
    except SuspiciousFileOperation:  # a ".." out of a static folder
        return None
    # STATIC_ROOT too (collectstatic's copy); _confined refuses a ".." out of it.
    return _confined(Path(candidate or Path(settings.STATIC_ROOT) / name), roots)


def url_fetcher():
    """WeasyPrint's fetcher for the report: the project's own static files and ``data:`` URLs,
    nothing else. Any other URL (http, https, a file outside the static folders, another scheme)
    raises; WeasyPrint logs it and leaves the resource out, so report content that names a URL
    never makes the worker fetch it."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse, path2url

    class StaticOnlyURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file" and (path := static_file_for(url)):
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    path2url(str(path)), path.read_bytes(), {"Content-Type": content_type}
                )
            logger.warning("The report refers to %s: not fetched (only static files)", url[:200])
            raise ValueError(f"Not one of the project's static files: {url[:200]}")

    return StaticOnlyURLFetcher(allow_redirects=False)


def report_html_document(html: str):
    """WeasyPrint's HTML of the report's print HTML, with the static-only fetcher."""
    from weasyprint import HTML  # Slow to import; only rendering needs it.

    return HTML(string=html, base_url=str(STATIC_DIR), url_fetcher=url_fetcher())


def layout_report(html: str):
    """The report's print HTML laid out (the variant sets the sRGB output intent of layout)."""
    return report_html_document(html).render(pdf_variant=PDF_VARIANT)


def render_report_document(snapshot: dict, *, issues: list):
    """The laid-out WeasyPrint document (its ``pages`` are counted by build_report)."""
    return layout_report(render_report_html(snapshot, issues=issues))


def write_report_pdf(document) -> bytes:
    """A laid-out report as tagged PDF/A-2a + PDF/UA-1 bytes."""
    return document.write_pdf(pdf_variant=PDF_VARIANT, finisher=finish_tagged_pdf)


def render_report(snapshot: dict, *, issues: list) -> RenderedReport:
    document = render_report_document(snapshot, issues=issues)
    return RenderedReport(pdf=write_report_pdf(document), pages=len(document.pages))


def render_report_pdf(snapshot: dict, *, issues: list) -> bytes:
    """The report as PDF bytes."""
    return render_report(snapshot, issues=issues).pdf
