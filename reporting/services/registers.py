"""The year's registers the report is built from (events, yearly figures, the accounts, the
report's texts), which the secretariat curates: every change goes through here."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.permissions import get_scope
from organisations.choices import OrganisationKind
from organisations.models import Organisation
from reporting.models import (
    YEAR_MESSAGE,
    Contribution,
    CostLine,
    Event,
    FinancialYear,
    Narrative,
    YearlyFigure,
)
from reporting.selectors import narrative_structure
from reporting.services.jobs import FIRST_YEAR, LAST_YEAR

logger = logging.getLogger(__name__)

# --- The year's registers ------------------------------------------------------------------------
# Curated by the secretariat (DESIGN.md); everyone with a reading role reads them. One list of
# editable fields per model feeds the forms and the API's write serializers.

# An event's fields as the pages show them; the services set the organisers apart.
EVENT_EDIT_FIELDS = (
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
EVENT_FIELDS = tuple(field for field in EVENT_EDIT_FIELDS if field != "organisers")
YEARLY_FIGURE_FIELDS = ("year", "key", "value", "is_lower_bound", "source", "note")
FINANCIAL_YEAR_FIELDS = ("year", "opening_balance", "closing_balance", "note")
CONTRIBUTION_FIELDS = ("organisation", "amount")
COST_LINE_FIELDS = ("kind", "label", "amount", "note", "order")
NARRATIVE_FIELDS = ("year", "section", "order", "heading", "body")


def _require_secretariat(user, message: str) -> None:
    if not get_scope(user).is_secretariat:
        raise PermissionDenied(message)


def _refused(field: str, message: str, code: str) -> ValidationError:
    """A refusal keyed by ``field`` whose code the API reads (``invalid_state``: 409)."""
    return ValidationError({field: ValidationError(message, code=code)})


def _set(obj, values: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields of {type(obj).__name__}: {sorted(unknown)}")
    for name, value in values.items():
        setattr(obj, name, value)


def _save(obj, *, user) -> None:
    """Validate (every field, constraint and uniqueness, each refusal on its field), then save
    with who did it in the history."""
    obj.full_clean()
    obj._history_user = user
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        # Another request saved the same year and title (say) in the meantime: the same
        # validation again finds it and names the field; anything else stays an error.
        obj.full_clean()
        raise


def _delete(obj, *, user) -> None:
    obj._history_user = user  # the history's and the deletion log's "who"
    obj.delete()


# Events ---------------------------------------------------------------------------------------


def _event_save(event: Event, *, user, values: dict, organisers: Iterable | None) -> Event:
    _require_secretariat(user, _("Only the secretariat keeps the register of events."))
    _set(event, values, EVENT_FIELDS)
    if event.year is None and event.date is not None:
        event.year = event.date.year  # the year follows the date unless stated
    if event.year is None:
        raise _refused("year", _("Give the year the event took place, or its date."), "required")
    if event.date is not None and event.year is not None and event.date.year != event.year:
        raise _refused(
            "date",
            _("The date %(date)s is not in %(year)s, the event's year.")
            % {"date": event.date.isoformat(), "year": event.year},
            "date_not_in_year",
        )
    if event.occurrences is None:
        event.occurrences = 1
    _save(event, user=user)
    if organisers is not None:
        event.organisers.set(organisers)
    return event


@transaction.atomic
def event_create(*, user, organisers: Iterable = (), **values) -> Event:
    """Add an event (a training, webinar, conference …); its year follows its date if not
    given, and a date in another year is refused on the date."""
    return _event_save(Event(), user=user, values=values, organisers=list(organisers))


@transaction.atomic
def event_update(*, user, event: Event, organisers: Iterable | None = None, **values) -> Event:
    """Change an event; ``organisers``, when given, replaces its organisers."""
    return _event_save(
        event,
        user=user,
        values=values,
        organisers=None if organisers is None else list(organisers),
    )


@transaction.atomic
def event_save(*, user, event: Event) -> Event:
    """Save an event as it stands (an import row has set its fields), by the same rules."""
    return _event_save(event, user=user, values={}, organisers=None)


@transaction.atomic
def event_delete(*, user, event: Event) -> None:
    _require_secretariat(user, _("Only the secretariat keeps the register of events."))
    _delete(event, user=user)


# Yearly figures -------------------------------------------------------------------------------


def _figure_save(figure: YearlyFigure, *, user, values: dict) -> YearlyFigure:
    _require_secretariat(user, _("Only the secretariat keeps the yearly figures."))
    _set(figure, values, YEARLY_FIGURE_FIELDS)
    figure.source = (figure.source or "").strip()
    _save(figure, user=user)
    return figure


@transaction.atomic
def yearly_figure_create(*, user, **values) -> YearlyFigure:
    """Add a figure of a year (one per year and figure), with its source."""
    return _figure_save(YearlyFigure(), user=user, values=values)


@transaction.atomic
def yearly_figure_update(*, user, figure: YearlyFigure, **values) -> YearlyFigure:
    return _figure_save(figure, user=user, values=values)


@transaction.atomic
def yearly_figure_delete(*, user, figure: YearlyFigure) -> None:
    _require_secretariat(user, _("Only the secretariat keeps the yearly figures."))
    _delete(figure, user=user)


# The accounts ---------------------------------------------------------------------------------
# Amounts in tkr. A year balances when opening balance + contributions − closing balance = the
# costs (reporting.selectors). Every write to a year's accounts locks the year's row first, so
# that two people adding the same region's contribution get a message, not a database error.


def _accounts_message() -> str:
    return _("Only the secretariat keeps the accounts.")


def _locked(financial_year: FinancialYear) -> FinancialYear:
    return FinancialYear.objects.select_for_update().get(pk=financial_year.pk)


@transaction.atomic
def financial_year_create(
    *,
    user,
    year: int,
    closing_balance: Decimal,
    opening_balance: Decimal | None = None,
    note: str = "",
    contributions: list[dict] | None = None,
    cost_lines: list[dict] | None = None,
) -> FinancialYear:
    """Add the accounts of a year. Without an opening balance, it is last year's closing
    balance (the surplus carried into this year); another one may be given (the page then
    remarks on the difference). ``contributions`` and ``cost_lines``, when given, are the
    year's rows (see ``financial_year_update``)."""
    _require_secretariat(user, _accounts_message())
    if opening_balance is None and year is not None:
        # Read under a lock: the closing balance carried over is the one saved, not one being
        # changed at this moment.
        opening_balance = (
            FinancialYear.objects.select_for_update()
            .filter(year=year - 1)
            .values_list("closing_balance", flat=True)
            .first()
        )
        if opening_balance is None:
            raise _refused(
                "opening_balance",
                _("Give the opening balance: there are no accounts of %(year)d to take it from.")
                % {"year": year - 1},
                "required",
            )
    financial_year = FinancialYear(
        year=year, opening_balance=opening_balance, closing_balance=closing_balance, note=note
    )
    _save(financial_year, user=user)
    _replace_rows(financial_year, user=user, contributions=contributions, cost_lines=cost_lines)
    return financial_year


