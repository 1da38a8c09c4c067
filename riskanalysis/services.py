"""Every change to risk analyses goes through here."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.permissions import get_scope
from riskanalysis.models import RiskAnalysis


@transaction.atomic
def riskanalysis_save(
    *, analysis: RiskAnalysis, user, responsible_organisations=None
) -> RiskAnalysis:
    """Create or change a risk analysis; the secretariat runs the risk analyses."""
    if not get_scope(user).is_secretariat:
        raise ValidationError(
            _("Only the secretariat changes the risk analyses."), code="secretariat_only"
        )
    analysis.full_clean()
    analysis.save()
    if responsible_organisations is not None:
        analysis.responsible_organisations.set(responsible_organisations)
    return analysis
