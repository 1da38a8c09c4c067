from requirements_catalog.api.views import (
    ClauseViewSet,
    InstrumentVersionViewSet,
    InstrumentViewSet,
)

ROUTES = [
    ("instruments", InstrumentViewSet, "instrument"),
    ("instrument-versions", InstrumentVersionViewSet, "instrumentversion"),
    ("clauses", ClauseViewSet, "clause"),
]
