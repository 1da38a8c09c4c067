from riskanalysis.api.views import CategoryViewSet, RiskAnalysisViewSet, StudyViewSet

ROUTES = [
    ("categories", CategoryViewSet, "category"),
    ("risk-analyses", RiskAnalysisViewSet, "riskanalysis"),
    ("studies", StudyViewSet, "study"),
]
