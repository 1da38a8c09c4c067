from incidents.api.views import IncidentViewSet

ROUTES = [
    ("incidents", IncidentViewSet, "incident"),
]
