"""The menu's "Att göra" link with the number of things waiting (settings: TEMPLATES)."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.permissions import get_scope
from todo import selectors


def _menu(request) -> dict | None:
    user = getattr(request, "user", None)
    if not get_scope(user).is_authenticated:
        return None
    # /todo/ has just counted afresh (todo.views); any other page reads the cached counts.
    counts = getattr(request, "todo_counts", None)
    if counts is None:
        counts = selectors.menu_counts(user)
    if not counts:
        return None  # a reader has no queue: no link
    url = reverse("todo:todo")
    total = sum(counts.values())
    return {
        "url": url,
        "label": _("To do"),
        "total": total,
        # Read after the number: "Att göra, 5 ärenden".
        "noun": ngettext("item", "items", total),
        "active": request.path.startswith(url),
    }


def todo_menu(request):
    """Counted only when a page's menu shows it (an HTMX fragment or a mail costs nothing)."""
    return {"todo_menu": SimpleLazyObject(lambda: _menu(request))}
