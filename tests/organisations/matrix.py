"""Permission matrix rows of the organisation register and of each user's API tokens."""

from core.testing.matrix import MatrixRow, expect


def _token_of_procurer_a(world):
    from organisations.services import api_token_create

    token, _raw = api_token_create(user=world.users["procurer_a"], name="BI", days=30)
    return {"pk": token.pk}


ROWS = [
    MatrixRow("organisations:organisation_list", expect(200)),
    MatrixRow(
        "organisations:organisation_detail",
        expect(200, auditor=404),
        kwargs=lambda w: {"pk": w.region_a.pk},
    ),
    # Every member makes and sees their own tokens.
    MatrixRow("organisations:apitoken_list", expect(200)),
    MatrixRow(
        "organisations:apitoken_list",
        expect(200),
        method="post",
        data=lambda w: {"name": "BI-system", "days": "30"},
        note="create",
    ),
    # Revoking: the owner and the secretariat; anyone else's is 404.
    MatrixRow(
        "organisations:apitoken_revoke",
        expect(404, secretariat=302, procurer_a=302),
        kwargs=_token_of_procurer_a,
        method="post",
    ),
]
