"""Pages of the risk analyses, the category tree and the studies."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from organisations.views import AdminAddMixin
from riskanalysis import selectors, services
from riskanalysis.filtersets import RiskAnalysisFilterSet, StudyFilterSet
from riskanalysis.forms import RiskAnalysisForm
from riskanalysis.models import RiskAnalysis
from riskanalysis.tables import RiskAnalysisTable, StudyTable


class RiskAnalysisListView(ObjectListView):
    queryset = selectors.riskanalysis_list_queryset()
    filterset_class = RiskAnalysisFilterSet
    table_class = RiskAnalysisTable


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


class CategoryTreeView(LoginRequiredMixin, TemplateView):
    """The whole category tree, the prioritised categories of the period in force marked."""

    template_name = "riskanalysis/category_tree.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tree"] = selectors.category_tree(user=self.request.user)
        return context


class StudyListView(AdminAddMixin, ObjectListView):
    queryset = selectors.study_list_queryset()
    filterset_class = StudyFilterSet
    table_class = StudyTable


class StudyDetailView(ObjectDetailView):
    queryset = selectors.study_list_queryset()
