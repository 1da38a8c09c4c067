"""Every change to suppliers and framework agreements goes through here."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.models import full_clean_unique_only
from core.permissions import Action, get_scope
from suppliers.choices import AgreementStatus
from suppliers.models import FrameworkAgreement, Supplier


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
        raise ValidationError(_("Only the secretariat changes the supplier register."))


@transaction.atomic
def supplier_save(*, supplier: Supplier, user) -> Supplier:
    """Create or change a supplier (the secretariat curates the register)."""
    _supplier_may_change(user)
    _supplier_parent_validate(supplier=supplier)
    # The check constraints (ten digits, a name, not its own parent) give the same messages as
    # the validators above and the fields' own; only uniqueness needs the database.
    full_clean_unique_only(supplier)
    supplier._history_user = user
    supplier.save()
    return supplier


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
        raise ValidationError(
            {"__all__": _("A supplier of that name already exists.")}, code="unique"
        )
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
    if agreement.status == AgreementStatus.TERMINATED:
        if not agreement.termination_reason.strip():
            raise ValidationError(
                {"termination_reason": _("Give the reason why the agreement was terminated.")},
                code="termination_reason_required",
            )
    elif agreement.terminated_on is not None:
        raise ValidationError(
            {"terminated_on": _("Only a terminated agreement has a termination date.")},
            code="terminated_on_not_terminated",
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
