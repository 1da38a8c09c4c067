"""Pages of the risk analyses (with their identified risks), the category tree (with its
priority periods) and the studies."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from core.permissions import can_add
from core.views.generic import (
    ChildAddView,
    ChildDeleteView,
    ChildEditView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from riskanalysis import selectors, services
from riskanalysis.filtersets import RiskAnalysisFilterSet, StudyFilterSet
from riskanalysis.forms import (
    CategoryForm,
    CategoryPriorityForm,
    IdentifiedRiskForm,
    RiskAnalysisForm,
    StudyForm,
)
from riskanalysis.models import Category, CategoryPriority, IdentifiedRisk, RiskAnalysis, Study
from riskanalysis.tables import RiskAnalysisTable, StudyTable


class RiskAnalysisListView(ObjectListView):
    queryset = selectors.riskanalysis_list_queryset()
    filterset_class = RiskAnalysisFilterSet
    table_class = RiskAnalysisTable
    template_name = "riskanalysis/object_list.html"


class RiskAnalysisDetailView(ObjectDetailView):
    queryset = selectors.riskanalysis_detail_queryset()


class RiskAnalysisEditView(ObjectEditView):
    queryset = RiskAnalysis.objects.all()
    form_class = RiskAnalysisForm

    def save(self, form):
        return services.riskanalysis_save(
            analysis=form.instance,
            user=self.request.user,
            responsible_organisations=form.cleaned_data["responsible_organisations"],
        )


class RiskAnalysisDeleteView(ObjectDeleteView):
    queryset = RiskAnalysis.objects.all()

    def delete(self, obj):
        services.riskanalysis_delete(analysis=obj, user=self.request.user)


class IdentifiedRiskViewMixin:
    """An analysis's identified risks: added under it, changed and deleted on their own pages."""

    parent_queryset = RiskAnalysis.objects.select_related("category")
    queryset = IdentifiedRisk.objects.select_related("analysis")
    parent_field = "analysis"
    form_class = IdentifiedRiskForm

    def save(self, form):
        return services.identified_risk_save(risk=form.instance, user=self.request.user)


class IdentifiedRiskAddView(IdentifiedRiskViewMixin, ChildAddView):
    pass


class IdentifiedRiskEditView(IdentifiedRiskViewMixin, ChildEditView):
    pass


class IdentifiedRiskDeleteView(IdentifiedRiskViewMixin, ChildDeleteView):
    def delete(self, row):
        services.identified_risk_delete(risk=row, user=self.request.user)


class CategoryTreeView(LoginRequiredMixin, TemplateView):
    """The whole category tree, the prioritised categories of the period in force marked."""

    template_name = "riskanalysis/category_tree.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The tree is the secretariat's to change: the buttons are shown to whoever may add.
        can_change_tree = can_add(self.request.user, Category)
        context["can_change_tree"] = can_change_tree
        context["tree"] = selectors.category_tree(
            user=self.request.user, with_periods=can_change_tree
        )
        return context


class CategoryTreeAsListMixin:
    """The tree is the categories' list page."""

    def url_name(self, suffix: str) -> str:
        return "riskanalysis:category_tree" if suffix == "list" else super().url_name(suffix)


class CategoryEditView(CategoryTreeAsListMixin, ObjectEditView):
    queryset = Category.objects.select_related("parent")
    form_class = CategoryForm

    def save(self, form):
        return services.category_save(category=form.instance, user=self.request.user)


class CategoryDeleteView(CategoryTreeAsListMixin, ObjectDeleteView):
    queryset = Category.objects.all()

    def refusal(self, obj):
        return services.category_delete_refusal(obj)

    def delete(self, obj):
        services.category_delete(category=obj, user=self.request.user)


class CategoryPriorityViewMixin:
    """A category's priority periods: added under it, changed and deleted on their own pages."""

    parent_queryset = Category.objects.all()
    queryset = CategoryPriority.objects.select_related("category")
    parent_field = "category"
    form_class = CategoryPriorityForm

    def save(self, form):
        return services.category_priority_save(priority=form.instance, user=self.request.user)


class CategoryPriorityAddView(CategoryPriorityViewMixin, ChildAddView):
    pass


class CategoryPriorityEditView(CategoryPriorityViewMixin, ChildEditView):
    pass


class CategoryPriorityDeleteView(CategoryPriorityViewMixin, ChildDeleteView):
    def delete(self, row):
        services.category_priority_delete(priority=row, user=self.request.user)


class StudyListView(ObjectListView):
    queryset = selectors.study_list_queryset()
    filterset_class = StudyFilterSet
    table_class = StudyTable
    template_name = "riskanalysis/object_list.html"


class StudyDetailView(ObjectDetailView):
    queryset = selectors.study_list_queryset()


class StudyEditView(ObjectEditView):
    queryset = Study.objects.all()
    form_class = StudyForm

    def save(self, form):
        return services.study_save(
            study=form.instance,
            user=self.request.user,
            responsible_organisations=form.cleaned_data["responsible_organisations"],
            counterparts=form.cleaned_data["counterparts"],
        )


class StudyDeleteView(ObjectDeleteView):
    queryset = Study.objects.all()

    def delete(self, obj):
        services.study_delete(study=obj, user=self.request.user)
