"""Who reaches an endpoint at all; what they reach within it is the gate's (``for_user``)."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class PortalApiPermission(BasePermission):
    """Signed-in callers (token or session); anonymous callers only on public endpoints, to read.

    Everything finer (which rows, which changes) is the model's permission gate, applied by the
    viewset, so the API can never reach further than the portal.
    """

    def has_permission(self, request, view):
        if getattr(view, "public", False) and request.method in SAFE_METHODS:
            return True
        user = getattr(request, "user", None)
        return bool(user and user.is_authenticated)
