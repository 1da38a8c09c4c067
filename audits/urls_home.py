"""The start page at the root of the site (no namespace: 'home')."""

from django.urls import path

from audits.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
]
