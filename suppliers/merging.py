"""Services of duplicate suppliers: a merge of two into one, and a pair said to differ.

A merge keeps one supplier and moves everything that refers to the other onto it: every row of
any app with a foreign key to Supplier and every many-to-many list naming it, found through
``Supplier._meta.related_objects`` (audits, agreements, sites, incidents, aliases, subsidiaries,
lab tests, and whatever relation is added later), so this app imports none of the apps above it.

Rules where a moved row would clash with a row of the kept supplier (a unique constraint): the
kept supplier's row stays and the other's is deleted (an alias of the same name, in any case, or
the kept supplier's own name; a link to a site both source from; an incident listing both). The
other supplier's name becomes an alias of the kept one, with its organisation number in the
alias's note; the kept supplier takes the other's organisation number, country and website where
it has none. The other supplier is then deleted: the API's deletion feed lists it. Every row
moved, every row deleted and the kept supplier are recorded in history with the user; all in one
transaction, the two suppliers and the moved rows locked.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.models import full_clean_unique_only
from suppliers.choices import AliasKind
from suppliers.models import DuplicateRejection, Supplier, SupplierAlias
from suppliers.services import _supplier_may_change, _supplier_parent_validate


def _unique_field_sets(model, field_name: str) -> list[list[str]]:
    """The other fields of each unique constraint of ``model`` that includes ``field_name``."""
    sets = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and field_name in constraint.fields:
            sets.append([name for name in constraint.fields if name != field_name])
    for together in model._meta.unique_together:
        if field_name in together:
            sets.append([name for name in together if name != field_name])
    if model._meta.get_field(field_name).unique:
        sets.append([])
    return sets


def _clashes(row, model, field_name: str, keep: Supplier, sets) -> bool:
    """Would ``row``, moved to ``keep``, repeat a row ``keep`` has (a unique constraint)?"""
    if model is SupplierAlias:
        name = row.name.lower()
        return name == keep.name.lower() or keep.aliases.filter(name__iexact=name).exists()
    for names in sets:
        attnames = [model._meta.get_field(name).attname for name in names]
        values = {attname: getattr(row, attname) for attname in attnames}
        if model._default_manager.filter(**{field_name: keep}, **values).exists():
            return True
    return False


def _move_rows(relation, *, keep: Supplier, other: Supplier, user) -> tuple[int, int]:
    """Point the rows of a foreign key at ``keep``; (moved, deleted as clashes)."""
    model, field = relation.related_model, relation.field
    rows = list(
        model._default_manager.select_for_update()
        .filter(**{field.name: other})
        .exclude(pk=keep.pk if model is Supplier else None)
        .order_by("pk")
    )
    sets = _unique_field_sets(model, field.name)
    moved = deleted = 0
    for row in rows:
        row._history_user = user
        if _clashes(row, model, field.name, keep, sets):
            row.delete()
            deleted += 1
            continue
        setattr(row, field.name, keep)
        row.save()
        moved += 1
    return moved, deleted


def _move_lists(relation, *, keep: Supplier, other: Supplier, user) -> int:
    """Replace ``other`` by ``keep`` in the many-to-many lists that name it (an incident's
    suppliers); a list naming both keeps one."""
    model, name = relation.related_model, relation.field.name
    rows = list(model._default_manager.select_for_update().filter(**{name: other}).order_by("pk"))
    for row in rows:
        row._history_user = user
        listed = getattr(row, name)
        listed.remove(other)
        listed.add(keep)
    return len(rows)


@transaction.atomic
def supplier_merge(*, keep: Supplier, other: Supplier, user) -> dict[str, int]:
    """Merge ``other`` into ``keep`` (the secretariat; see the module docstring). Returns what
    was moved, per kind of row. Two merges of the same pair at once: the second finds the other
    supplier gone and is refused; nothing is half-moved."""
    _supplier_may_change(user)
    if keep.pk == other.pk:
        raise ValidationError(_("A supplier cannot be merged with itself."), code="invalid")
    locked = Supplier.objects.select_for_update().filter(pk__in=[keep.pk, other.pk]).order_by("pk")
    found = {supplier.pk: supplier for supplier in locked}
    if len(found) < 2:
        raise ValidationError(
            _("%(name)s no longer exists: it was merged or deleted meanwhile.")
            % {"name": other.name if keep.pk in found else keep.name},
            code="conflict",
        )
    keep, other = found[keep.pk], found[other.pk]
    counts: dict[str, int] = {}
    if keep.parent_id == other.pk:  # the kept supplier was a subsidiary of the other
        keep.parent_id = other.parent_id if other.parent_id != keep.pk else None
        Supplier.objects.filter(pk=keep.pk).update(parent_id=keep.parent_id)
    for relation in Supplier._meta.related_objects:
        label = str(relation.related_model._meta.verbose_name_plural)
        if relation.many_to_many:
            if relation.through._meta.auto_created:
                counts[label] = counts.get(label, 0) + _move_lists(
                    relation, keep=keep, other=other, user=user
                )
            continue  # a through model of its own is moved by its foreign key
        moved, _deleted = _move_rows(relation, keep=keep, other=other, user=user)
        counts[label] = counts.get(label, 0) + moved
    note = _("Merged into this supplier on %(day)s.") % {
        "day": formats.date_format(timezone.localdate(), "Y-m-d")
    }
    taken_number = ""
    if other.organisation_number:
        if not keep.organisation_number:
            taken_number = other.organisation_number
        elif other.organisation_number != keep.organisation_number:
            number = other.organisation_number
            note += " " + _("Organisation number %(number)s.") % {
                "number": f"{number[:6]}-{number[6:]}"
            }
    keep.country = keep.country or other.country
    keep.website = keep.website or other.website
    other_name, other_pk = other.name, other.pk
    other._history_user = user
    other.delete()  # core.signals writes the deletion with the user: the API's feed lists it
    keep.organisation_number = keep.organisation_number or taken_number
    keep.modified = timezone.now()
    # A subsidiary of the other that was the kept one's parent would now be its own ancestor.
    keep.parent = Supplier.objects.filter(pk=keep.parent_id).first()
    _supplier_parent_validate(supplier=keep)
    full_clean_unique_only(keep)
    keep._history_user = user
    keep._change_reason = (_("Merged with %(name)s") % {"name": other_name})[:100]
    keep.save()
    if (
        other_name.lower() != keep.name.lower()
        and not keep.aliases.filter(name__iexact=other_name).exists()
    ):
        alias = SupplierAlias(supplier=keep, name=other_name, kind=AliasKind.SPELLING, note=note)
        alias._history_user = user
        alias.save()
        label = str(SupplierAlias._meta.verbose_name_plural)
        counts[label] = counts.get(label, 0) + 1
    counts = {label: count for label, count in counts.items() if count}
    counts["_merged_id"] = other_pk
    return counts


@transaction.atomic
def duplicate_reject(*, supplier: Supplier, other: Supplier, user) -> DuplicateRejection:
    """Say two suppliers are not duplicates: the pair is not proposed again."""
    _supplier_may_change(user)
    if supplier.pk == other.pk:
        raise ValidationError(_("A pair is two different suppliers."), code="invalid")
    first, second = sorted([supplier.pk, other.pk])
    rejection, _created = DuplicateRejection.objects.get_or_create(
        first_id=first, second_id=second, defaults={"rejected_by": user}
    )
    return rejection
