from riskanalysis.api.views import (
    CategoryPriorityViewSet,
    CategoryViewSet,
    IdentifiedRiskViewSet,
    RiskAnalysisViewSet,
    StudyViewSet,
)

ROUTES = [
    ("categories", CategoryViewSet, "category"),
    ("category-priorities", CategoryPriorityViewSet, "categorypriority"),
    ("risk-analyses", RiskAnalysisViewSet, "riskanalysis"),
    ("identified-risks", IdentifiedRiskViewSet, "identifiedrisk"),
    ("studies", StudyViewSet, "study"),
]
