from core.api.views import DeletionViewSet

ROUTES = [("deletions", DeletionViewSet, "deletion")]
