"""Import and export of the collaboration's events (trainings, webinars, conferences …)."""

from django.utils.translation import gettext_lazy

from core.resources import (
    BooleanWidget,
    ChoiceWidget,
    DateWidget,
    Field,
    IntegerWidget,
    PortalResource,
    TextWidget,
    register,
)
from organisations.resources import organisations_widget
from reporting import services
from reporting.choices import EventFormat, EventKind
from reporting.models import Event


@register("events")
class EventResource(PortalResource):
    url_base = "reporting:event"

    title = Field(attribute="title", column_name="title", widget=TextWidget())
    kind = Field(attribute="kind", column_name="kind", widget=ChoiceWidget(EventKind))
    format = Field(attribute="format", column_name="format", widget=ChoiceWidget(EventFormat))
    year = Field(
        attribute="year", column_name="year", widget=IntegerWidget(minimum=1990, maximum=2100)
    )
    date = Field(attribute="date", column_name="date", widget=DateWidget())
    location = Field(attribute="location", column_name="location", widget=TextWidget())
    occurrences = Field(
        attribute="occurrences", column_name="occurrences", widget=IntegerWidget(minimum=1)
    )
    organisers = Field(
        attribute="organisers", column_name="organisers", widget=organisations_widget()
    )
    audience = Field(attribute="audience", column_name="audience", widget=TextWidget())
    topics = Field(attribute="topics", column_name="topics", widget=TextWidget())
    participants = Field(
        attribute="participants", column_name="participants", widget=IntegerWidget(minimum=0)
    )
    participants_is_lower_bound = Field(
        attribute="participants_is_lower_bound",
        column_name="participants_is_lower_bound",
        widget=BooleanWidget(),
    )
    description = Field(attribute="description", column_name="description", widget=TextWidget())

    required_columns = ("title", "kind", "year")
    column_help = {
        "title": gettext_lazy("The event's title; with the year it names the event. Required."),
        "kind": gettext_lazy(
            "training, internal_training, webinar, conference, market_dialogue, meeting or "
            "external_appearance. Required."
        ),
        "format": gettext_lazy("in_person, online, hybrid or empty."),
        "year": gettext_lazy("The year it took place. Required."),
        "date": gettext_lazy("YYYY-MM-DD, where known."),
        "location": gettext_lazy("Where."),
        "occurrences": gettext_lazy("Number of sessions; 1 if empty."),
        "organisers": gettext_lazy("Codes of the organising organisations, SE-T; KANSLIET."),
        "audience": gettext_lazy("Who it was for."),
        "topics": gettext_lazy("Topics."),
        "participants": gettext_lazy("Number of participants, a whole number."),
        "participants_is_lower_bound": gettext_lazy("yes if the number is “over N”."),
        "description": gettext_lazy("Description."),
    }

    class Meta(PortalResource.Meta):
        model = Event
        fields = export_order = (
            "title",
            "kind",
            "format",
            "year",
            "date",
            "location",
            "occurrences",
            "organisers",
            "audience",
            "topics",
            "participants",
            "participants_is_lower_bound",
            "description",
        )

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
