"""Authentication by a normalised username: ``ＡＮＮＡ``, ``Anna `` and ``anna`` are one user, the
same spelling the login lock counts (core.login_lock.normalise_username)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from core.login_lock import normalise_username


class NormalisedUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        wanted = normalise_username(username)
        User = get_user_model()
        candidates = [
            user
            for user in User._default_manager.filter(username__iexact=wanted)
            if normalise_username(user.username) == wanted
        ]
        if len(candidates) != 1:
            # No such user, or two accounts differing only in case: only the exact spelling.
            candidates = [user for user in candidates if user.username == username]
        if len(candidates) != 1:
            User().set_password(password)  # the same work as a check: no timing difference
            return None
        user = candidates[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
