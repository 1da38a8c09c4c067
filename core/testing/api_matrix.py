"""The API permission matrix: every endpoint and method of /api/v1/ × every kind of user.

Each app declares its rows in ``tests/<app>/api_matrix.py`` as ``ROWS``; the test
``tests/test_api_matrix.py`` collects them, fails when an endpoint's method has no row, and checks
each row's status for every role, calling with the role's real API token (anonymous: none). A new
endpoint is covered by a few lines:

    ApiRow("api:audit-detail", kwargs=lambda w: {"pk": w.audit_a.pk},
           expect=api_expect(200, auditor=404))
    ApiRow("api:audit-close", "post", kwargs=..., expect=api_expect(403, ...))

The world is the portal matrix's (core.testing.matrix.World), so both matrices speak of the same
regions, users and objects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.testing.matrix import ROLES

UNAUTHENTICATED = 401
# The methods whose rows the matrix requires for every route (HEAD and OPTIONS follow GET).
METHODS = ("get", "post", "patch", "delete")


def api_expect(default: int, **by_role: int) -> dict[str, int]:
    """Statuses per role: ``default`` for every role not named; anonymous → 401 unless named."""
    statuses = dict.fromkeys(ROLES, default)
    statuses["anonymous"] = UNAUTHENTICATED
    statuses.update(by_role)
    return statuses


@dataclass(frozen=True)
class ApiRow:
    url_name: str
    method: str = "get"
    expect: dict[str, int] | None = None
    kwargs: Callable | None = None  # world -> URL kwargs
    data: Callable | None = None  # world -> JSON body
    query: dict | None = None
    note: str = ""

    def url_kwargs(self, world) -> dict:
        return self.kwargs(world) if self.kwargs else {}

    def body(self, world):
        return self.data(world) if self.data else None


def api_endpoints() -> set[tuple[str, str]]:
    """Every (URL name, method) the API router serves, e.g. ('api:audit-close', 'post')."""
    from hallbar.api_urls import router

    pairs = {("api:api-root", "get")}
    for _prefix, viewset, basename in router.registry:
        for route in router.get_routes(viewset):
            mapping = router.get_method_map(viewset, route.mapping)
            if not mapping:
                continue
            name = route.name.format(basename=basename)
            for method in mapping:
                if method in METHODS:
                    pairs.add((f"api:{name}", method))
    return pairs
