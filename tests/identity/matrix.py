"""Permission matrix rows of the login through an organisation's IdP and of MFA."""

from tests.matrix import MatrixRow, expect

ROWS = [
    # The choice of an organisation on the login page: anyone may send it; empty is refused.
    MatrixRow("identity:sso_start", expect(400, anonymous=400), method="post"),
    # An IdP that does not exist (or is turned off): 404 for everyone.
    MatrixRow("identity:sso_begin", expect(404, anonymous=404), kwargs=lambda w: {"pk": 999999}),
]


# The secretariat's register of IdPs and its page of users: 403 for every other role.


def _provider(world):
    from identity.models import IdentityProvider

    return IdentityProvider.objects.get_or_create(
        organisation=world.region_a,
        defaults={
            "protocol": "oidc",
            "oidc_issuer": "https://idp.regionorebrolan.se",
            "oidc_client_id": "hallbar",
            "oidc_client_secret": "hemligt",
            "email_domains": ["regionorebrolan.se"],
        },
    )[0]


def _provider_data(world):
    return {
        "organisation": world.region_b.pk,
        "protocol": "oidc",
        "enabled": "on",
        "email_domains": "regionstockholm.se",
        "oidc_issuer": "https://login.regionstockholm.se",
        "oidc_client_id": "hallbar",
        "client_secret": "s3cret",
        "oidc_scopes": "openid email profile",
        "attr_email": "email",
        "attr_first_name": "given_name",
        "attr_last_name": "family_name",
        "role_mapping": "",
        "default_role": "reader",
        "create_users": "on",
    }


def _target(world):
    from organisations.models import User

    return User.objects.get_or_create(username="matrix-target")[0]


def _inactive_target(world):
    from organisations.models import User

    return User.objects.get_or_create(username="matrix-inactive", defaults={"is_active": False})[0]


SECRETARIAT_PAGE = expect(403, secretariat=200)
SECRETARIAT_POST = expect(403, secretariat=302)

ROWS += [
    MatrixRow("identity:provider_list", SECRETARIAT_PAGE),
    MatrixRow("identity:provider_add", SECRETARIAT_PAGE),
    MatrixRow(
        "identity:provider_add", SECRETARIAT_POST, method="post", data=_provider_data, note="add"
    ),
    MatrixRow(
        "identity:provider_detail", SECRETARIAT_PAGE, kwargs=lambda w: {"pk": _provider(w).pk}
    ),
    MatrixRow("identity:provider_edit", SECRETARIAT_PAGE, kwargs=lambda w: {"pk": _provider(w).pk}),
    MatrixRow(
        "identity:provider_edit",
        SECRETARIAT_POST,
        kwargs=lambda w: {"pk": _provider(w).pk},
        method="post",
        data=lambda w: {**_provider_data(w), "organisation": w.region_a.pk, "client_secret": ""},
        note="change",
    ),
    MatrixRow(
        "identity:provider_delete", SECRETARIAT_PAGE, kwargs=lambda w: {"pk": _provider(w).pk}
    ),
    MatrixRow(
        "identity:provider_delete",
        SECRETARIAT_POST,
        kwargs=lambda w: {"pk": _provider(w).pk},
        method="post",
    ),
    MatrixRow("identity:user_list", SECRETARIAT_PAGE),
    MatrixRow("identity:user_detail", SECRETARIAT_PAGE, kwargs=lambda w: {"pk": _target(w).pk}),
    MatrixRow("identity:user_deactivate", SECRETARIAT_PAGE, kwargs=lambda w: {"pk": _target(w).pk}),
    MatrixRow(
        "identity:user_deactivate",
        SECRETARIAT_POST,
        kwargs=lambda w: {"pk": _target(w).pk},
        method="post",
        data=lambda w: {"reason": "Har slutat."},
    ),
    MatrixRow(
        "identity:user_reactivate",
        SECRETARIAT_PAGE,
        kwargs=lambda w: {"pk": _inactive_target(w).pk},
    ),
    MatrixRow(
        "identity:user_reactivate",
        SECRETARIAT_POST,
        kwargs=lambda w: {"pk": _inactive_target(w).pk},
        method="post",
    ),
]
