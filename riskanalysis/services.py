"""Every change to the category tree and its priority periods, the risk analyses, their
identified risks and the studies goes through here.

The secretariat keeps the tree, runs the risk analyses and keeps the studies: everyone else is
refused (PermissionDenied). Bad input is a ValidationError keyed by the field; every change is
recorded in the history with the user who made it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organisations.services import full_clean_with_year, secretariat_only
from riskanalysis.models import Category, CategoryPriority, IdentifiedRisk, RiskAnalysis, Study

# The editable fields of each model: the form, the serializer and the import read these.
CATEGORY_FIELDS = ["name", "parent", "description"]
CATEGORY_PRIORITY_FIELDS = [
    "start_year",
    "end_year",
    "human_rights_risk",
    "labour_rights_risk",
    "environment_risk",
    "business_ethics_risk",
    "note",
]
RISK_ANALYSIS_FIELDS = [
    "title",
    "kind",
    "category",
    "products_areas",
    "year",
    "responsible_organisations",
    "summary",
    "measures",
]
IDENTIFIED_RISK_FIELDS = [
    "area",
    "description",
    "likelihood",
    "severity",
    "supply_chain_stage",
    "countries",
]
STUDY_FIELDS = ["title", "year", "responsible_organisations", "counterparts", "summary", "outcome"]


def _analyses_only_by_secretariat(user) -> None:
    secretariat_only(user, _("Only the secretariat changes the risk analyses."))


def _studies_only_by_secretariat(user) -> None:
    secretariat_only(user, _("Only the secretariat changes the studies."))


@transaction.atomic
def riskanalysis_save(
    *, analysis: RiskAnalysis, user, responsible_organisations: Iterable | None = None
) -> RiskAnalysis:
    """Create or change a risk analysis; the secretariat runs the risk analyses.

    ``responsible_organisations`` replaces the analysis's list; None keeps it.
    """
    _analyses_only_by_secretariat(user)
    if analysis.pk is not None:
        RiskAnalysis.objects.select_for_update().filter(pk=analysis.pk).first()
    full_clean_with_year(analysis)
    analysis._history_user = user
    analysis.save()
    if responsible_organisations is not None:
        analysis.responsible_organisations.set(list(responsible_organisations))
    return analysis


@transaction.atomic
def riskanalysis_delete(*, analysis: RiskAnalysis, user) -> None:
    """Delete a risk analysis with the risks it identified."""
    _analyses_only_by_secretariat(user)
    for risk in analysis.risks.all():
        risk._history_user = user
        risk.delete()
    analysis._history_user = user
    analysis.delete()


def _risk_clean(risk: IdentifiedRisk) -> None:
    risk.description = (risk.description or "").strip()
    if isinstance(risk.countries, list):
        risk.countries = [str(code).strip().upper() for code in risk.countries]
    risk.full_clean()


@transaction.atomic
def identified_risk_save(*, risk: IdentifiedRisk, user) -> IdentifiedRisk:
    """Add a risk to an analysis, or change one (the secretariat). An identified risk stays
    with the analysis that found it."""
    _analyses_only_by_secretariat(user)
    if risk.pk is not None:
        before = IdentifiedRisk.objects.select_for_update().get(pk=risk.pk)
        if before.analysis_id != risk.analysis_id:
            raise ValidationError(
                {"analysis": _("An identified risk stays with the analysis that found it.")},
                code="analysis_fixed",
            )
    _risk_clean(risk)
    risk._history_user = user
    risk.save()
    return risk


@transaction.atomic
def identified_risk_delete(*, risk: IdentifiedRisk, user) -> None:
    _analyses_only_by_secretariat(user)
    risk._history_user = user
    risk.delete()


@transaction.atomic
def study_save(
    *,
    study: Study,
    user,
    responsible_organisations: Iterable | None = None,
    counterparts: Iterable | None = None,
) -> Study:
    """Create or change a study (utredning); the lists given replace the study's, None keeps
    them."""
    _studies_only_by_secretariat(user)
    if study.pk is not None:
        Study.objects.select_for_update().filter(pk=study.pk).first()
    study.title = (study.title or "").strip()
    full_clean_with_year(study)
    study._history_user = user
    study.save()
    if responsible_organisations is not None:
        study.responsible_organisations.set(list(responsible_organisations))
    if counterparts is not None:
        study.counterparts.set(list(counterparts))
    return study


@transaction.atomic
def study_delete(*, study: Study, user) -> None:
    _studies_only_by_secretariat(user)
    study._history_user = user
    study.delete()


# The category tree and its priority periods ---------------------------------------------------


def _tree_only_by_secretariat(user) -> None:
    secretariat_only(user, _("Only the secretariat changes the category tree."))


def _descendant_ids(pk: int) -> set[int]:
    """The category and every category beneath it, read from the locked rows."""
    children: dict[int | None, list[int]] = {}
    for child, parent in Category.objects.select_for_update().values_list("pk", "parent"):
        children.setdefault(parent, []).append(child)
    found, stack = set(), [pk]
    while stack:
        node = stack.pop()
        if node not in found:
            found.add(node)
            stack.extend(children.get(node, []))
    return found


@transaction.atomic
def category_save(*, category: Category, user) -> Category:
    """Create or change a category of the tree (the secretariat). A category cannot be placed
    under itself or under one of its own descendants: the tree stays a tree."""
    _tree_only_by_secretariat(user)
    category.name = (category.name or "").strip()
    # The whole tree is locked: two moves at once could otherwise make a cycle together.
    if (
        category.pk is not None
        and category.parent_id is not None
        and category.parent_id in _descendant_ids(category.pk)
    ):
        raise ValidationError(
            {
                "parent": ValidationError(
                    _("A category cannot be placed under itself or one of its subcategories."),
                    code="category_cycle",
                )
            }
        )
    category.full_clean()
    category._history_user = user
    category.save()
    return category


def category_in_use(category: Category) -> list[str]:
    """The kinds of rows (by their plural name) that refer to the category: its subcategories,
    the risk analyses, instruments, audits… The apps above are not imported: the relations are
    read from the model."""
    uses = []
    for relation in Category._meta.related_objects:
        if relation.related_model is CategoryPriority:
            continue  # its priority periods go with it
        rows = relation.related_model._default_manager.filter(**{relation.field.name: category})
        if rows.exists():
            if relation.related_model is Category:
                uses.append(_("subcategories"))
            else:
                uses.append(str(relation.related_model._meta.verbose_name_plural))
    return sorted(set(uses))


def category_delete_refusal(category: Category) -> str | None:
    """Why the category cannot be deleted, or None: one that is used stays."""
    uses = category_in_use(category)
    if not uses:
        return None
    return _("%(category)s cannot be deleted: it is used by %(uses)s.") % {
        "category": category.name,
        "uses": ", ".join(uses),
    }


@transaction.atomic
def category_delete(*, category: Category, user) -> None:
    """Delete a category that nothing uses, with its priority periods."""
    _tree_only_by_secretariat(user)
    Category.objects.select_for_update().filter(pk=category.pk).first()
    refusal = category_delete_refusal(category)
    if refusal:
        raise ValidationError(refusal, code="category_in_use")
    for priority in category.priorities.all():
        priority._history_user = user
        priority.delete()
    category._history_user = user
    category.delete()


@transaction.atomic
def category_priority_save(*, priority: CategoryPriority, user) -> CategoryPriority:
    """Add a priority period to a category, or change one (the secretariat). A period stays
    with its category."""
    _tree_only_by_secretariat(user)
    if priority.pk is not None:
        before = CategoryPriority.objects.select_for_update().get(pk=priority.pk)
        if before.category_id != priority.category_id:
            raise ValidationError(
                {"category": _("A priority period stays with its category.")},
                code="category_fixed",
            )
    elif priority.category_id is not None:
        # Two periods added at once from the same year: the second one's message, not a 500.
        Category.objects.select_for_update().filter(pk=priority.category_id).first()
    priority.note = (priority.note or "").strip()
    priority.full_clean()
    priority._history_user = user
    priority.save()
    return priority


@transaction.atomic
def category_priority_delete(*, priority: CategoryPriority, user) -> None:
    _tree_only_by_secretariat(user)
    priority._history_user = user
    priority.delete()
