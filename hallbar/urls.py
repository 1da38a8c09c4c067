"""Root URLs: the portal's apps, login and logout, language switching, the API, the admin,
health."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from core.views.auth import session_extend
from core.views.misc import ApiHelpView, healthz
from identity.views.login import PortalLoginView, PortalLogoutView, admin_login

admin.site.site_header = "Hållbar"
admin.site.site_title = "Hållbar"
admin.site.index_title = "Administration"
# The admin's login asks for the second factor too (identity/mfa_login.py).
admin.site.login = admin_login

urlpatterns = [
    path("", include("audits.urls_home")),
    path("login/", PortalLoginView.as_view(), name="login"),
    path("logout/", PortalLogoutView.as_view(), name="logout"),
    path("", include("identity.urls")),  # SSO, MFA, the IdP and user pages
    path("session/extend/", session_extend, name="session_extend"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("organisations/", include("organisations.urls")),
    path("riskanalysis/", include("riskanalysis.urls")),
    path("suppliers/", include("suppliers.urls")),
    path("requirements/", include("requirements_catalog.urls")),
    path("incidents/", include("incidents.urls")),
    path("audits/", include("audits.urls")),
    path("reporting/", include("reporting.urls")),
    path("todo/", include("todo.urls")),
    path("search/", include("search.urls")),
    path("reminders/", include("reminders.urls")),
    path("", include("core.urls")),  # imports, the accessibility statement
    path("help/api/", ApiHelpView.as_view(), name="api_help"),
    path("api/", include("hallbar.api_urls")),
    path("admin/", admin.site.urls),
    path("healthz/", healthz, name="healthz"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "core.views.misc.page_not_found"
handler500 = "core.views.misc.server_error"
