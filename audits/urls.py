from django.urls import path

from audits import views

app_name = "audits"

urlpatterns = [
    path("", views.AuditListView.as_view(), name="audit_list"),
    path("add/", views.AuditEditView.as_view(), name="audit_add"),
    path("export/", views.AuditExportView.as_view(), name="audit_export"),
    path("import/", views.AuditImportView.as_view(), name="audit_import"),
    path("<int:pk>/", views.AuditDetailView.as_view(), name="audit_detail"),
    path("<int:pk>/edit/", views.AuditEditView.as_view(), name="audit_edit"),
    path("<int:pk>/delete/", views.AuditDeleteView.as_view(), name="audit_delete"),
    path("<int:pk>/conduct/", views.AuditConductView.as_view(), name="audit_conduct"),
    path("<int:pk>/results/", views.AuditResultsView.as_view(), name="audit_results"),
    path("<int:pk>/report/", views.AuditReportView.as_view(), name="audit_report"),
    path("<int:pk>/approve/", views.AuditApproveView.as_view(), name="audit_approve"),
    path("<int:pk>/close/", views.AuditCloseView.as_view(), name="audit_close"),
    path("<int:pk>/cancel/", views.AuditCancelView.as_view(), name="audit_cancel"),
    path("<int:pk>/follow-up/", views.AuditFollowUpView.as_view(), name="audit_follow_up"),
    path("<int:pk>/evidence/add/", views.EvidenceAddView.as_view(), name="evidence_add"),
    path(
        "evidence/<int:pk>/download/",
        views.EvidenceDownloadView.as_view(),
        name="evidence_download",
    ),
    path("<int:pk>/findings/add/", views.FindingAddView.as_view(), name="finding_add"),
    path("findings/", views.FindingListView.as_view(), name="finding_list"),
    path("findings/export/", views.FindingExportView.as_view(), name="finding_export"),
    path("findings/import/", views.FindingImportView.as_view(), name="finding_import"),
    path("findings/<int:pk>/edit/", views.FindingEditView.as_view(), name="finding_edit"),
    path("findings/<int:pk>/status/", views.FindingStatusView.as_view(), name="finding_status"),
    path("public/", views.PublicSummaryListView.as_view(), name="public_summaries"),
]
