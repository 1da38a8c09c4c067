"""Import and export of the collaboration's events (trainings, webinars, conferences …)."""

from django.utils.translation import gettext_lazy

from core.resources import (
    Field,
    IntegerWidget,
    PortalResource,
    register,
)
from reporting import services
from reporting.models import Event


@register("events")
class EventResource(PortalResource):
    url_base = "reporting:event"

    year = Field(
        attribute="year", column_name="year", widget=IntegerWidget(minimum=1990, maximum=2100)
    )
    occurrences = Field(
        attribute="occurrences", column_name="occurrences", widget=IntegerWidget(minimum=1)
    )

    required_columns = ("title", "kind", "year")
    column_help = {
        "title": gettext_lazy("With the year it names the event."),
        "year": gettext_lazy("The year it took place."),
        "occurrences": gettext_lazy("1 if empty."),
    }

    class Meta(PortalResource.Meta):
        model = Event
        fields = export_order = services.EVENT_EDIT_FIELDS

    def natural_key(self, row):
        return (str(row.get("year") or "").strip(), str(row.get("title") or "").strip().lower())

    def natural_key_column(self, row):
        return "title"

    def find_existing(self, row):
        title = str(row.get("title") or "").strip()
        try:
            year = int(str(row.get("year") or "").strip())
        except ValueError:
            return None
        return Event.objects.filter(year=year, title__iexact=title).first()

    def before_import_row(self, row, **kwargs):
        if "occurrences" in row and not str(row["occurrences"] or "").strip():
            row["occurrences"] = "1"

    def save_with_service(self, instance, row):
        # The organisers follow (import-export sets many-to-many fields after the save).
        services.event_save(user=self.user, event=instance)

    def export_queryset(self, user):
        return Event.objects.for_user(user, "view").prefetch_related("organisers")
