"""The safety net: whatever changes or deletes a membership, the user's admin access follows."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from organisations.models import Membership, User
from organisations.services import user_privileges_sync


@receiver(post_save, sender=Membership, dispatch_uid="membership_saved_privileges")
def membership_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # loaddata: the fixture carries the user's flags as they were
        user_privileges_sync(instance.user)


@receiver(post_delete, sender=Membership, dispatch_uid="membership_deleted_privileges")
def membership_deleted(sender, instance, **kwargs):
    try:
        user = instance.user
    except User.DoesNotExist:  # deleted with the user: nothing left to grant or withdraw
        return
    user_privileges_sync(user)
