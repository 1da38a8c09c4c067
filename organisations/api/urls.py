from organisations.api.views import OrganisationViewSet

ROUTES = [
    ("organisations", OrganisationViewSet, "organisation"),
]
