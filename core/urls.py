from django.urls import path

from core.views import importexport

app_name = "core"

urlpatterns = [
    path("<int:pk>/", importexport.ImportJobDetailView.as_view(), name="importjob_detail"),
    path(
        "<int:pk>/progress/",
        importexport.ImportJobProgressView.as_view(),
        name="importjob_progress",
    ),
    path(
        "<int:pk>/confirm/", importexport.ImportJobConfirmView.as_view(), name="importjob_confirm"
    ),
]
