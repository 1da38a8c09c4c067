from django.urls import path

from core.views import accessibility, importexport

app_name = "core"

urlpatterns = [
    path("imports/<int:pk>/", importexport.ImportJobDetailView.as_view(), name="importjob_detail"),
    path(
        "imports/<int:pk>/progress/",
        importexport.ImportJobProgressView.as_view(),
        name="importjob_progress",
    ),
    path(
        "imports/<int:pk>/confirm/",
        importexport.ImportJobConfirmView.as_view(),
        name="importjob_confirm",
    ),
    # The accessibility statement (tillgänglighetsredogörelse): everyone, logged in or not.
    path(
        "accessibility/",
        accessibility.AccessibilityStatementView.as_view(),
        name="accessibility_statement",
    ),
    path(
        "accessibility/reports/",
        accessibility.AccessibilityReportListView.as_view(),
        name="accessibilityreport_list",
    ),
    path(
        "accessibility/reports/<int:pk>/",
        accessibility.AccessibilityReportDetailView.as_view(),
        name="accessibilityreport_detail",
    ),
    path(
        "accessibility/reports/<int:pk>/edit/",
        accessibility.AccessibilityReportEditView.as_view(),
        name="accessibilityreport_edit",
    ),
]
