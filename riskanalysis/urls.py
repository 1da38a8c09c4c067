from django.urls import path

from core.views.importexport import ObjectExportView
from riskanalysis import views

app_name = "riskanalysis"

urlpatterns = [
    path("", views.RiskAnalysisListView.as_view(), name="riskanalysis_list"),
    path(
        "export/",
        ObjectExportView.for_list(views.RiskAnalysisListView).as_view(),
        name="riskanalysis_export",
    ),
    path("add/", views.RiskAnalysisEditView.as_view(), name="riskanalysis_add"),
    path("<int:pk>/", views.RiskAnalysisDetailView.as_view(), name="riskanalysis_detail"),
    path("<int:pk>/edit/", views.RiskAnalysisEditView.as_view(), name="riskanalysis_edit"),
    path("<int:pk>/delete/", views.RiskAnalysisDeleteView.as_view(), name="riskanalysis_delete"),
    path("categories/", views.CategoryTreeView.as_view(), name="category_tree"),
    path("studies/", views.StudyListView.as_view(), name="study_list"),
    path(
        "studies/export/",
        ObjectExportView.for_list(views.StudyListView).as_view(),
        name="study_export",
    ),
    path("studies/<int:pk>/", views.StudyDetailView.as_view(), name="study_detail"),
]
