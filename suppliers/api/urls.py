from suppliers.api.views import AgreementViewSet, SiteViewSet, SupplierViewSet

ROUTES = [
    ("suppliers", SupplierViewSet, "supplier"),
    ("sites", SiteViewSet, "site"),
    ("agreements", AgreementViewSet, "agreement"),
]
