from django.urls import path

from requirements_catalog import views

app_name = "requirements_catalog"

urlpatterns = [
    path("instruments/", views.InstrumentListView.as_view(), name="instrument_list"),
    path("instruments/clauses/export/", views.ClauseExportView.as_view(), name="clause_export"),
    path("instruments/clauses/import/", views.ClauseImportView.as_view(), name="clause_import"),
    path("instruments/<int:pk>/", views.InstrumentDetailView.as_view(), name="instrument_detail"),
    path(
        "versions/<int:pk>/",
        views.InstrumentVersionDetailView.as_view(),
        name="instrumentversion_detail",
    ),
]
