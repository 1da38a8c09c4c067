from reporting.api.views import (
    EventViewSet,
    FinancialYearViewSet,
    ReportJobViewSet,
    YearlyFigureViewSet,
)

ROUTES = [
    ("events", EventViewSet, "event"),
    ("yearly-figures", YearlyFigureViewSet, "yearlyfigure"),
    ("financial-years", FinancialYearViewSet, "financialyear"),
    ("reports", ReportJobViewSet, "reportjob"),
]
