from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from core import lookups, signals

        lookups.register()
        signals.connect()
        autodiscover_modules("resources")  # each app's import/export resources register here
