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
    path("add/", views.OrganisationEditView.as_view(), name="organisation_add"),
    path("<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
    path("<int:pk>/edit/", views.OrganisationEditView.as_view(), name="organisation_edit"),
    path("<int:pk>/delete/", views.OrganisationDeleteView.as_view(), name="organisation_delete"),
    path("partnerships/", views.PartnershipListView.as_view(), name="partnership_list"),
    path("partnerships/add/", views.PartnershipEditView.as_view(), name="partnership_add"),
    path(
        "partnerships/<int:pk>/", views.PartnershipDetailView.as_view(), name="partnership_detail"
    ),
    path(
        "partnerships/<int:pk>/edit/", views.PartnershipEditView.as_view(), name="partnership_edit"
    ),
    path(
        "partnerships/<int:pk>/delete/",
        views.PartnershipDeleteView.as_view(),
        name="partnership_delete",
    ),
    path(
        "partnerships/<int:pk>/years/add/",
        views.PartnershipYearAddView.as_view(),
        name="partnershipyear_add",
    ),
    path(
        "partnerships/years/<int:pk>/edit/",
        views.PartnershipYearEditView.as_view(),
        name="partnershipyear_edit",
    ),
    path(
        "partnerships/years/<int:pk>/delete/",
        views.PartnershipYearDeleteView.as_view(),
        name="partnershipyear_delete",
    ),
    path("api-tokens/", views.ApiTokenListView.as_view(), name="apitoken_list"),
    path("api-tokens/<int:pk>/revoke/", views.ApiTokenRevokeView.as_view(), name="apitoken_revoke"),
]
