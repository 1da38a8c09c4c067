from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskanalysisConfig(AppConfig):
    name = "riskanalysis"
    verbose_name = _("Risk analysis")

    def ready(self):
        from riskanalysis import signals

        signals.connect()
