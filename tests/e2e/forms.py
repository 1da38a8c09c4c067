"""Forms sent with their errors in the accessibility sweep (issue 17): the page's form is sent
with its required fields emptied, so it comes back with errors and saves nothing; the page with
the errors is checked with axe and for reflow, and its error summary must take the focus and link
to fields that exist. Forms whose sending cannot be undone (delete, publish, close, approve, …)
are left out by their URL name; a form without a required field is not sent (it could be saved
as it is)."""

import re

from tests.e2e.sweep import DESKTOP, check_here

IRREVERSIBLE = re.compile(r"_(delete|publish|close|cancel|approve|confirm|revoke)\b|start_year")

# Empties the required fields of the page's first form that has one and marks the form; returns
# how many fields it emptied (0: no such form, nothing to send).
EMPTY_REQUIRED = """() => {
  const form = [...document.querySelectorAll("main form[method=post]")]
    .find((f) => f.querySelector("[required]:not([type=hidden])"));
  if (!form) return 0;
  form.dataset.sweep = "1";
  let emptied = 0;
  form.querySelectorAll("[required]:not([type=hidden])").forEach((field) => {
    if (field.tagName === "SELECT") {
      if (field.multiple) [...field.options].forEach((option) => { option.selected = false; });
      else if ([...field.options].some((option) => option.value === "")) field.value = "";
      else return;
    } else if (field.type === "checkbox" || field.type === "radio") {
      field.checked = false;
    } else {
      field.value = "";
    }
    emptied += 1;
  });
  return emptied;
}"""

# The error summary: is it the focused element, and do its links point to existing fields?
SUMMARY = """() => {
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) return null;
  const links = [...summary.querySelectorAll("a[href^='#']")].map((a) => a.getAttribute("href"));
  return {
    focused: document.activeElement === summary,
    role: summary.getAttribute("role"),
    links: links.length,
    broken: links.filter((href) => !document.getElementById(href.slice(1))),
  };
}"""


def send_empty(page) -> bool:
    """Empty the required fields of the page's form and send it; False when it has none."""
    if not page.evaluate(EMPTY_REQUIRED):
        return False
    with page.expect_navigation():
        page.locator("form[data-sweep] button[type=submit]:not([formmethod=get])").first.click()
    return True


def summary_faults(page, label: str) -> list[str]:
    summary = page.evaluate(SUMMARY)
    if summary is None:
        return [f"{label} {page.url}: sent with empty required fields, no error summary"]
    faults = []
    if not summary["focused"]:
        faults.append(f"{label}: the error summary does not take the focus")
    if summary["role"] != "alert":
        faults.append(f"{label}: the error summary is not role=alert")
    if summary["broken"]:
        faults.append(f"{label}: the error summary links to missing ids {summary['broken']}")
    return faults


class FormsWithErrors:
    """``check_pages(..., then=FormsWithErrors())``: on each page of a form, send it empty and
    check the page with its errors. ``sent`` lists the URL names of the forms sent."""

    def __init__(self):
        self.sent: list[str] = []

    def __call__(self, page, label: str) -> list[str]:
        if IRREVERSIBLE.search(label):
            return []
        if not send_empty(page):
            return []
        self.sent.append(label)
        found = summary_faults(page, label)
        return found + check_here(page, who=f"{label} with errors:", axe_at=(DESKTOP,))
