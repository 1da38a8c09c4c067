from django.urls import path

from core.views.importexport import ObjectExportView
from reporting import views

app_name = "reporting"

urlpatterns = [
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/export/", views.EventExportView.as_view(), name="event_export"),
    path("events/import/", views.EventImportView.as_view(), name="event_import"),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path("narratives/", views.NarrativeListView.as_view(), name="narrative_list"),
    path(
        "narratives/export/",
        ObjectExportView.for_list(views.NarrativeListView).as_view(),
        name="narrative_export",
    ),
    path("narratives/<int:pk>/edit/", views.NarrativeEditView.as_view(), name="narrative_edit"),
    path("reports/", views.ReportJobListView.as_view(), name="reportjob_list"),
    path("reports/check/", views.ReportCheckView.as_view(), name="reportjob_check"),
    path("reports/add/", views.ReportJobAddView.as_view(), name="reportjob_add"),
    path("reports/<int:pk>/", views.ReportJobDetailView.as_view(), name="reportjob_detail"),
    path(
        "reports/<int:pk>/progress/",
        views.ReportJobProgressView.as_view(),
        name="reportjob_progress",
    ),
    path("reports/<int:pk>/pdf/", views.ReportJobPdfView.as_view(), name="reportjob_pdf"),
]
