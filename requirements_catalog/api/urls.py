from requirements_catalog.api.views import InstrumentViewSet

ROUTES = [
    ("instruments", InstrumentViewSet, "instrument"),
]
