"""The admin follows the memberships: a secretariat member is staff in the admin group; a demoted
or removed one is neither; a staff user who is not a superuser cannot raise anyone's rights."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from organisations.models import Membership, User
from organisations.services import SECRETARIAT_GROUP
from tests.factories import RegionFactory, SecretariatFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs():
    return RegionFactory(code="SE-T"), SecretariatFactory()


def add_member(username, org, role):
    call_command("add_member", username, org=org, role=role, stdout=io.StringIO())
    return User.objects.get(username=username)


def in_admin_group(user) -> bool:
    return user.groups.filter(name=SECRETARIAT_GROUP).exists()


def admin_opens(client, user) -> bool:
    client.force_login(user)
    response = client.get("/admin/")
    return response.status_code == 200


def user_change_data(user, **changes):
    """The admin's user change form as the browser posts it, with the user's memberships."""
    memberships = list(Membership.objects.filter(user=user).order_by("pk"))
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "memberships-TOTAL_FORMS": len(memberships),
        "memberships-INITIAL_FORMS": len(memberships),
        "memberships-MIN_NUM_FORMS": 0,
        "memberships-MAX_NUM_FORMS": 1000,
    }
    for index, membership in enumerate(memberships):
        data[f"memberships-{index}-id"] = membership.pk
        data[f"memberships-{index}-user"] = user.pk
        data[f"memberships-{index}-organisation"] = membership.organisation_id
        data[f"memberships-{index}-role"] = membership.role
    data.update(changes)
    return data


def test_demoted_secretariat_member_loses_the_admin(orgs, client):
    karin = add_member("karin", "KANSLIET", "secretariat")
    assert karin.is_staff and in_admin_group(karin)
    assert admin_opens(client, karin)

    karin = add_member("karin", "KANSLIET", "reader")

    assert not karin.is_staff
    assert not in_admin_group(karin)
    assert not karin.has_perm("incidents.view_incident")
    client.force_login(karin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_second_secretariat_membership_keeps_the_admin(orgs):
    karin = add_member("karin", "KANSLIET", "secretariat")
    karin = add_member("karin", "SE-T", "reader")
    assert karin.is_staff and in_admin_group(karin)


def test_deleting_the_membership_removes_staff(orgs, client):
    karin = add_member("karin", "KANSLIET", "secretariat")
    Membership.objects.get(user=karin).delete()
    karin.refresh_from_db()
    assert not karin.is_staff
    assert not in_admin_group(karin)
    assert not admin_opens(client, karin)


def test_deleting_the_membership_in_the_admin_removes_staff(orgs, client):
    karin = add_member("karin", "KANSLIET", "secretariat")
    boss = User.objects.create_superuser("boss", "boss@example.se", "a-long-password")
    client.force_login(boss)
    membership = Membership.objects.get(user=karin)
    response = client.post(
        reverse("admin:organisations_membership_delete", args=[membership.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    karin.refresh_from_db()
    assert not karin.is_staff and not in_admin_group(karin)


def test_demotion_in_the_admin_inline_removes_staff(orgs, client):
    karin = add_member("karin", "KANSLIET", "secretariat")
    boss = User.objects.create_superuser("boss", "boss@example.se", "a-long-password")
    client.force_login(boss)
    response = client.post(
        reverse("admin:organisations_user_change", args=[karin.pk]),
        # The box stays ticked as the page showed it: staff status is not the superuser's to keep.
        user_change_data(karin, is_staff="on", **{"memberships-0-role": "reader"}),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    karin.refresh_from_db()
    assert Membership.objects.get(user=karin).role == "reader"
    assert not karin.is_staff and not in_admin_group(karin)


def test_promotion_in_the_admin_inline_gives_staff(orgs, client):
    anna = add_member("anna", "SE-T", "procurer")
    assert not anna.is_staff
    boss = User.objects.create_superuser("boss", "boss@example.se", "a-long-password")
    client.force_login(boss)
    secretariat = orgs[1]
    response = client.post(
        reverse("admin:organisations_organisation_change", args=[secretariat.pk]),
        {
            "code": secretariat.code,
            "name": secretariat.name,
            "kind": secretariat.kind,
            "country": "SE",
            "memberships-TOTAL_FORMS": 1,
            "memberships-INITIAL_FORMS": 0,
            "memberships-0-user": anna.pk,
            "memberships-0-role": "secretariat",
            "partnerships-TOTAL_FORMS": 0,
            "partnerships-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    anna.refresh_from_db()
    assert anna.is_staff and in_admin_group(anna)


def test_secretariat_staff_cannot_make_itself_superuser(orgs, client):
    karin = add_member("karin", "KANSLIET", "secretariat")
    client.force_login(karin)
    url = reverse("admin:organisations_user_change", args=[karin.pk])
    response = client.post(
        url,
        user_change_data(
            karin,
            first_name="Karin",
            is_superuser="on",
            is_staff="on",
            groups=[Group.objects.get(name=SECRETARIAT_GROUP).pk],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    karin.refresh_from_db()
    assert karin.first_name == "Karin"  # the rest of the form was saved
    assert not karin.is_superuser

    anna = add_member("anna", "SE-T", "reader")
    response = client.post(
        reverse("admin:organisations_user_change", args=[anna.pk]),
        user_change_data(anna, is_superuser="on", is_staff="on"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    anna.refresh_from_db()
    assert not anna.is_superuser and not anna.is_staff
    page = client.get(url).content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page


def test_secretariat_staff_cannot_change_a_superuser(orgs, client):
    karin = add_member("karin", "KANSLIET", "secretariat")
    boss = User.objects.create_superuser("boss", "boss@example.se", "a-long-password")
    client.force_login(karin)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[boss.pk]),
        {"password1": "karins-own-password-1", "password2": "karins-own-password-1"},
    )
    assert response.status_code == 403
    boss.refresh_from_db()
    assert boss.check_password("a-long-password")


def test_superuser_keeps_the_admin_without_membership(orgs, client):
    boss = User.objects.create_superuser("boss", "boss@example.se", "a-long-password")
    boss = add_member("boss", "SE-T", "reader")
    assert boss.is_staff and boss.is_superuser
    assert admin_opens(client, boss)
