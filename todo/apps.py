from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TodoConfig(AppConfig):
    """Work queues (Att göra): what waits for each user, read from the lower apps' models through
    the permission gate. Nothing lower imports this app."""

    name = "todo"
    verbose_name = _("To do")
