"""Incremental sync of the category tree: a category's ``path`` in the API is made of its
ancestors' names, so renaming or moving a category changes every category beneath it."""

from django.db.models.signals import post_save
from django.utils import timezone

from riskanalysis.models import Category
from riskanalysis.selectors import category_with_descendant_ids


def touch_descendants(sender, instance, created=False, raw=False, **kwargs):
    if created or raw:
        return
    below = [pk for pk in category_with_descendant_ids(instance.pk) if pk != instance.pk]
    if below:
        Category.objects.filter(pk__in=below).update(modified=timezone.now())


def connect() -> None:
    post_save.connect(touch_descendants, sender=Category, dispatch_uid="category-descendants")
