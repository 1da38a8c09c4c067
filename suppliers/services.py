"""Every change to suppliers (with their aliases), sites (with the suppliers sourcing from
them) and framework agreements goes through here.

The supplier and site registers are the secretariat's (anyone else: PermissionDenied); a procurer
adds and changes the agreements their organisation leads. Bad input is a ValidationError keyed by
the field; every change is recorded in the history with its user.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.models import full_clean_unique_only
from core.permissions import Action, get_scope
from core.validators import normalise_organisation_number
from suppliers.choices import AgreementStatus, AliasKind
from suppliers.models import FrameworkAgreement, Site, Supplier, SupplierAlias, SupplierSite
from suppliers.selectors import supplier_likely_duplicates

# The editable fields of each model: the forms, the serializers and the imports read these.
SUPPLIER_FIELDS = ["name", "organisation_number", "country", "parent", "website", "notes"]
SUPPLIER_ALIAS_FIELDS = ["name", "kind", "note"]
SITE_FIELDS = ["name", "kind", "country", "locality", "operator", "notes"]
SUPPLIER_SITE_FIELDS = ["supplier", "tier", "products"]
# A framework agreement's fields, in the order of the form, the API and the register's file.
AGREEMENT_FIELDS = [
    "reference",
    "title",
    "supplier",
    "lead_organisation",
    "co_lead_organisations",
    "category",
    "start_date",
    "end_date",
    "code_of_conduct",
    "due_diligence_level",
    "status",
    "terminated_on",
    "termination_reason",
]


def _supplier_parent_validate(*, supplier: Supplier) -> None:
    """A supplier cannot be its own parent, nor the parent of one of its parents."""
    node, seen = supplier.parent, set()
    while node is not None and node.pk not in seen:
        if supplier.pk is not None and node.pk == supplier.pk:
            raise ValidationError(
                {
                    "parent": _(
                        "%(parent)s is a subsidiary of %(supplier)s and cannot be its parent."
                    )
                    % {"parent": supplier.parent, "supplier": supplier}
                },
                code="parent_cycle",
            )
        seen.add(node.pk)
        node = node.parent


def _supplier_may_change(user) -> None:
    if not get_scope(user).is_secretariat:
        raise PermissionDenied(_("Only the secretariat changes the supplier register."))


def _supplier_normalise(supplier: Supplier) -> None:
    supplier.name = (supplier.name or "").strip()
    supplier.organisation_number = normalise_organisation_number(supplier.organisation_number)
    supplier.country = (supplier.country or "").strip().upper()


class PossibleDuplicates(ValidationError):
    """A new supplier looks like suppliers of the register (``matches``); saved only when the
    user confirms it is another company."""

    def __init__(self, matches):
        self.matches = matches
        super().__init__(
            _("There are similar suppliers: %(names)s. Save anyway?")
            % {"names": ", ".join(match.name for match in matches)},
            code="possible_duplicate",
        )


@transaction.atomic
def supplier_save(
    *,
    supplier: Supplier,
    user,
    aliases: Iterable[Mapping] | None = None,
    confirm_duplicate: bool = True,
) -> Supplier:
    """Create or change a supplier (the secretariat curates the register).

    ``aliases`` (each a mapping of name, kind and note) replaces the supplier's other names:
    an alias of the same name (in any case) is kept and changed, the others go. None keeps them.

    A new supplier that looks like others of the register (suppliers/duplicates.py) is refused
    with PossibleDuplicates unless ``confirm_duplicate`` (the portal's form and the API ask
    first; other callers have checked or do not ask).
    """
    _supplier_may_change(user)
    _supplier_normalise(supplier)
    if supplier.pk is not None:
        Supplier.objects.select_for_update().filter(pk=supplier.pk).first()
    _supplier_parent_validate(supplier=supplier)
    # The check constraints (ten digits, a name, not its own parent) give the same messages as
    # the validators above and the fields' own; only uniqueness needs the database.
    full_clean_unique_only(supplier)
    if supplier.pk is None and not confirm_duplicate:
        matches = supplier_likely_duplicates(
            name=supplier.name,
            organisation_number=supplier.organisation_number,
            country=supplier.country,
        )
        if matches:
            raise PossibleDuplicates(matches)
    wanted = _aliases_wanted(supplier, aliases) if aliases is not None else None
    supplier._history_user = user
    supplier.save()
    if wanted is not None:
        _aliases_replace(supplier=supplier, wanted=wanted, user=user)
    return supplier


def _aliases_wanted(supplier: Supplier, aliases: Iterable[Mapping]) -> list[SupplierAlias]:
    """The aliases as unsaved rows, each checked; refusals under ``aliases``."""
    wanted, seen, errors = [], set(), []
    for item in aliases:
        alias = SupplierAlias(
            name=(item.get("name") or "").strip(),
            kind=item.get("kind") or AliasKind.SPELLING,
            note=(item.get("note") or "").strip(),
        )
        try:
            _alias_check(alias, supplier=supplier)
            alias.full_clean(exclude=["supplier"], validate_constraints=False)
        except ValidationError as error:
            errors.extend(f"{alias.name or '–'}: {message}" for message in error.messages)
            continue
        if alias.name.lower() in seen:
            errors.append(_("%(name)s is given twice.") % {"name": alias.name})
        seen.add(alias.name.lower())
        wanted.append(alias)
    if errors:
        raise ValidationError({"aliases": errors}, code="invalid_alias")
    return wanted


def _alias_check(alias: SupplierAlias, *, supplier: Supplier) -> None:
    if alias.name and alias.name.lower() == (supplier.name or "").strip().lower():
        raise ValidationError(
            {"name": _("An alias is another name than the supplier's own.")},
            code="alias_is_name",
        )


def _aliases_replace(*, supplier: Supplier, wanted: list[SupplierAlias], user) -> None:
    have = {alias.name.lower(): alias for alias in SupplierAlias.objects.filter(supplier=supplier)}
    keep = {alias.name.lower() for alias in wanted}
    for name, alias in have.items():
        if name not in keep:
            alias._history_user = user
            alias.delete()
    for alias in wanted:
        current = have.get(alias.name.lower())
        if current is not None:
            if (current.name, current.kind, current.note) == (alias.name, alias.kind, alias.note):
                continue
            current.name, current.kind, current.note = alias.name, alias.kind, alias.note
            alias = current
        alias.supplier = supplier
        alias._history_user = user
        alias.save()


@transaction.atomic
def supplier_alias_names_set(*, supplier: Supplier, names: list[str], user) -> None:
    """The supplier's other names become ``names`` (an import's cell): an alias whose name stays
    (in any case) keeps its kind and note, a new name is another spelling, the others go."""
    _supplier_may_change(user)
    lowered = {name.lower() for name in names}
    have = {alias.name.lower(): alias for alias in supplier.aliases.all()}
    for name, alias in have.items():
        if name not in lowered:
            alias._history_user = user
            alias.delete()
    supplier_aliases_bulk_create(
        aliases=[
            SupplierAlias(supplier=supplier, name=name, kind=AliasKind.SPELLING)
            for name in names
            if name.lower() not in have
        ],
        user=user,
    )


@transaction.atomic
def supplier_aliases_bulk_create(*, aliases: list[SupplierAlias], user) -> None:
    """Insert new suppliers' aliases in bulk, with their history (an import)."""
    from simple_history.utils import bulk_create_with_history

    _supplier_may_change(user)
    if aliases:
        bulk_create_with_history(aliases, SupplierAlias, batch_size=500, default_user=user)


