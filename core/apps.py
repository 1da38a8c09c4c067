from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # tasks: registers them with Celery in every process, so the services can name them
        # (core/jobs.py): the tasks import the services, never the other way.
        from core import lookups, signals, tasks  # noqa: F401

        lookups.register()
        signals.connect()
        autodiscover_modules("resources")  # each app's import/export resources register here
