from riskanalysis.api.views import (
    CategoryViewSet,
    IdentifiedRiskViewSet,
    RiskAnalysisViewSet,
    StudyViewSet,
)

ROUTES = [
    ("categories", CategoryViewSet, "category"),
    ("risk-analyses", RiskAnalysisViewSet, "riskanalysis"),
    ("identified-risks", IdentifiedRiskViewSet, "identifiedrisk"),
    ("studies", StudyViewSet, "study"),
]