@transaction.atomic
def financial_year_update(
    *,
    user,
    financial_year: FinancialYear,
    contributions: list[dict] | None = None,
    cost_lines: list[dict] | None = None,
    **values,
) -> FinancialYear:
    """Change a year's balances or note. ``contributions`` (``{"organisation", "amount"}``
    each) and ``cost_lines`` (``{"kind", "label", "amount", "note", "order"}``), when given,
    become the year's rows: a region's contribution and a cost line of the same label are
    changed in place, the others added, and the rows not given deleted."""
    _require_secretariat(user, _accounts_message())
    financial_year = _locked(financial_year)
    if values:
        _set(financial_year, values, FINANCIAL_YEAR_FIELDS)
        _save(financial_year, user=user)
    _replace_rows(financial_year, user=user, contributions=contributions, cost_lines=cost_lines)
    return financial_year


@transaction.atomic
def financial_year_delete(*, user, financial_year: FinancialYear) -> None:
    """Delete a year's accounts with their contributions and cost lines."""
    _require_secretariat(user, _accounts_message())
    financial_year = _locked(financial_year)
    for row in [*financial_year.contributions.all(), *financial_year.cost_lines.all()]:
        _delete(row, user=user)
    _delete(financial_year, user=user)


def _row_error(name: str, index: int, error: ValidationError) -> ValidationError:
    """A refusal of the ``index``-th row of a list as a message under the list's name."""
    messages = (
        [message for messages in error.message_dict.values() for message in messages]
        if hasattr(error, "error_dict")
        else error.messages
    )
    return ValidationError(
        {
            name: [
                _("Row %(row)d: %(message)s") % {"row": index + 1, "message": message}
                for message in messages
            ]
        }
    )


