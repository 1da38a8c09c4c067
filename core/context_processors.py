"""Template context shared by every page: the navigation the user may use, and when a logged-in
page warns that the session will end."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from core.permissions import get_scope

# Who sees a menu item: every logged-in user, those who read the shared data, the secretariat.
EVERYONE, SHARED, SECRETARIAT = "everyone", "shared", "secretariat"

# (URL name, label, icon, who sees it)
NAVIGATION = [
    ("home", _("Start"), "house", EVERYONE),
    ("audits:audit_list", _("Audits"), "clipboard-check", EVERYONE),
    ("suppliers:supplier_list", _("Suppliers"), "building", SHARED),
    ("incidents:incident_list", _("Incidents"), "exclamation-triangle", SHARED),
    ("riskanalysis:riskanalysis_list", _("Risk analyses"), "graph-up", SHARED),
    ("riskanalysis:category_tree", _("Category tree"), "diagram-3", SHARED),
    ("requirements_catalog:instrument_list", _("Requirements"), "journal-text", SHARED),
    # The year's registers (events, yearly figures, accounts, report texts) under one page.
    ("reporting:year_overview", _("The year"), "calendar-event", SHARED),
    ("reporting:reportjob_list", _("Reports"), "file-earmark-text", SHARED),
    ("organisations:organisation_list", _("Organisations"), "people", SHARED),
    # The faults reported on the accessibility statement.
    ("core:accessibilityreport_list", _("Accessibility"), "universal-access", SECRETARIAT),
    # The organisations' identity providers (SSO) and the accounts (identity/).
    ("identity:provider_list", _("Login (SSO)"), "key", SECRETARIAT),
    ("identity:user_list", _("Users"), "person-badge", SECRETARIAT),
]


def navigation(request):
    scope = get_scope(getattr(request, "user", None))
    items = []
    if scope.is_authenticated:
        for name, label, icon, who in NAVIGATION:
            if who == SHARED and not scope.views_shared_data:
                continue
            if who == SECRETARIAT and not scope.is_secretariat:
                continue
            try:
                url = reverse(name)
            except NoReverseMatch:
                continue
            items.append({"url": url, "label": label, "icon": icon, "active": False})
    # The active item is the one whose address is the longest prefix of the page's; the public
    # summaries (under /audits/) have their own menu item.
    match = getattr(request, "resolver_match", None)
    if not (match and match.view_name == "audits:public_summaries"):
        matching = [
            item
            for item in items
            if (item["url"] == "/" and request.path == "/")
            or (item["url"] != "/" and request.path.startswith(item["url"]))
        ]
        if matching:
            max(matching, key=lambda item: len(item["url"]))["active"] = True
    return {"navigation": items, "user_scope": scope, **session_timing(scope)}


def session_timing(scope) -> dict:
    """When a logged-in page warns that the session will end (static/hallbar/session.js)."""
    if not scope.is_authenticated:
        return {}
    age = settings.SESSION_COOKIE_AGE
    return {
        "session_age": age,
        "session_warning": min(settings.HALLBAR_SESSION_WARNING_SECONDS, age // 2),
    }
