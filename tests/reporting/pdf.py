"""Reading the rendered report in tests: its text, and its text page by page."""

from __future__ import annotations

import re

from pypdf import PdfReader

# The running footer of every page but the cover: the collaboration's name and the page number.
FOOTER = re.compile(r"^Hållbar upphandling – Sveriges regioner\s*\d*$")


def _clean(text: str) -> str:
    return text.replace("\u2010\n", "").replace("\u00ad", "")


def pdf_text(path_or_stream) -> str:
    """The PDF's text with hyphenation joined and every run of white space (incl. U+00A0 and
    U+202F, the thousands separators) as one plain space."""
    text = "\n".join(page.extract_text() for page in PdfReader(path_or_stream).pages)
    return re.sub(r"[\s\u00a0\u202f]+", " ", _clean(text))


def page_body_lines(path_or_stream, year: int) -> list[list[str]]:
    """Each page's lines of text without its running header ("Revisioner Verksamhetsrapport
    2024") and footer ("Hållbar upphandling – Sveriges regioner 12")."""
    header = f"Verksamhetsrapport {year}"
    pages = []
    for page in PdfReader(path_or_stream).pages:
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        body = [
            line
            for line in lines
            if not FOOTER.match(line) and not (line.endswith(header) and len(line) < 60)
        ]
        pages.append(body)
    return pages