def _replace_rows(financial_year, *, user, contributions, cost_lines) -> None:
    if contributions is not None:
        _contributions_replace(financial_year, user=user, rows=contributions)
    if cost_lines is not None:
        _cost_lines_replace(financial_year, user=user, rows=cost_lines)


def _contributions_replace(financial_year, *, user, rows: list[dict]) -> None:
    existing = {row.organisation_id: row for row in financial_year.contributions.all()}
    given: set[int] = set()
    for index, values in enumerate(rows):
        organisation = values.get("organisation")
        contribution = existing.get(getattr(organisation, "pk", None))
        try:
            if getattr(organisation, "pk", None) in given:
                raise ValidationError(
                    {"organisation": _("%(region)s is given twice.") % {"region": organisation}}
                )
            if contribution is None:
                contribution = Contribution(financial_year=financial_year)
            elif contribution.amount == values.get("amount"):
                given.add(organisation.pk)
                continue  # unchanged: no history row
            _contribution_save(contribution, user=user, values=values)
        except ValidationError as error:
            raise _row_error("contributions", index, error) from None
        given.add(organisation.pk)
    for organisation_id, contribution in existing.items():
        if organisation_id not in given:
            _delete(contribution, user=user)


def _cost_lines_replace(financial_year, *, user, rows: list[dict]) -> None:
    existing = {row.label: row for row in financial_year.cost_lines.all()}
    given: set[str] = set()
    for index, values in enumerate(rows):
        values = {"order": index + 1, **values}
        label = (values.get("label") or "").strip()
        line = existing.get(label)
        try:
            if label in given:
                raise ValidationError(
                    {"label": _("“%(label)s” is given twice.") % {"label": label}}
                )
            if line is None:
                line = CostLine(financial_year=financial_year)
            elif all(getattr(line, name) == value for name, value in values.items()):
                given.add(label)
                continue
            _cost_line_save(line, user=user, values=values)
        except ValidationError as error:
            raise _row_error("cost_lines", index, error) from None
        given.add(label)
    for label, line in existing.items():
        if label not in given:
            _delete(line, user=user)


def _contribution_save(contribution: Contribution, *, user, values: dict) -> Contribution:
    _set(contribution, values, CONTRIBUTION_FIELDS)
    organisation = contribution.organisation if contribution.organisation_id else None
    if organisation is not None and organisation.kind != OrganisationKind.REGION:
        raise _refused(
            "organisation",
            _("The contributions are the regions': choose a region."),
            "not_a_region",
        )
    _save(contribution, user=user)
    return contribution


@transaction.atomic
def contribution_create(
    *, user, financial_year: FinancialYear, organisation: Organisation, amount: Decimal
) -> Contribution:
    """Add a region's contribution to a year (once per region and year), in tkr."""
    _require_secretariat(user, _accounts_message())
    financial_year = _locked(financial_year)
    return _contribution_save(
        Contribution(financial_year=financial_year),
        user=user,
        values={"organisation": organisation, "amount": amount},
    )


@transaction.atomic
def contribution_update(*, user, contribution: Contribution, **values) -> Contribution:
    _require_secretariat(user, _accounts_message())
    _locked(contribution.financial_year)
    return _contribution_save(contribution, user=user, values=values)


@transaction.atomic
def contribution_delete(*, user, contribution: Contribution) -> None:
    _require_secretariat(user, _accounts_message())
    _locked(contribution.financial_year)
    _delete(contribution, user=user)