@transaction.atomic
def supplier_delete(*, supplier: Supplier, user) -> None:
    """Delete a supplier and its aliases. A supplier that audits, agreements, operated sites
    or subsidiaries refer to is kept (ProtectedError), and so is one an incident case names."""
    _supplier_may_change(user)
    _not_named_by_incidents(supplier)
    for alias in supplier.aliases.all():
        alias._history_user = user
        alias.delete()
    supplier._history_user = user
    supplier.delete()


def _not_named_by_incidents(obj: Supplier | Site) -> None:
    """An incident case's list of suppliers and sites is its record: a supplier or site it
    names is not deleted from under it (the many-to-many list would lose it silently)."""
    if obj.incidents.exists():
        raise ValidationError(
            _("%(object)s cannot be deleted: incident cases name it.") % {"object": obj},
            code="conflict",
        )


@transaction.atomic
def supplier_alias_save(*, alias: SupplierAlias, user) -> SupplierAlias:
    """Add another name to a supplier, or change one (the secretariat)."""
    _supplier_may_change(user)
    supplier = Supplier.objects.select_for_update().get(pk=alias.supplier_id)
    alias.name, alias.note = (alias.name or "").strip(), (alias.note or "").strip()
    _alias_check(alias, supplier=supplier)
    alias.full_clean()
    duplicate = (
        SupplierAlias.objects.filter(supplier=supplier, name__iexact=alias.name)
        .exclude(pk=alias.pk)
        .exists()
    )
    if duplicate:
        raise ValidationError(
            {"name": _("The supplier already has that alias.")}, code="duplicate_alias"
        )
    alias._history_user = user
    alias.save()
    return alias


