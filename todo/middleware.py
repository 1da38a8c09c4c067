"""A user who changed something sees their own counts in the menu at once."""

from todo.selectors import forget_counts

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class ForgetCountsAfterChangeMiddleware:
    """After a request that may change data (POST and the like) by a logged-in user, their cached
    menu counts are dropped, so the next page counts again: approving a summary or closing a
    finding takes it off their own count on the very next page. Other users' counts may lag by
    up to ``todo.selectors.COUNTS_TIMEOUT`` seconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.method not in SAFE_METHODS and user is not None and user.is_authenticated:
            forget_counts(user)
        return response
