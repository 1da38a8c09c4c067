"""``identity.services.sso_login``: the user an organisation's IdP vouches for, their membership
and role from its attributes at every login, and what is refused. Invented regions and IdPs."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from identity import services
from identity.choices import Protocol, Role
from identity.models import ExternalIdentity, IdentityProvider
from organisations.choices import OrganisationKind
from organisations.models import ApiToken, Membership, Organisation, User
from organisations.services import api_token_create, member_add


def _region(code="SE-Z", name="Region Jämtland Härjedalen"):
    return Organisation.objects.create(
        code=code, name=name, kind=OrganisationKind.REGION, population=131_000
    )


def _provider(organisation, **fields):
    values = {
        "organisation": organisation,
        "protocol": Protocol.SAML,
        "attr_username": "uid",
        "attr_email": "mail",
        "attr_first_name": "givenName",
        "attr_last_name": "sn",
        "attr_role": "hsaRole",
        "role_mapping": {"inkopare": Role.PROCURER, "lasare": Role.READER},
        "default_role": Role.READER,
    }
    values.update(fields)
    return IdentityProvider.objects.create(**values)


ATTRS = {
    "uid": ["karin.j"],
    "mail": ["karin.j@regionjh.test"],
    "givenName": ["Karin"],
    "sn": ["Jonsson"],
    "hsaRole": ["inkopare"],
}


@pytest.mark.django_db
def test_first_login_creates_the_user_with_the_mapped_role_and_no_password():
    provider = _provider(_region())
    user = services.sso_login(provider=provider, subject="SE2321000123-abc", attributes=ATTRS)
    assert (user.username, user.email, user.get_full_name()) == (
        "karin.j",
        "karin.j@regionjh.test",
        "Karin Jonsson",
    )
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (provider.organisation, Role.PROCURER)
    identity = ExternalIdentity.objects.get(user=user)
    assert identity.subject == "SE2321000123-abc" and identity.last_login is not None
    assert identity.attributes["hsaRole"] == ["inkopare"]
    assert membership.history.first().history_user == user


@pytest.mark.django_db
def test_later_logins_apply_the_mapping_again_and_a_demotion_takes_staff_away():
    secretariat = Organisation.objects.create(
        code="KANSLI", name="Kansliet", kind=OrganisationKind.SECRETARIAT
    )
    provider = _provider(secretariat, role_mapping={"kansli": Role.SECRETARIAT})
    user = services.sso_login(provider=provider, subject="s-1", attributes={"hsaRole": "kansli"})
    assert Membership.objects.get(user=user).role == Role.SECRETARIAT
    user.refresh_from_db()
    assert user.is_staff

    again = services.sso_login(provider=provider, subject="s-1", attributes={"hsaRole": "x"})
    assert again.pk == user.pk and User.objects.count() == 1
    assert Membership.objects.get(user=user).role == Role.READER  # the default role
    user.refresh_from_db()
    assert not user.is_staff


@pytest.mark.django_db
def test_the_strongest_mapped_role_wins_and_no_secretariat_role_outside_the_secretariat():
    provider = _provider(
        _region(), role_mapping={"a": Role.READER, "b": Role.PROCURER, "c": Role.SECRETARIAT}
    )
    user = services.sso_login(provider=provider, subject="x", attributes={"hsaRole": ["a", "b"]})
    assert Membership.objects.get(user=user).role == Role.PROCURER
    # "c" maps to the secretariat, which a region cannot give: no role, and no default here.
    provider.default_role = ""
    provider.save()
    with pytest.raises(services.SsoRefused) as refused:
        services.sso_login(provider=provider, subject="y", attributes={"hsaRole": ["c"]})
    assert refused.value.code == "no_role"
    assert not ExternalIdentity.objects.filter(subject="y").exists()


@pytest.mark.django_db
def test_a_role_taken_away_at_the_idp_removes_the_membership_and_refuses_the_login():
    provider = _provider(_region(), default_role="")
    user = services.sso_login(provider=provider, subject="k", attributes=ATTRS)
    api_token_create(user=user, name="BI", days=30)
    with pytest.raises(services.SsoRefused) as refused:
        services.sso_login(provider=provider, subject="k", attributes={**ATTRS, "hsaRole": []})
    assert refused.value.code == "no_role"
    assert not Membership.objects.filter(user=user).exists()
    # With no role left anywhere, the user's API tokens stop working at once.
    assert ApiToken.objects.usable(timezone.now()).filter(user=user).count() == 0
    assert ApiToken.objects.get(user=user).revoked_at is not None
    # The user and their link stay (history is kept); the secretariat may deactivate them.
    assert ExternalIdentity.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_an_idp_never_takes_over_an_existing_local_account():
    region = _region()
    member_add(username="karin.j", organisation=region, role=Role.READER, password="a-long-pw-1")
    provider = _provider(region)
    user = services.sso_login(provider=provider, subject="other-karin", attributes=ATTRS)
    assert user.username == "karin.j.se-z"
    assert User.objects.get(username="karin.j").external_identities.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"enabled": False}, "disabled"),
        ({"create_users": False}, "unknown_user"),
    ],
)
def test_a_disabled_idp_or_an_unknown_user_when_creation_is_off_is_refused(change, code):
    provider = _provider(_region(), **change)
    with pytest.raises(services.SsoRefused) as refused:
        services.sso_login(provider=provider, subject="new", attributes=ATTRS)
    assert refused.value.code == code
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_a_deactivated_user_is_refused_and_nothing_changes():
    provider = _provider(_region())
    user = services.sso_login(provider=provider, subject="k", attributes=ATTRS)
    User.objects.filter(pk=user.pk).update(is_active=False)
    with pytest.raises(services.SsoRefused) as refused:
        services.sso_login(provider=provider, subject="k", attributes={**ATTRS, "sn": ["Nytt"]})
    assert refused.value.code == "inactive"
    user.refresh_from_db()
    assert user.last_name == "Jonsson"


@pytest.mark.django_db
def test_no_subject_is_refused():
    provider = _provider(_region())
    with pytest.raises(services.SsoRefused):
        services.sso_login(provider=provider, subject="  ", attributes=ATTRS)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_first_logins_of_one_person_at_once_make_one_user():
    provider = _provider(_region())
    barrier = threading.Barrier(2)
    outcomes = []

    def run():
        try:
            barrier.wait()
            user = services.sso_login(provider=provider, subject="same", attributes=ATTRS)
            outcomes.append(user.pk)
        except Exception as error:  # a database error is what the test looks for
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(outcomes) == 2 and outcomes[0] == outcomes[1], outcomes
    assert User.objects.count() == 1 and ExternalIdentity.objects.count() == 1
    assert Membership.objects.count() == 1


@pytest.mark.django_db
def test_mfa_is_always_required_for_the_secretariat():
    from django.core.exceptions import ValidationError

    assert Role.SECRETARIAT in services.mfa_required_roles()
    with pytest.raises(ValidationError):
        services.mfa_requirement_set(role=Role.SECRETARIAT, required=False, user=None)
    services.mfa_requirement_set(role=Role.AUDITOR, required=True, user=None)
    assert services.mfa_required_roles() == {Role.SECRETARIAT, Role.AUDITOR}