@transaction.atomic
def supplier_alias_delete(*, alias: SupplierAlias, user) -> None:
    _supplier_may_change(user)
    alias._history_user = user
    alias.delete()


# Sites and the suppliers that source from them (the secretariat's register) ----------------


@transaction.atomic
def site_save(*, site: Site, user, supplier_links: Iterable[Mapping] | None = None) -> Site:
    """Create or change a site (a factory, a mine …).

    ``supplier_links`` (each a mapping of supplier, tier and products) replaces the suppliers
    that source from the site: a supplier already linked keeps its link, changed; the others go.
    None keeps them.
    """
    _supplier_may_change(user)
    site.name = (site.name or "").strip()
    site.country = (site.country or "").strip().upper()
    if site.pk is not None:
        Site.objects.select_for_update().filter(pk=site.pk).first()
    site.full_clean()
    wanted = _links_wanted(supplier_links) if supplier_links is not None else None
    site._history_user = user
    site.save()
    if wanted is not None:
        have = {link.supplier_id: link for link in SupplierSite.objects.filter(site=site)}
        for supplier_id, link in have.items():
            if supplier_id not in wanted:
                link._history_user = user
                link.delete()
        for supplier_id, link in wanted.items():
            current = have.get(supplier_id)
            if current is not None:
                if (current.tier, current.products) == (link.tier, link.products):
                    continue
                current.tier, current.products = link.tier, link.products
                link = current
            link.site = site
            link._history_user = user
            link.save()
    return site


def _links_wanted(links: Iterable[Mapping]) -> dict[int, SupplierSite]:
    wanted, errors = {}, []
    for item in links:
        supplier = item.get("supplier")
        link = SupplierSite(
            supplier=supplier,
            tier=item.get("tier") or 1,
            products=(item.get("products") or "").strip(),
        )
        try:
            link.full_clean(exclude=["site"])
        except ValidationError as error:
            errors.extend(f"{supplier}: {message}" for message in error.messages)
            continue
        if link.supplier_id in wanted:
            errors.append(_("%(name)s is given twice.") % {"name": supplier})
        wanted[link.supplier_id] = link
    if errors:
        raise ValidationError({"supplier_links": errors}, code="invalid_link")
    return wanted


@transaction.atomic
def site_delete(*, site: Site, user) -> None:
    """Delete a site with its links to suppliers; a site an incident names is kept."""
    _supplier_may_change(user)
    _not_named_by_incidents(site)
    for link in site.supplier_links.all():
        link._history_user = user
        link.delete()
    site._history_user = user
    site.delete()


@transaction.atomic
def supplier_site_save(*, link: SupplierSite, user) -> SupplierSite:
    """Link a supplier to a site it sources from, at a tier, or change the link."""
    _supplier_may_change(user)
    Site.objects.select_for_update().filter(pk=link.site_id).first()
    link.products = (link.products or "").strip()
    link.full_clean()
    link._history_user = user
    link.save()
    return link


@transaction.atomic
def supplier_site_delete(*, link: SupplierSite, user) -> None:
    _supplier_may_change(user)
    link._history_user = user
    link.delete()


class SupplierKeys:
    """The register's names and organisation numbers, read once, for checking many new
    suppliers without a query each (an import). Kept current with ``add``."""

    def __init__(self):
        self.by_number = dict(
            Supplier.objects.exclude(organisation_number="").values_list(
                "organisation_number", "pk"
            )
        )
        self.by_name = {name.lower(): pk for pk, name in Supplier.objects.values_list("pk", "name")}

    def add(self, supplier: Supplier, pk=0) -> None:
        if supplier.organisation_number:
            self.by_number[supplier.organisation_number] = supplier.pk or pk
        self.by_name[supplier.name.lower()] = supplier.pk or pk


