from organisations.api.views import OrganisationViewSet, PartnershipViewSet

ROUTES = [
    ("organisations", OrganisationViewSet, "organisation"),
    ("partnerships", PartnershipViewSet, "partnership"),
]
