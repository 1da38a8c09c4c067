"""Filling in the portal's forms as a user does: open the page, take the form as rendered (its
fields and their current values), change the fields the user changes, and send it.

A field the page does not show cannot be filled in: ``submit`` refuses it, so that a scenario
written with these helpers only does what the pages let a user do.
"""

from __future__ import annotations

from html.parser import HTMLParser

SUBMITTED = 302


class _FormFields(HTMLParser):
    """The fields of the page's main POST form (the first form with method=post inside
    <main>), with the values the page shows."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_main = False
        self.in_form = False
        self.done = False
        self.values: dict[str, list[str]] = {}
        self.names: set[str] = set()
        self._select: str | None = None
        self._select_multiple = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def _add(self, name, value):
        self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.in_main = True
        if self.done or not self.in_main:
            return
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.in_form = True
            return
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "file", "reset", "image"):
                return
            self.names.add(name)
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._add(name, attrs.get("value") or "on")
            else:
                self._add(name, attrs.get("value") or "")
        elif tag == "select" and name:
            self.names.add(name)
            self._select, self._select_multiple = name, "multiple" in attrs
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.names.add(name)
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._add(self._textarea, "".join(self._text).lstrip("\n"))
            self._textarea = None
        elif tag == "form" and self.in_form:
            self.in_form, self.done = False, True


def form_on(client, url: str) -> tuple[set[str], dict[str, list[str]]]:
    """The names of the fields the page's form shows, and their values."""
    page = client.get(url)
    assert page.status_code == 200, f"{url}: {page.status_code}"
    parser = _FormFields()
    parser.feed(page.content.decode())
    assert parser.names, f"{url} shows no form"
    return parser.names, parser.values


def errors_of(response) -> str:
    """The messages a refused form shows, for an assertion's explanation."""
    import re

    text = response.content.decode()
    found = re.findall(r'class="[^"]*invalid-feedback[^"]*"[^>]*>(.*?)</', text, re.S)
    found += re.findall(r'id="form-errors"[^>]*>(.*?)</div>', text, re.S)
    return " | ".join(re.sub(r"\s+", " ", f).strip() for f in found) or text[:2000]


def submit(client, url: str, changes: dict, *, expect: int = SUBMITTED):
    """Open ``url``, change the given fields (a list for a multiple select, True/False for a
    checkbox, None to empty a field) and send the form; returns the response, which must have
    the status ``expect`` (a redirect after a saved form, by default)."""
    names, values = form_on(client, url)
    unknown = set(changes) - names
    assert not unknown, f"{url} has no field {sorted(unknown)} (it has {sorted(names)})"
    data: dict[str, list[str]] = {name: list(value) for name, value in values.items()}
    for name, value in changes.items():
        if value is None or value is False:
            data.pop(name, None)
        elif value is True:
            data[name] = ["on"]
        elif isinstance(value, list | tuple | set):
            data[name] = [str(v) for v in value]
        else:
            data[name] = [str(value)]
    response = client.post(url, data)
    assert response.status_code == expect, f"{url}: {response.status_code}: {errors_of(response)}"
    return response


def created_pk(response) -> int:
    """The id in the page a saved form redirected to (``/audits/12/`` → 12)."""
    import re

    return int(re.search(r"/(\d+)/(#.*)?$", response["Location"]).group(1))