def supplier_new_validate(*, supplier: Supplier, user, keys: SupplierKeys) -> None:
    """Every check ``supplier_save`` makes of a new supplier, with uniqueness against ``keys``
    (which then holds the supplier too): for ``supplier_bulk_create``."""
    _supplier_may_change(user)
    _supplier_parent_validate(supplier=supplier)
    supplier.full_clean(validate_constraints=False)
    if supplier.name.lower() in keys.by_name:
        raise ValidationError({"name": _("A supplier of that name already exists.")}, code="unique")
    if supplier.organisation_number and supplier.organisation_number in keys.by_number:
        raise ValidationError(
            {"organisation_number": _("A supplier with that organisation number exists.")},
            code="unique",
        )
    keys.add(supplier, pk=-1)


@transaction.atomic
def supplier_bulk_create(*, suppliers: list[Supplier], user) -> list[Supplier]:
    """Insert suppliers checked by ``supplier_new_validate``, with their history, in bulk."""
    from simple_history.utils import bulk_create_with_history

    _supplier_may_change(user)
    if not suppliers:
        return []
    return bulk_create_with_history(suppliers, Supplier, batch_size=500, default_user=user)


def _agreement_validate(*, agreement: FrameworkAgreement, user) -> None:
    scope = get_scope(user)
    if not scope.is_secretariat:
        if agreement.pk is None:
            if agreement.lead_organisation_id not in scope.procurer_organisation_ids:
                raise ValidationError(
                    {
                        "lead_organisation": _(
                            "You can only add agreements that your own organisation leads."
                        )
                    },
                    code="not_own_lead",
                )
        elif (
            not FrameworkAgreement.objects.for_user(user, Action.CHANGE)
            .filter(pk=agreement.pk)
            .exists()
        ):
            raise ValidationError(
                _("Only the lead and co-lead organisations change this agreement."),
                code="not_lead",
            )
        else:
            before = FrameworkAgreement.objects.get(pk=agreement.pk)
            if (
                before.lead_organisation_id != agreement.lead_organisation_id
                and agreement.lead_organisation_id not in scope.procurer_organisation_ids
            ):
                raise ValidationError(
                    {
                        "lead_organisation": _(
                            "You can only hand the lead to one of your own organisations."
                        )
                    },
                    code="not_own_lead",
                )


@transaction.atomic
def agreement_save(
    *, agreement: FrameworkAgreement, user, co_lead_organisations=None
) -> FrameworkAgreement:
    """Create or change a framework agreement.

    A procurer adds agreements their organisation leads and changes those it leads or co-leads;
    a terminated agreement needs the reason.
    """
    _agreement_validate(agreement=agreement, user=user)
    # The rules of a termination stand in the model's constraints (full_clean checks them).
    agreement.termination_reason = agreement.termination_reason.strip()
    agreement.full_clean()
    agreement._history_user = user
    agreement.save()
    if co_lead_organisations is not None:
        agreement.co_lead_organisations.set(co_lead_organisations)
    return agreement


@transaction.atomic
def agreement_terminate(
    *, agreement: FrameworkAgreement, user, reason: str, terminated_on=None
) -> FrameworkAgreement:
    """End an agreement before its time; the reason is required. An agreement already
    terminated is not terminated again (change its reason or date instead)."""
    if (
        agreement.pk is not None
        and FrameworkAgreement.objects.filter(
            pk=agreement.pk, status=AgreementStatus.TERMINATED
        ).exists()
    ):
        raise ValidationError(_("The agreement is already terminated."), code="invalid_state")
    agreement.status = AgreementStatus.TERMINATED
    agreement.termination_reason = (reason or "").strip()
    agreement.terminated_on = terminated_on
    return agreement_save(agreement=agreement, user=user)


@transaction.atomic
def agreement_delete(*, agreement: FrameworkAgreement, user) -> None:
    """Delete an agreement (the secretariat: an agreement's end is a termination)."""
    deletable = FrameworkAgreement.objects.for_user(user, Action.DELETE)
    if not deletable.filter(pk=agreement.pk).exists():
        raise PermissionDenied(_("Only the secretariat deletes framework agreements."))
    agreement._history_user = user
    agreement.delete()
