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
    path("<int:pk>/risks/add/", views.IdentifiedRiskAddView.as_view(), name="identifiedrisk_add"),
    path(
        "risks/<int:pk>/edit/", views.IdentifiedRiskEditView.as_view(), name="identifiedrisk_edit"
    ),
    path(
        "risks/<int:pk>/delete/",
        views.IdentifiedRiskDeleteView.as_view(),
        name="identifiedrisk_delete",
    ),
    path("categories/", views.CategoryTreeView.as_view(), name="category_tree"),
    path("categories/add/", views.CategoryEditView.as_view(), name="category_add"),
    path("categories/<int:pk>/edit/", views.CategoryEditView.as_view(), name="category_edit"),
    path("categories/<int:pk>/delete/", views.CategoryDeleteView.as_view(), name="category_delete"),
    path(
        "categories/<int:pk>/priorities/add/",
        views.CategoryPriorityAddView.as_view(),
        name="categorypriority_add",
    ),
    path(
        "categories/priorities/<int:pk>/edit/",
        views.CategoryPriorityEditView.as_view(),
        name="categorypriority_edit",
    ),
    path(
        "categories/priorities/<int:pk>/delete/",
        views.CategoryPriorityDeleteView.as_view(),
        name="categorypriority_delete",
    ),
    path("studies/", views.StudyListView.as_view(), name="study_list"),
    path(
        "studies/export/",
        ObjectExportView.for_list(views.StudyListView).as_view(),
        name="study_export",
    ),
    path("studies/add/", views.StudyEditView.as_view(), name="study_add"),
    path("studies/<int:pk>/", views.StudyDetailView.as_view(), name="study_detail"),
    path("studies/<int:pk>/edit/", views.StudyEditView.as_view(), name="study_edit"),
    path("studies/<int:pk>/delete/", views.StudyDeleteView.as_view(), name="study_delete"),
]
