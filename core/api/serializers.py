"""The base serializer of every resource: gated references and self-describing fields."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db.models import DateTimeField, Func
from django.urls import reverse as django_reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS


def swedish(text) -> str:
    with translation.override("sv"):
        return str(text)


def english(text) -> str:
    with translation.override("en"):
        return str(text)


MAX_IDS_PER_LIST = 200


class GatedManyRelatedField(serializers.ManyRelatedField):
    """A list of ids, checked with one query (not one per id) and at most MAX_IDS_PER_LIST."""

    def to_internal_value(self, data):
        if isinstance(data, str | dict) or not hasattr(data, "__iter__"):
            self.fail("not_a_list", input_type=type(data).__name__)
        data = list(data)
        if not self.allow_empty and not data:
            self.fail("empty")
        if len(data) > MAX_IDS_PER_LIST:
            raise serializers.ValidationError(
                _("At most %(count)d ids.") % {"count": MAX_IDS_PER_LIST}
            )
        child = self.child_relation
        ids = []
        for item in data:
            if isinstance(item, bool) or not isinstance(item, int | str):
                child.fail("incorrect_type", data_type=type(item).__name__)
            try:
                pk = int(item)
            except (TypeError, ValueError):
                child.fail("incorrect_type", data_type=type(item).__name__)
            if abs(pk) >= 2**63:  # beyond any database id: no such row, never a server error
                child.fail("does_not_exist", pk_value=item)
            ids.append(pk)
        unique = list(dict.fromkeys(ids))
        found = {obj.pk: obj for obj in child.get_queryset().filter(pk__in=unique)}
        for pk in unique:
            if pk not in found:
                child.fail("does_not_exist", pk_value=pk)
        return [found[pk] for pk in unique]


class GatedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A reference by id to a row the caller may see; anything else is 'does not exist'."""

    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        for key in kwargs:
            if key in MANY_RELATION_KWARGS:
                list_kwargs[key] = kwargs[key]
        return GatedManyRelatedField(**list_kwargs)

    def to_internal_value(self, data):
        # A number too big for the database is simply no such row, never a server error.
        if isinstance(data, int | str) and not isinstance(data, bool):
            try:
                if abs(int(data)) >= 2**63:
                    self.fail("does_not_exist", pk_value=data)
            except ValueError:
                pass
        return super().to_internal_value(data)

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        if request is None or not hasattr(queryset, "for_user"):
            return queryset
        return queryset.for_user(request.user)


class PortalModelSerializer(serializers.ModelSerializer):
    """Model fields describe themselves in the schema: English name, Swedish term, help text
    ("Lead organisation (sv: ansvarig organisation)."). Declared fields keep their own
    ``help_text``.
    """

    serializer_related_field = GatedPrimaryKeyRelatedField

    # English descriptions of the fields every resource has.
    COMMON = {
        "id": "Stable id of the row.",
        "modified": "When the row last changed; the key of incremental sync (sv: ändrad).",
        "created": "When the row was created (sv: skapad).",
    }

    def get_validators(self):
        # Uniqueness over several fields is the services' to check (full_clean, with the
        # constraint's message on its field): DRF's own validator would answer "The fields
        # year_opened, title must make a unique set." and make both fields required.
        return list(getattr(getattr(self, "Meta", None), "validators", None) or [])

    def get_uniqueness_extra_kwargs(self, field_names, declared_fields, extra_kwargs):
        return extra_kwargs, {}

    def get_fields(self):
        fields = super().get_fields()
        texts = self._help_texts(fields)
        declared = self._declared_fields
        blank_choices = self._blank_choice_fields()
        for name, field in fields.items():
            if texts.get(name) and not (name in declared and field.help_text):
                field.help_text = texts[name]
            # DRF drops allow_blank from read-only fields, so the schema's enum would leave out
            # the "" that a blank choice (a finding's severity, say) really is.
            if name in blank_choices and isinstance(field, serializers.ChoiceField):
                field.allow_blank = True
        return fields

    @classmethod
    def _blank_choice_fields(cls) -> frozenset[str]:
        cached = cls.__dict__.get("_blank_choice_cache")
        if cached is None:
            cached = frozenset(
                f.name
                for f in cls.Meta.model._meta.get_fields()
                if getattr(f, "choices", None) and getattr(f, "blank", False)
            )
            cls._blank_choice_cache = cached
        return cached

    @classmethod
    def _help_texts(cls, fields) -> dict[str, str]:
        """The descriptions of the class's fields, worked out once per class (translating them
        on every request would cost more than the request)."""
        cached = cls.__dict__.get("_help_text_cache")
        if cached is not None:
            return cached
        model = cls.Meta.model
        texts = {}
        for name, field in fields.items():
            if name in cls.COMMON:
                texts[name] = cls.COMMON[name]
                continue
            source = field.source if field.source not in ("*", None) else name
            try:
                model_field = model._meta.get_field(source.split(".")[0])
            except FieldDoesNotExist:
                continue
            verbose = getattr(model_field, "verbose_name", None)
            if not verbose:
                continue
            text = f"{english(verbose).capitalize()} (sv: {swedish(verbose)})."
            help_text = getattr(model_field, "help_text", "")
            if help_text:
                text = f"{text} {english(help_text)}"
            texts[name] = text
        cls._help_text_cache = texts
        return texts


