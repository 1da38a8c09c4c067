from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequirementsCatalogConfig(AppConfig):
    name = "requirements_catalog"
    verbose_name = _("Requirements catalogue")
