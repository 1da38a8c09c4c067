"""API permission matrix rows of core: the API root, the deletion log, and every list's ids."""

from tests.matrix import ApiRow, api_expect


def _ids_rows():
    """Each list's ids answer like the list: 200 for every signed-in role (the auditor's list
    holds what is theirs), 401 anonymous; the public summaries are open."""
    from hallbar.api_urls import router

    rows = []
    for _prefix, viewset, basename in router.registry:
        if not hasattr(viewset, "ids"):
            continue
        public = getattr(viewset, "public", False)
        rows.append(
            ApiRow(f"api:{basename}-ids", expect=api_expect(200, anonymous=200 if public else 401))
        )
    return rows


ROWS = [
    ApiRow("api:api-root", expect=api_expect(200)),
    ApiRow("api:deletion-list", expect=api_expect(200)),
    ApiRow(
        "api:deletion-list",
        query={"since": "yesterday"},
        note="bad-since",
        expect=api_expect(400),
    ),
    *_ids_rows(),
]
