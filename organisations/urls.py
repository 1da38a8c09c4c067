from django.urls import path

from core.views.importexport import ObjectExportView
from organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="organisation_list"),
    path(
        "export/",
        ObjectExportView.for_list(views.OrganisationListView).as_view(),
        name="organisation_export",
    ),
    path("<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
    path("api-tokens/", views.ApiTokenListView.as_view(), name="apitoken_list"),
    path("api-tokens/<int:pk>/revoke/", views.ApiTokenRevokeView.as_view(), name="apitoken_revoke"),
]
