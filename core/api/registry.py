"""Which model each API resource serves ('audits.audit' → 'audits'), filled by the router."""

RESOURCE_OF_MODEL: dict[str, str] = {}


def register(prefix: str, viewset) -> None:
    queryset = getattr(viewset, "queryset", None)
    if queryset is not None and not getattr(viewset, "public", False):
        RESOURCE_OF_MODEL.setdefault(queryset.model._meta.label_lower, prefix)
