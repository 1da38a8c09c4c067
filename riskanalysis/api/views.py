"""The category tree, risk analyses and studies over the API (read-only)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.functional import cached_property

from core.api.viewsets import PortalReadOnlyViewSet
from core.permissions import Action
from organisations.models import Organisation
from riskanalysis.api.serializers import (
    CategorySerializer,
    RiskAnalysisSerializer,
    StudySerializer,
)
from riskanalysis.filtersets import CategoryFilterSet, RiskAnalysisFilterSet, StudyFilterSet
from riskanalysis.models import Category, CategoryPriority, IdentifiedRisk, RiskAnalysis, Study
from riskanalysis.selectors import category_ancestor_names


def _organisations_by_code():
    return Organisation.objects.order_by("code")


class CategoryViewSet(PortalReadOnlyViewSet):
    """The regions' shared category tree (kategoriträdet): each category with its parent, its
    path from the root and the periods it is prioritised, with a risk level per area."""

    queryset = Category.objects.prefetch_related(
        Prefetch("priorities", queryset=CategoryPriority.objects.order_by("-start_year", "pk"))
    )
    serializer_class = CategorySerializer
    filterset_class = CategoryFilterSet
    ordering_fields = ("modified", "id", "name")

    @cached_property
    def category_names(self) -> dict[int, list[str]]:
        """Every visible category's ancestor names, from one query whatever the depth."""
        return category_ancestor_names(Category.objects.for_user(self.request.user, Action.VIEW))

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "request", None) is not None and not getattr(
            self, "swagger_fake_view", False
        ):
            context["category_names"] = self.category_names
        return context


class RiskAnalysisViewSet(PortalReadOnlyViewSet):
    """Risk analyses of the categories (riskanalyser): the overview of the tree and the in-depth
    analyses, with the risks they identified and the responsible organisations."""

    queryset = RiskAnalysis.objects.select_related("category").prefetch_related(
        Prefetch("responsible_organisations", queryset=_organisations_by_code()),
        Prefetch("risks", queryset=IdentifiedRisk.objects.order_by("area", "pk")),
    )
    serializer_class = RiskAnalysisSerializer
    filterset_class = RiskAnalysisFilterSet
    ordering_fields = ("modified", "id", "year", "title")


class StudyViewSet(PortalReadOnlyViewSet):
    """Studies beside the risk analyses (utredningar), e.g. the circular-economy report."""

    queryset = Study.objects.prefetch_related(
        Prefetch("responsible_organisations", queryset=_organisations_by_code()),
        Prefetch("counterparts", queryset=_organisations_by_code()),
    )
    serializer_class = StudySerializer
    filterset_class = StudyFilterSet
    ordering_fields = ("modified", "id", "year", "title")
