"""Every change to risk analyses, their identified risks and the studies goes through here.

The secretariat runs the risk analyses and keeps the studies: everyone else is refused
(PermissionDenied). Bad input is a ValidationError keyed by the field; every change is recorded in
the history with the user who made it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organisations.services import full_clean_with_year, secretariat_only
from riskanalysis.models import IdentifiedRisk, RiskAnalysis, Study

# The editable fields of each model: the form, the serializer and the import read these.
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
