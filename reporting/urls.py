from django.urls import path

from core.views.importexport import ObjectExportView
from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.YearOverviewView.as_view(), name="year_overview"),
    # Events
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/add/", views.EventEditView.as_view(), name="event_add"),
    path("events/export/", views.EventExportView.as_view(), name="event_export"),
    path("events/import/", views.EventImportView.as_view(), name="event_import"),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path("events/<int:pk>/edit/", views.EventEditView.as_view(), name="event_edit"),
    path("events/<int:pk>/delete/", views.EventDeleteView.as_view(), name="event_delete"),
    # Yearly figures
    path("figures/", views.YearlyFigureListView.as_view(), name="yearlyfigure_list"),
    path("figures/add/", views.YearlyFigureEditView.as_view(), name="yearlyfigure_add"),
    path(
        "figures/export/",
        ObjectExportView.for_list(views.YearlyFigureListView).as_view(),
        name="yearlyfigure_export",
    ),
    path("figures/<int:pk>/edit/", views.YearlyFigureEditView.as_view(), name="yearlyfigure_edit"),
    path(
        "figures/<int:pk>/delete/",
        views.YearlyFigureDeleteView.as_view(),
        name="yearlyfigure_delete",
    ),
    # The accounts, a page per year with its contributions and cost lines
    path("accounts/", views.FinancialYearListView.as_view(), name="financialyear_list"),
    path("accounts/add/", views.FinancialYearEditView.as_view(), name="financialyear_add"),
    path(
        "accounts/<int:pk>/", views.FinancialYearDetailView.as_view(), name="financialyear_detail"
    ),
    path(
        "accounts/<int:pk>/edit/", views.FinancialYearEditView.as_view(), name="financialyear_edit"
    ),
    path(
        "accounts/<int:pk>/delete/",
        views.FinancialYearDeleteView.as_view(),
        name="financialyear_delete",
    ),
    path(
        "accounts/<int:year_pk>/contributions/add/",
        views.ContributionEditView.as_view(),
        name="contribution_add",
    ),
    path(
        "accounts/contributions/<int:pk>/edit/",
        views.ContributionEditView.as_view(),
        name="contribution_edit",
    ),
    path(
        "accounts/contributions/<int:pk>/delete/",
        views.ContributionDeleteView.as_view(),
        name="contribution_delete",
    ),
    path(
        "accounts/<int:year_pk>/costs/add/",
        views.CostLineEditView.as_view(),
        name="costline_add",
    ),
    path("accounts/costs/<int:pk>/edit/", views.CostLineEditView.as_view(), name="costline_edit"),
    path(
        "accounts/costs/<int:pk>/delete/",
        views.CostLineDeleteView.as_view(),
        name="costline_delete",
    ),
    # The report's texts
    path("narratives/", views.NarrativeListView.as_view(), name="narrative_list"),
    path("narratives/add/", views.NarrativeEditView.as_view(), name="narrative_add"),
    path(
        "narratives/export/",
        ObjectExportView.for_list(views.NarrativeListView).as_view(),
        name="narrative_export",
    ),
    path("narratives/start/", views.NarrativeStartYearView.as_view(), name="narrative_start_year"),
    path("narratives/<int:pk>/edit/", views.NarrativeEditView.as_view(), name="narrative_edit"),
    path(
        "narratives/<int:pk>/delete/",
        views.NarrativeDeleteView.as_view(),
        name="narrative_delete",
    ),
    # The report
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
