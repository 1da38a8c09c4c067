"""What incremental sync needs from every save and delete.

- A deleted BaseModel row is written to the deletion log (core.Deletion), with who deleted it
  when the deleting code set ``_history_user`` (the services and the API do).
- A row that an API resource shows inside its parent (an audit's results, an incident's timeline,
  a version's clauses) names that parent in ``sync_parent``; saving or deleting it marks the parent
  (and its own parent, up the chain) as modified, so a client pulling ``modified_since`` gets the
  parent again with the change in it. So does a change of many-to-many relations (both sides),
  and a deletion that removes a row from others' many-to-many lists or nulls their reference.
- Not covered: a copied name (``supplier_name``, ``lead_organisation_code``) that changes with its
  row; mirrors join on the ids, which never change.
"""

from __future__ import annotations

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils import timezone

from core.models import BaseModel, Deletion


def touch_parents(instance) -> None:
    """Mark the parent chain of ``instance`` as modified now."""
    model = type(instance)
    name = getattr(model, "sync_parent", None)
    if not name:
        return
    now = timezone.now()
    field = model._meta.get_field(name)
    parent_id = getattr(instance, field.attname, None)
    for _depth in range(5):  # the chains are short: clause → version → instrument
        if parent_id is None:
            return
        parent_model = field.related_model
        # update() bypasses auto_now and the history: only the sync key moves.
        parent_model._default_manager.filter(pk=parent_id).update(modified=now)
        name = getattr(parent_model, "sync_parent", None)
        if not name:
            return
        field = parent_model._meta.get_field(name)
        parent_id = (
            parent_model._default_manager.filter(pk=parent_id)
            .values_list(field.attname, flat=True)
            .first()
        )


def on_save(sender, instance, raw=False, **kwargs):
    if raw or not isinstance(instance, BaseModel):
        return
    touch_parents(instance)


def on_delete(sender, instance, **kwargs):
    if not isinstance(instance, BaseModel):
        return
    user = getattr(instance, "_history_user", None)
    Deletion.objects.create(
        model=instance._meta.label_lower,
        object_id=instance.pk,
        deleted_at=timezone.now(),
        deleted_by=user if getattr(user, "pk", None) else None,
        restricted=bool(getattr(instance, "confidential", False)),
    )
    touch_parents(instance)


def on_pre_delete(sender, instance, **kwargs):
    """Rows that show the deleted row in a many-to-many list, or lose it from a reference set
    to null, change without a save of their own: mark them modified."""
    if not isinstance(instance, BaseModel):
        return
    now = timezone.now()
    for relation in instance._meta.related_objects:
        model = relation.related_model
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            continue
        if relation.many_to_many or (
            relation.one_to_many and relation.on_delete is models.SET_NULL
        ):
            model._default_manager.filter(**{relation.field.name: instance}).update(modified=now)


def on_m2m_changed(sender, instance, action, reverse=False, model=None, pk_set=None, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    now = timezone.now()
    if isinstance(instance, BaseModel):
        type(instance)._default_manager.filter(pk=instance.pk).update(modified=now)
    # The other side changed too: audit.co_lead_organisations.add(org) changes org's reverse
    # list, instrument.related_instruments.add(other) changes other's (symmetric) list.
    if model is not None and issubclass(model, BaseModel) and pk_set:
        model._default_manager.filter(pk__in=pk_set).update(modified=now)


def connect() -> None:
    post_save.connect(on_save, dispatch_uid="hallbar-sync-save")
    post_delete.connect(on_delete, dispatch_uid="hallbar-sync-delete")
    pre_delete.connect(on_pre_delete, dispatch_uid="hallbar-sync-pre-delete")
    m2m_changed.connect(on_m2m_changed, dispatch_uid="hallbar-sync-m2m")
