from django.contrib.auth import views as auth_views
from django.urls import include, path
from oauth2_provider import urls as oauth2_urls

from tests.identity.oidc_provider import views

# The authorization, token, discovery, JWKS, userinfo and logout endpoints; not DOT's pages
# for managing applications (the test registers its clients through /control/).
endpoints = oauth2_urls.base_urlpatterns + oauth2_urls.oidc_urlpatterns

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("o/", include((endpoints, "oauth2_provider"), namespace="oauth2_provider")),
    path("control/<str:action>/", views.control),
]
