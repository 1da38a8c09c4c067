from django.urls import path

from organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="organisation_list"),
    path("<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
]
