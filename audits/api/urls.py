from audits.api.views import AuditViewSet, FindingViewSet, PublicSummaryViewSet

ROUTES = [
    ("audits", AuditViewSet, "audit"),
    ("findings", FindingViewSet, "finding"),
    ("public-summaries", PublicSummaryViewSet, "public-summary"),
]
