"""The category tree with its priority periods, risk analyses with their identified risks, and
the studies over the API. Writes are the secretariat's, through riskanalysis.services as in the
portal."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.functional import cached_property
from rest_framework import status

from core.api.viewsets import PortalModelViewSet
from core.permissions import Action
from organisations.models import Organisation
from riskanalysis import services
from riskanalysis.api.serializers import (
    CategoryPriorityResourceSerializer,
    CategoryPriorityWriteSerializer,
    CategorySerializer,
    CategoryWriteSerializer,
    IdentifiedRiskResourceSerializer,
    IdentifiedRiskWriteSerializer,
    RiskAnalysisSerializer,
    RiskAnalysisWriteSerializer,
    StudySerializer,
    StudyWriteSerializer,
)
from riskanalysis.filtersets import (
    CategoryFilterSet,
    CategoryPriorityFilterSet,
    IdentifiedRiskFilterSet,
    RiskAnalysisFilterSet,
    StudyFilterSet,
)
from riskanalysis.models import Category, CategoryPriority, IdentifiedRisk, RiskAnalysis, Study
from riskanalysis.selectors import category_ancestor_names


def _organisations_by_code():
    return Organisation.objects.order_by("code")


def _set_fields(obj, values: dict) -> None:
    for name, value in values.items():
        setattr(obj, name, value)


class CategoryViewSet(PortalModelViewSet):
    """The regions' shared category tree (kategoriträdet): each category with its parent, its
    path from the root and the periods it is prioritised, with a risk level per area.

    The secretariat adds with POST, changes with PATCH (a category cannot be placed under itself
    or its subcategories) and deletes with DELETE (refused while risk analyses, instruments,
    audits or subcategories use it). The periods are written at ``category-priorities``.
    """

    queryset = Category.objects.prefetch_related(
        Prefetch("priorities", queryset=CategoryPriority.objects.order_by("-start_year", "pk"))
    )
    serializer_class = CategorySerializer
    write_serializer_class = CategoryWriteSerializer
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

    def perform_service_create(self, values):
        return services.category_save(category=Category(**values), user=self.request.user)

    def lock_for_update(self, category):
        # Moving a category locks the whole tree (services._descendant_ids): the tree first, in
        # id order, so two moves never wait for each other.
        list(Category.objects.select_for_update().order_by("pk").values_list("pk"))
        return Category.objects.filter(pk=category.pk).first()

    def perform_service_update(self, category, values):
        _set_fields(category, values)
        return services.category_save(category=category, user=self.request.user)

    def perform_service_delete(self, category):
        services.category_delete(category=category, user=self.request.user)

    def object_response(self, obj, status_code=status.HTTP_200_OK):
        # A new or moved category's path is read afresh, not from this request's cache.
        self.__dict__.pop("category_names", None)
        return super().object_response(obj, status_code)


class CategoryPriorityViewSet(PortalModelViewSet):
    """The periods a category is prioritised (prioriterade inköpskategorier), one resource each:
    from and to year and a risk level per area.

    The secretariat adds a period to a category with POST (``category`` is the category's id),
    changes it with PATCH (it stays with its category) and deletes it with DELETE. A change
    modifies the category too (``categories`` shows its periods).
    """

    queryset = CategoryPriority.objects.select_related("category")
    serializer_class = CategoryPriorityResourceSerializer
    write_serializer_class = CategoryPriorityWriteSerializer
    filterset_class = CategoryPriorityFilterSet
    ordering_fields = ("modified", "id", "start_year")

    def perform_service_create(self, values):
        return services.category_priority_save(
            priority=CategoryPriority(**values), user=self.request.user
        )

    def perform_service_update(self, priority, values):
        _set_fields(priority, values)
        return services.category_priority_save(priority=priority, user=self.request.user)

    def perform_service_delete(self, priority):
        services.category_priority_delete(priority=priority, user=self.request.user)


class RiskAnalysisViewSet(PortalModelViewSet):
    """Risk analyses of the categories (riskanalyser): the overview of the tree and the in-depth
    analyses, with the risks they identified and the responsible organisations.

    The secretariat adds with POST, changes with PATCH (``responsible_organisations`` replaces
    the list) and deletes with DELETE (with the analysis's risks). The risks are read here,
    inside their analysis, and written at ``identified-risks``.
    """

    queryset = RiskAnalysis.objects.select_related("category").prefetch_related(
        Prefetch("responsible_organisations", queryset=_organisations_by_code()),
        Prefetch("risks", queryset=IdentifiedRisk.objects.order_by("area", "pk")),
    )
    serializer_class = RiskAnalysisSerializer
    write_serializer_class = RiskAnalysisWriteSerializer
    filterset_class = RiskAnalysisFilterSet
    ordering_fields = ("modified", "id", "year", "title")

    def perform_service_create(self, values):
        organisations = values.pop("responsible_organisations", None)
        return services.riskanalysis_save(
            analysis=RiskAnalysis(**values),
            user=self.request.user,
            responsible_organisations=organisations,
        )

    def perform_service_update(self, analysis, values):
        organisations = values.pop("responsible_organisations", None)
        _set_fields(analysis, values)
        return services.riskanalysis_save(
            analysis=analysis, user=self.request.user, responsible_organisations=organisations
        )

    def perform_service_delete(self, analysis):
        services.riskanalysis_delete(analysis=analysis, user=self.request.user)


class IdentifiedRiskViewSet(PortalModelViewSet):
    """The risks the analyses identified (identifierade risker), one resource each: area,
    description, likelihood and severity (1–5), supply-chain stage and countries.

    The secretariat adds a risk to an analysis with POST (``analysis`` is the analysis's id),
    changes it with PATCH (it stays with its analysis) and deletes it with DELETE. A change
    modifies the analysis too (``risk-analyses`` shows its risks).
    """

    queryset = IdentifiedRisk.objects.select_related("analysis")
    serializer_class = IdentifiedRiskResourceSerializer
    write_serializer_class = IdentifiedRiskWriteSerializer
    filterset_class = IdentifiedRiskFilterSet
    ordering_fields = ("modified", "id", "area", "likelihood", "severity")

    def perform_service_create(self, values):
        return services.identified_risk_save(risk=IdentifiedRisk(**values), user=self.request.user)

    def perform_service_update(self, risk, values):
        _set_fields(risk, values)
        return services.identified_risk_save(risk=risk, user=self.request.user)

    def perform_service_delete(self, risk):
        services.identified_risk_delete(risk=risk, user=self.request.user)


class StudyViewSet(PortalModelViewSet):
    """Studies beside the risk analyses (utredningar), e.g. the circular-economy report.

    The secretariat adds with POST, changes with PATCH (the organisation lists replace the
    study's) and deletes with DELETE.
    """

    queryset = Study.objects.prefetch_related(
        Prefetch("responsible_organisations", queryset=_organisations_by_code()),
        Prefetch("counterparts", queryset=_organisations_by_code()),
    )
    serializer_class = StudySerializer
    write_serializer_class = StudyWriteSerializer
    filterset_class = StudyFilterSet
    ordering_fields = ("modified", "id", "year", "title")

    def perform_service_create(self, values):
        relations = {
            name: values.pop(name, None) for name in ("responsible_organisations", "counterparts")
        }
        return services.study_save(study=Study(**values), user=self.request.user, **relations)

    def perform_service_update(self, study, values):
        relations = {
            name: values.pop(name, None) for name in ("responsible_organisations", "counterparts")
        }
        _set_fields(study, values)
        return services.study_save(study=study, user=self.request.user, **relations)

    def perform_service_delete(self, study):
        services.study_delete(study=study, user=self.request.user)
