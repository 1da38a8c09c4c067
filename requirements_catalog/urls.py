from django.urls import path

from requirements_catalog import views

app_name = "requirements_catalog"

urlpatterns = [
    path("instruments/", views.InstrumentListView.as_view(), name="instrument_list"),
    path("instruments/<int:pk>/", views.InstrumentDetailView.as_view(), name="instrument_detail"),
    path(
        "versions/<int:pk>/",
        views.InstrumentVersionDetailView.as_view(),
        name="instrumentversion_detail",
    ),
]
