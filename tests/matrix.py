"""The permission matrices: every portal URL pattern and every API endpoint × every kind of user.

Each app declares its rows in ``tests/<app>/matrix.py`` (``MatrixRow``, the portal) and
``tests/<app>/api_matrix.py`` (``ApiRow``, the API) as ``ROWS``; ``tests/test_permission_matrix.py``
and ``tests/test_api_matrix.py`` collect them, fail when a URL pattern or an endpoint's method has
no row, and check every row's status for every role. A new view is covered by one row:

    MatrixRow("suppliers:supplier_detail", kwargs=lambda w: {"pk": w.supplier.pk},
              expect=ALL_READERS_200)
    ApiRow("api:audit-detail", kwargs=lambda w: {"pk": w.audit_a.pk},
           expect=api_expect(200, auditor=404))
    ApiRow("api:audit-close", "post", kwargs=..., expect=api_expect(403, ...))

Both run against the one test world (``tests.world.World``), so they speak of the same regions,
users and objects. The API matrix calls with the role's real API token (anonymous: none).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("anonymous", "secretariat", "procurer_a", "procurer_b", "reader", "auditor")

# URL namespaces that are not the portal's own (the admin has its own permission system).
# The API has its own matrix (ApiRow below); its schema and docs are public.
EXCLUDED_NAMESPACES = {"admin", "api"}
EXCLUDED_NAMES = {"set_language", "healthz", "javascript-catalog", "api-schema", "api-docs"}

LOGIN = 302  # anonymous users are sent to the login page


def expect(default: int, **by_role: int) -> dict[str, int]:
    """Statuses per role: ``default`` for every role not named, anonymous → 302 unless named."""
    statuses = dict.fromkeys(ROLES, default)
    statuses["anonymous"] = LOGIN
    statuses.update(by_role)
    return statuses


@dataclass(frozen=True)
class MatrixRow:
    url_name: str
    expect: dict[str, int]
    kwargs: Callable | None = None  # world -> URL kwargs
    method: str = "get"
    data: Callable | None = None  # world -> POST data
    note: str = ""
    extra: dict = field(default_factory=dict)

    def url_kwargs(self, world) -> dict:
        return self.kwargs(world) if self.kwargs else {}

    def post_data(self, world) -> dict:
        return self.data(world) if self.data else {}


def portal_url_names() -> set[str]:
    """Every named URL pattern of the portal, as 'namespace:name' (or 'name' at the root)."""
    names: set[str] = set()

    def walk(patterns, namespace: str | None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in EXCLUDED_NAMESPACES:
                    continue
                inner = pattern.namespace or namespace
                if pattern.namespace and namespace:
                    inner = f"{namespace}:{pattern.namespace}"
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                if pattern.name in EXCLUDED_NAMES:
                    continue
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


MATRIX_APPS = tuple(settings.LOCAL_APPS)


def collect_rows(module: str) -> list:
    """The ROWS of ``tests/<app>/<module>.py`` of every app that has one ('matrix' for the
    portal, 'api_matrix' for the API)."""

    rows = []
    for app in MATRIX_APPS:
        name = f"tests.{app}.{module}"
        try:
            found = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        rows.extend(found.ROWS)
    return rows


# The API matrix

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
