from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting")

    def ready(self):
        # Registers the tasks with Celery in every process, so the services can name them
        # (core/jobs.py): the tasks import the services, never the other way.
        from reporting import tasks  # noqa: F401
