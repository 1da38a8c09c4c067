from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = _("Audits")

    def ready(self):
        # What the supplier pages show of audits (core/providers.py says why).
        from audits import selectors
        from suppliers import providers

        providers.supplier_open_findings.register(selectors.supplier_open_findings)
        providers.supplier_audit_count.register(selectors.supplier_audit_count)
