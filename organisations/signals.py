"""The safety net: whatever changes or deletes a membership, the user's admin access follows."""

from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

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


# A login notes the time on the user (Django's update_last_login) and nothing else: no history
# row per login (the user's history is of names, addresses, flags; last_login is left out of it).
user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")


@receiver(user_logged_in, dispatch_uid="hallbar_update_last_login")
def last_login_noted(sender, user, **kwargs):
    # An UPDATE of the one column: no save signal, so no history row, and nothing set on the
    # user object (several requests may log the same object in at once, as tests do).
    user.last_login = timezone.now()
    type(user)._default_manager.filter(pk=user.pk).update(last_login=user.last_login)
