"""What incremental sync needs from every save and delete.

- A deleted BaseModel row is written to the deletion log (core.Deletion), with who deleted it
  when the deleting code set ``_history_user`` (the services and the API do).
- A row that an API resource shows inside its parent (an audit's results, an incident's timeline,
  a version's clauses) names that parent in ``sync_parent``; saving or deleting it marks the parent
  (and its own parent, up the chain) as modified, so a client pulling ``modified_since`` gets the
  parent again with the change in it. So does a change of a parent's many-to-many relations.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
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
    )
    touch_parents(instance)


def on_m2m_changed(sender, instance, action, reverse=False, model=None, pk_set=None, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    now = timezone.now()
    if not reverse:
        if isinstance(instance, BaseModel):
            type(instance)._default_manager.filter(pk=instance.pk).update(modified=now)
    elif model is not None and issubclass(model, BaseModel) and pk_set:
        # organisation.co_led_audits.add(audit): the audits changed.
        model._default_manager.filter(pk__in=pk_set).update(modified=now)


def connect() -> None:
    post_save.connect(on_save, dispatch_uid="hallbar-sync-save")
    post_delete.connect(on_delete, dispatch_uid="hallbar-sync-delete")
    m2m_changed.connect(on_m2m_changed, dispatch_uid="hallbar-sync-m2m")
