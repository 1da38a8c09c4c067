from reporting.api.views import (
    EventViewSet,
    FinancialYearViewSet,
    NarrativeViewSet,
    ReportJobViewSet,
    YearlyFigureViewSet,
)

ROUTES = [
    ("events", EventViewSet, "event"),
    ("yearly-figures", YearlyFigureViewSet, "yearlyfigure"),
    ("financial-years", FinancialYearViewSet, "financialyear"),
    ("narratives", NarrativeViewSet, "narrative"),
    ("reports", ReportJobViewSet, "reportjob"),
]