class ErrorSerializer(serializers.Serializer):
    """The one error shape of the API."""

    status = serializers.IntegerField(help_text="The HTTP status again.")
    code = serializers.CharField(
        help_text="A stable code: invalid, not_authenticated, authentication_failed, "
        "permission_denied, not_found, method_not_allowed, not_acceptable, conflict, "
        "open_findings, too_large, unsupported_media_type, throttled."
    )
    detail = serializers.CharField(help_text="A message for a person, in the request's language.")
    errors = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text="Field-level messages: {field: [message, …]}; non_field_errors for the rest.",
    )


class ResourceUrlField(serializers.HyperlinkedIdentityField):
    """The row's own API address, without the request's ``format`` (a CSV export links to the
    JSON resource, not to another CSV)."""

    def get_url(self, obj, view_name, request, format):
        if obj.pk is None:
            return None
        url = django_reverse(view_name, kwargs={self.lookup_url_kwarg: obj.pk})
        return request.build_absolute_uri(url) if request is not None else url


def instant_text(value, zone) -> str:
    """DRF's DateTimeField output (ISO 8601 in the current time zone, UTC as Z), quickly: for the
    row builders that write a list from values() without serializers. A value already written
    by ``InstantText`` (a string) is returned as it is."""
    if isinstance(value, str):
        return value
    text = value.astimezone(zone).isoformat()
    return f"{text[:-6]}Z" if text.endswith("+00:00") else text


class InstantText(Func):
    """A time stamp column as DRF's DateTimeField writes it, written by PostgreSQL: ISO 8601 in
    the current time zone (``2026-11-27T14:05:09.123456+01:00``; no fraction when it is zero; the
    offset's seconds when it has any; UTC as ``Z``), as ``instant_text`` would write it.

    For the bulk lists (row builders): psycopg parses a time stamp into a datetime in Python
    (Django's time zone loader), and ``instant_text`` formats it again, about 5 µs an instant
    together: 10 ms of a 1 000-row page with two time stamps a row. PostgreSQL writes the same
    text in under 2 µs. Elsewhere (SQLite), or when the current zone is not a named zone
    PostgreSQL knows, the column comes as it is (a datetime) and ``instant_text`` formats it.
    tests/api/test_instant_text.py holds the two to the same text.
    """

    output_field = DateTimeField()  # the text on PostgreSQL, which Django does not convert

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.get_source_expressions()[0])

    def as_postgresql(self, compiler, connection, **extra_context):
        zone = getattr(timezone.get_current_timezone(), "key", None)
        if zone is None:  # a fixed offset: Python writes it
            return self.as_sql(compiler, connection, **extra_context)
        column, column_params = compiler.compile(self.get_source_expressions()[0])
        sql, params = [], []

        def add(text, *parts):
            """``text`` with each ``{}`` replaced by a part: ``c`` the column, ``local`` its wall
            time in the zone, ``offset`` the zone's offset from UTC (an interval)."""
            pieces = text.split("{}")
            sql.append(pieces[0])
            for part, piece in zip(parts, pieces[1:], strict=True):
                if part == "c":
                    sql.append(column)
                    params.extend(column_params)
                elif part == "local":
                    sql.append(f"({column} AT TIME ZONE %s)")
                    params.extend([*column_params, zone])
                else:  # offset
                    sql.append(f"(({column} AT TIME ZONE %s) - ({column} AT TIME ZONE 'UTC'))")
                    params.extend([*column_params, zone, *column_params])
                sql.append(piece)

        # The wall time, without ".000000" (Python leaves out a zero fraction); the fraction is
        # the only place the format can hold that text.
        add("(replace(to_char({}, 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), '.000000', '')", "local")
        # The offset as ±HH:MM, Z for UTC, and its seconds when it has any (local mean times).
        add(
            " || CASE WHEN {} > interval '0' THEN '+' || to_char({}, 'HH24:MI')"
            " WHEN {} = interval '0' THEN 'Z' ELSE '-' || to_char(-{}, 'HH24:MI') END",
            "offset",
            "offset",
            "offset",
            "offset",
        )
        add(
            " || CASE WHEN extract(second FROM {}) = 0 THEN ''"
            " ELSE to_char(abs(extract(second FROM {})), 'FM:00') END)",
            "offset",
            "offset",
        )
        return "".join(sql), params


class VisibleIds:
    """Which rows of ``model`` the user may see, read once per request when first asked.

    A bulk reader that knows the ids it will ask about calls ``preload(ids)`` first: one query
    for those ids only, instead of every id the user may see (5 000 incidents at Nordic scale).
    """

    def __init__(self, model, user):
        self.model, self.user = model, user
        self._known: dict[int, bool] = {}
        self._all: set | None = None

    def preload(self, pks) -> None:
        wanted = {pk for pk in pks if pk is not None and pk not in self._known}
        if wanted:
            seen = set(
                self.model.objects.for_user(self.user)
                .filter(pk__in=wanted)
                .values_list("pk", flat=True)
            )
            self._known.update((pk, pk in seen) for pk in wanted)

    def __contains__(self, pk) -> bool:
        if pk in self._known:
            return self._known[pk]
        if self._all is None:
            self._all = set(self.model.objects.for_user(self.user).values_list("pk", flat=True))
        return pk in self._all


class IdsSerializer(serializers.Serializer):
    """The ids of a list, for reconciling a mirror."""

    count = serializers.IntegerField(help_text="How many ids.")
    ids = serializers.ListField(
        child=serializers.IntegerField(), help_text="Every id the list holds for the caller."
    )


def beside(fields, extras: dict[str, str]) -> list[str]:
    """``fields`` with each of ``extras``' values right after its key (a name beside its id)."""
    listed = []
    for field in fields:
        listed.append(field)
        if field in extras:
            listed.append(extras[field])
    return listed
