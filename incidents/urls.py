from django.urls import path

from core.views.importexport import ObjectExportView
from incidents import views

app_name = "incidents"

urlpatterns = [
    path("", views.IncidentListView.as_view(), name="incident_list"),
    path(
        "export/",
        ObjectExportView.for_list(views.IncidentListView).as_view(),
        name="incident_export",
    ),
    path("add/", views.IncidentEditView.as_view(), name="incident_add"),
    path("<int:pk>/", views.IncidentDetailView.as_view(), name="incident_detail"),
    path("<int:pk>/edit/", views.IncidentEditView.as_view(), name="incident_edit"),
    path("<int:pk>/delete/", views.IncidentDeleteView.as_view(), name="incident_delete"),
    path(
        "<int:pk>/timeline/add/",
        views.IncidentEventAddView.as_view(),
        name="incidentevent_add",
    ),
]
