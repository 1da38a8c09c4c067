"""Import and export of the supplier register, sites and framework agreements.

Rows name suppliers by organisation number or, failing that, exact name or alias;
organisations by code (``SE-T``); categories by their path in the tree.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.resources import Field, LookupWidget, PortalResource, TextWidget, lookup_widget, register
from core.validators import normalise_organisation_number
from organisations import resources as organisations_resources  # noqa: F401 (its lookup widget)
from riskanalysis import resources as riskanalysis_resources  # noqa: F401 (its lookup widget)
from suppliers import selectors, services
from suppliers.choices import AliasKind
from suppliers.duplicates import Reason
from suppliers.models import FrameworkAgreement, Site, Supplier, SupplierAlias


def duplicate_reason(reason: str, score: int) -> str:
    """Why two suppliers look alike, as the pages say it."""
    if reason == Reason.ORGANISATION_NUMBER:
        return _("same organisation number")
    if reason == Reason.SAME_NAME:
        return _("same name (company form and punctuation aside)")
    return _("similar name (%(score)s %%)") % {"score": score}


def find_supplier(key: str) -> Supplier | None:
    """By organisation number (with or without the dash), else exact name, else an alias."""
    key = (key or "").strip()
    if not key:
        return None
    number = normalise_organisation_number(key)
    if number.isdigit() and len(number) == 10:
        found = Supplier.objects.filter(organisation_number=number).first()
        if found:
            return found
    return (
        Supplier.objects.filter(name__iexact=key).first()
        or Supplier.objects.filter(aliases__name__iexact=key).distinct().first()
    )


@lookup_widget(Supplier)
class SupplierWidget(LookupWidget):
    help = gettext_lazy("The supplier's organisation number, name or alias.")

    def find(self, key):
        found = find_supplier(key)
        if found is None:
            raise ValueError(
                _("No supplier has the organisation number, name or alias “%(key)s”.")
                % {"key": key}
            )
        return found

    def key_of(self, obj):
        return obj.organisation_number or obj.name


def _aliases_in(row) -> list[str]:
    names = [part.strip() for part in str(row.get("aliases") or "").split(";")]
    unique = []
    for name in names:
        if name and name.lower() not in {u.lower() for u in unique}:
            unique.append(name)
    return unique


@register("suppliers")
class SupplierResource(PortalResource):
    url_base = "suppliers:supplier"
    aliases = Field(column_name="aliases", widget=TextWidget())

    required_columns = ("name",)
    column_labels = {"aliases": gettext_lazy("Also known as")}
    column_help = {
        "organisation_number": gettext_lazy("Finds the supplier first."),
        "aliases": gettext_lazy(
            "Other names, separated by semicolons; the list replaces the supplier's aliases."
        ),
    }

    class Meta(PortalResource.Meta):
        model = Supplier
        fields = export_order = (*services.SUPPLIER_FIELDS, "aliases")

    def natural_key(self, row):
        number = normalise_organisation_number(str(row.get("organisation_number") or ""))
        if number:
            return ("number", number)
        return ("name", str(row.get("name") or "").strip().lower())

    def natural_key_column(self, row):
        return "organisation_number" if row.get("organisation_number") else "name"

    BATCH = 500
    # The preview marks new rows that look like suppliers of the register (a warning).
    check_duplicates = True

    def before_import(self, dataset, **kwargs):
        # The register's keys, read once: a row then costs no query to find its supplier (and
        # a new one none at all). New suppliers are inserted in batches with their history.
        self._keys = services.SupplierKeys()
        self._by_alias = {}
        for supplier_id, name in SupplierAlias.objects.values_list("supplier_id", "name"):
            self._by_alias.setdefault(name.lower(), supplier_id)
        self._pending: list[tuple[Supplier, list[str] | None]] = []
        # Names and numbers of the register, normalised once for the whole file.
        self._names = selectors.supplier_name_index() if self.check_duplicates else None
        self.row_warnings: dict[int, list[str]] = {}
        self._warning = ""

    def after_import(self, dataset, result, **kwargs):
        self._flush()
        super().after_import(dataset, result, **kwargs)

    def before_import_row(self, row, **kwargs):
        if row.get("organisation_number"):
            row["organisation_number"] = normalise_organisation_number(
                str(row["organisation_number"])
            )
        if str(row.get("parent") or "").strip():
            self._flush()  # the parent may be a supplier of an earlier row of this file

    def find_existing(self, row):
        number = str(row.get("organisation_number") or "")
        name = str(row.get("name") or "").strip().lower()
        pk = self._keys.by_number.get(number) if number else None
        if pk is None and name:
            pk = self._keys.by_name.get(name) or self._by_alias.get(name)
            if pk is not None and number:
                found = Supplier.objects.get(pk=pk)
                # Another company of that name: a new row, refused as a duplicate name.
                return found if found.organisation_number in ("", number) else None
        return Supplier.objects.get(pk=pk) if pk is not None else None

    def after_import_row(self, row, row_result, **kwargs):
        if self._warning:
            self.row_warnings[kwargs.get("row_number", 0)] = [self._warning]
            self._warning = ""
        super().after_import_row(row, row_result, **kwargs)

    def _check_duplicates(self, instance) -> None:
        self._warning = ""
        if self._names is None or instance.pk is not None:
            return
        matches = self._names.matches(instance.name, instance.organisation_number, instance.country)
        if matches:
            self._warning = _("Possibly the same as %(suppliers)s.") % {
                "suppliers": "; ".join(
                    f"{match.name} – {duplicate_reason(match.reason, match.score)}"
                    for match in matches[:3]
                )
            }

    def save_with_service(self, instance, row):
        wanted = _aliases_in(row) if "aliases" in row else None
        self._check_duplicates(instance)
        if instance.pk is None and instance.parent_id is None:
            services.supplier_new_validate(supplier=instance, user=self.user, keys=self._keys)
            self._pending.append((instance, wanted))
            if len(self._pending) >= self.BATCH:
                self._flush()
            return
        services.supplier_save(supplier=instance, user=self.user)
        self._keys.add(instance)
        if wanted is not None:
            self._set_aliases(instance, wanted)

    def _flush(self):
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        created = services.supplier_bulk_create(
            suppliers=[supplier for supplier, _wanted in pending], user=self.user
        )
        aliases = []
        for supplier, (_instance, wanted) in zip(created, pending, strict=True):
            self._keys.add(supplier)
            for name in wanted or []:
                aliases.append(SupplierAlias(supplier=supplier, name=name, kind=AliasKind.SPELLING))
                self._by_alias.setdefault(name.lower(), supplier.pk)
        services.supplier_aliases_bulk_create(aliases=aliases, user=self.user)

    def _set_aliases(self, instance, wanted):
        services.supplier_alias_names_set(supplier=instance, names=wanted, user=self.user)
        for name in {name.lower() for name in wanted}:
            self._by_alias.setdefault(name, instance.pk)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if "aliases" in row and original is not None and original.pk is not None:
            have = sorted(a.lower() for a in original.aliases.values_list("name", flat=True))
            if have != sorted(a.lower() for a in _aliases_in(row)):
                return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def dehydrate_aliases(self, supplier):
        return "; ".join(alias.name for alias in supplier.aliases.all())

    def export_queryset(self, user):
        return (
            Supplier.objects.for_user(user, "view")
            .select_related("parent")
            .prefetch_related(Prefetch("aliases", SupplierAlias.objects.order_by("name")))
        )


@register("sites")
class SiteResource(PortalResource):
    url_base = "suppliers:site"

    required_columns = ("name", "kind", "country")
    column_help = {"name": gettext_lazy("With the country it names the site.")}

    class Meta(PortalResource.Meta):
        model = Site
        fields = export_order = services.SITE_FIELDS

    def natural_key(self, row):
        return (
            str(row.get("name") or "").strip().lower(),
            str(row.get("country") or "").strip().upper(),
        )

    def natural_key_column(self, row):
        return "name"

    def find_existing(self, row):
        name, country = str(row.get("name") or "").strip(), str(row.get("country") or "").strip()
        if not name or not country:
            return None
        return Site.objects.filter(name__iexact=name, country__iexact=country).first()

    def before_import_row(self, row, **kwargs):
        if row.get("country"):
            row["country"] = str(row["country"]).strip().upper()

    def export_queryset(self, user):
        return Site.objects.for_user(user, "view").select_related("operator")


@register("agreements")
class AgreementResource(PortalResource):
    url_base = "suppliers:agreement"

    required_columns = ("supplier", "lead_organisation")
    column_help = {
        "reference": gettext_lazy("With the lead organisation it names the row."),
        "terminated_on": gettext_lazy("Only for a terminated agreement."),
        "termination_reason": gettext_lazy("Required for a terminated agreement."),
    }

    class Meta(PortalResource.Meta):
        model = FrameworkAgreement
        fields = export_order = services.AGREEMENT_FIELDS

    def natural_key(self, row):
        lead = str(row.get("lead_organisation") or "").strip().upper()
        reference = str(row.get("reference") or "").strip()
        if reference:
            return (lead, "reference", reference.lower())
        return (
            lead,
            "supplier",
            str(row.get("supplier") or "").strip().lower(),
            str(row.get("start_date") or ""),
        )

    def natural_key_column(self, row):
        return "reference" if row.get("reference") else "supplier"

    def find_existing(self, row):
        lead = self.fields["lead_organisation"].widget
        try:
            organisation = lead.clean(row.get("lead_organisation"))
        except ValueError:
            return None  # reported by the column itself
        if organisation is None:
            return None
        agreements = FrameworkAgreement.objects.filter(lead_organisation=organisation)
        reference = str(row.get("reference") or "").strip()
        if reference:
            return agreements.filter(reference__iexact=reference).first()
        try:
            supplier = self.fields["supplier"].widget.clean(row.get("supplier"))
            start = self.fields["start_date"].widget.clean(row.get("start_date"))
        except ValueError:
            return None
        return agreements.filter(reference="", supplier=supplier, start_date=start).first()

    def save_m2m(self, instance, row, **kwargs):
        pass  # the co-leads go through the service with the row

    def save_with_service(self, instance, row):
        co_leads = None
        if "co_lead_organisations" in row:
            co_leads = self.fields["co_lead_organisations"].widget.clean(
                row["co_lead_organisations"]
            )
        services.agreement_save(agreement=instance, user=self.user, co_lead_organisations=co_leads)

    def export_queryset(self, user):
        return (
            FrameworkAgreement.objects.for_user(user, "view")
            .select_related("supplier", "lead_organisation", "category")
            .prefetch_related("co_lead_organisations")
        )