def _cost_line_save(line: CostLine, *, user, values: dict) -> CostLine:
    if line.pk is None and values.get("order") is None:
        values = {**values, "order": None}  # a new line without a place: after the last
    _set(line, values, COST_LINE_FIELDS)
    line.label = (line.label or "").strip()
    if line.order is None:
        line.order = (line.financial_year.cost_lines.aggregate(last=Max("order"))["last"] or 0) + 1
    _save(line, user=user)
    return line


@transaction.atomic
def cost_line_create(*, user, financial_year: FinancialYear, **values) -> CostLine:
    """Add a cost line to a year (a positive amount in tkr; its label once per year)."""
    _require_secretariat(user, _accounts_message())
    financial_year = _locked(financial_year)
    return _cost_line_save(CostLine(financial_year=financial_year), user=user, values=values)


@transaction.atomic
def cost_line_update(*, user, line: CostLine, **values) -> CostLine:
    _require_secretariat(user, _accounts_message())
    _locked(line.financial_year)
    return _cost_line_save(line, user=user, values=values)


@transaction.atomic
def cost_line_delete(*, user, line: CostLine) -> None:
    _require_secretariat(user, _accounts_message())
    _locked(line.financial_year)
    _delete(line, user=user)


# The report's texts ---------------------------------------------------------------------------


def _texts_message() -> str:
    return _("Only the secretariat edits the report's texts.")


def _narrative_save(narrative: Narrative, *, user, values: dict) -> Narrative:
    _require_secretariat(user, _texts_message())
    if narrative.pk is None and values.get("order") is None:
        values = {**values, "order": None}  # a new text without a place: after the last
    _set(narrative, values, NARRATIVE_FIELDS)
    narrative.heading = (narrative.heading or "").strip()
    narrative.body = (narrative.body or "").strip()
    if narrative.order is None and narrative.year and narrative.section:
        last = Narrative.objects.filter(year=narrative.year, section=narrative.section).aggregate(
            last=Max("order")
        )["last"]
        narrative.order = (last or 0) + 1
    narrative.updated_by = user
    _save(narrative, user=user)
    return narrative


@transaction.atomic
def narrative_create(*, user, **values) -> Narrative:
    """Add a text to a year's report: its section, its place in the section (after the last
    when not given), a heading and the text (empty until written; an empty text is not
    printed)."""
    return _narrative_save(Narrative(), user=user, values=values)


@transaction.atomic
def narrative_update(*, user, narrative: Narrative, **values) -> Narrative:
    """The secretariat edits a text of the report; figures and lists are never typed here,
    the consistency check compares any number in it with the data."""
    return _narrative_save(narrative, user=user, values=values)


@transaction.atomic
def narrative_delete(*, user, narrative: Narrative) -> None:
    _require_secretariat(user, _texts_message())
    _delete(narrative, user=user)


@dataclass(frozen=True)
class StartedYear:
    """What "Starta året" did: the texts it added, from which year's structure (None: one per
    section of the report), and how many positions were there already."""

    year: int
    from_year: int | None
    created: list[Narrative]
    already_there: int


@transaction.atomic
def narratives_start_year(*, user, year: int) -> StartedYear:
    """Make the year's texts, empty, from the report's structure: the positions (section and
    order) and headings of the latest earlier year that has texts, or one per section of the
    report when none has. Positions the year already has are kept as they are; only the
    missing ones are added, and when none is missing the request is refused."""
    _require_secretariat(user, _texts_message())
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise _refused("year", str(YEAR_MESSAGE), "invalid_year")
    structure = narrative_structure(year=year)
    if not structure.missing:
        raise _refused(
            "year",
            _("%(year)d has every text of the report's structure already; nothing was added.")
            % {"year": year},
            "invalid_state",
        )
    created = []
    for section, order, heading in structure.missing:
        narrative = Narrative(
            year=year, section=section, order=order, heading=heading, body="", updated_by=user
        )
        try:
            _save(narrative, user=user)
        except ValidationError:
            # Someone started the same year at the same moment.
            raise _refused(
                "year",
                _("The texts of %(year)d were started meanwhile; reload the page.")
                % {"year": year},
                "conflict",
            ) from None
        created.append(narrative)
    return StartedYear(
        year=year,
        from_year=structure.from_year,
        created=created,
        already_there=len(structure.positions) - len(structure.missing),
    )
