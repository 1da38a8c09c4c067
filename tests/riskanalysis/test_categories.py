"""The category tree and its priority periods, written by the secretariat in the portal and over
the API through the same services: a 2026 period reaches the 2026 report, bad input is refused
on its field with nothing saved, a used category is kept."""

import pytest
from django.urls import reverse

from core.models import Deletion
from reporting.report_data import report_snapshot
from riskanalysis.models import Category, CategoryPriority

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]

CATEGORIES = reverse("api:category-list")
PRIORITIES = reverse("api:categorypriority-list")


def category_url(category) -> str:
    return reverse("api:category-detail", args=[category.pk])


def prioritised_2026() -> list[tuple[str, int, int]]:
    rows = report_snapshot(year=2026)["risks"]["prioritised_categories"]
    return [(row["category"], row["start_year"], row["end_year"]) for row in rows]


# In the portal --------------------------------------------------------------------------------


def test_the_secretariat_adds_a_category_and_its_2026_period_in_the_portal(client, world):
    client.force_login(world.users["secretariat"])
    tree = client.get(reverse("riskanalysis:category_tree")).content.decode()
    assert reverse("riskanalysis:category_add") in tree
    response = client.post(
        reverse("riskanalysis:category_add"),
        {"name": " Skyddshandskar ", "parent": world.category.pk, "description": ""},
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    category = Category.objects.get(name="Skyddshandskar")
    assert category.parent == world.category
    assert response["Location"] == category.get_absolute_url()
    assert category.history.get().history_user == world.users["secretariat"]

    add = reverse("riskanalysis:categorypriority_add", args=[category.pk])
    assert add in client.get(reverse("riskanalysis:category_tree")).content.decode()
    response = client.post(
        add, {"start_year": "2026", "end_year": "2028", "labour_rights_risk": "very_high"}
    )
    assert response.status_code == 302
    priority = category.priorities.get()
    assert (priority.start_year, priority.end_year) == (2026, 2028)
    assert priority.history.get().history_user == world.users["secretariat"]
    assert ("Läkemedel / Skyddshandskar", 2026, 2028) in prioritised_2026()

    edit = reverse("riskanalysis:categorypriority_edit", args=[priority.pk])
    assert edit in client.get(reverse("riskanalysis:category_tree")).content.decode()
    response = client.post(edit, {"start_year": "2026", "end_year": "2027"})
    assert response.status_code == 302
    priority.refresh_from_db()
    assert priority.end_year == 2027

    response = client.post(reverse("riskanalysis:categorypriority_delete", args=[priority.pk]))
    assert response["Location"] == category.get_absolute_url()
    assert not category.priorities.exists()

    response = client.post(reverse("riskanalysis:category_delete", args=[category.pk]))
    assert response["Location"] == reverse("riskanalysis:category_tree")
    assert not Category.objects.filter(pk=category.pk).exists()


def test_a_category_cannot_go_under_itself_or_its_subcategory(client, world):
    client.force_login(world.users["secretariat"])
    edit = reverse("riskanalysis:category_edit", args=[world.category.pk])
    for parent, message in (
        (
            world.subcategory,
            "En kategori kan inte placeras under sig själv eller en av sina underkategorier.",
        ),
        (world.category, "En kategori kan inte vara sin egen överkategori."),
    ):
        response = client.post(
            edit, {"name": "Läkemedel", "parent": parent.pk}, HTTP_ACCEPT_LANGUAGE="sv"
        )
        assert response.status_code == 400
        assert response.context["form"].errors["parent"] == [message]
    world.category.refresh_from_db()
    assert world.category.parent is None


def test_a_period_that_ends_before_it_starts_is_refused_on_the_field(client, world):
    client.force_login(world.users["secretariat"])
    response = client.post(
        reverse("riskanalysis:categorypriority_add", args=[world.subcategory.pk]),
        {"start_year": "2028", "end_year": "2026"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.context["form"].errors["end_year"] == [
        "A priority period cannot end before it starts."
    ]
    assert not world.subcategory.priorities.exists()


def test_a_duplicate_name_under_the_same_parent_is_refused(client, world):
    client.force_login(world.users["secretariat"])
    response = client.post(
        reverse("riskanalysis:category_add"),
        {"name": "Antibiotika", "parent": world.category.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.context["form"].errors["name"] == [
        "This parent already has a category of that name."
    ]
    assert Category.objects.filter(name="Antibiotika").count() == 1


def test_a_used_category_is_not_deleted(client, world):
    client.force_login(world.users["secretariat"])
    delete = reverse("riskanalysis:category_delete", args=[world.category.pk])
    # Asked first: the page says why at once, on the tree.
    response = client.get(delete, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    text = response.content.decode()
    assert "Läkemedel cannot be deleted: it is used by" in text
    assert "risk analyses" in text and "subcategories" in text
    response = client.post(delete)
    assert response.status_code == 302
    assert Category.objects.filter(pk=world.category.pk).exists()


@pytest.mark.parametrize("role", ["procurer_a", "reader"])
def test_others_get_no_buttons_and_no_pages(client, world, role):
    client.force_login(world.users[role])
    tree = client.get(reverse("riskanalysis:category_tree")).content.decode()
    assert reverse("riskanalysis:category_add") not in tree
    assert reverse("riskanalysis:category_edit", args=[world.category.pk]) not in tree
    assert client.get(reverse("riskanalysis:category_add")).status_code == 403
    response = client.post(reverse("riskanalysis:category_add"), {"name": "X"})
    assert response.status_code == 403
    response = client.post(
        reverse("riskanalysis:categorypriority_add", args=[world.category.pk]),
        {"start_year": "2026", "end_year": "2028"},
    )
    assert response.status_code == 404
    assert not Category.objects.filter(name="X").exists()
    assert not CategoryPriority.objects.filter(start_year=2026).exists()


# Over the API ---------------------------------------------------------------------------------


def test_the_secretariat_writes_the_tree_over_the_api(world, api_as):
    client = api_as("secretariat")
    response = client.post(
        CATEGORIES, {"name": "Skyddshandskar", "parent": world.category.pk}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["path"] == ["Läkemedel", "Skyddshandskar"] and body["priorities"] == []
    category = Category.objects.get(pk=body["id"])

    response = client.post(
        PRIORITIES,
        {
            "category": category.pk,
            "start_year": 2026,
            "end_year": 2028,
            "environment_risk": "medium",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    priority = CategoryPriority.objects.get(pk=response.json()["id"])
    assert priority.history.get().history_user == world.users["secretariat"]
    assert ("Läkemedel / Skyddshandskar", 2026, 2028) in prioritised_2026()
    assert client.get(category_url(category)).json()["priorities"][0]["start_year"] == 2026

    response = client.patch(
        reverse("api:categorypriority-detail", args=[priority.pk]),
        {"end_year": 2027, "category": world.category.pk},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["end_year"] == 2027
    assert response.json()["category"] == category.pk  # it stays with its category

    response = client.patch(category_url(category), {"parent": world.subcategory.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["path"] == ["Läkemedel", "Antibiotika", "Skyddshandskar"]

    assert client.delete(category_url(category)).status_code == 204
    assert not CategoryPriority.objects.filter(pk=priority.pk).exists()
    assert Deletion.objects.filter(model="riskanalysis.category", object_id=category.pk).exists()


@pytest.mark.parametrize(
    ("url", "method", "data", "field", "swedish"),
    [
        (
            "category",
            "patch",
            {"parent": "subcategory"},
            "parent",
            "En kategori kan inte placeras under sig själv eller en av sina underkategorier.",
        ),
        (
            "categories",
            "post",
            {"name": "Antibiotika", "parent": "category"},
            "name",
            None,
        ),
        (
            "priorities",
            "post",
            {"category": "subcategory", "start_year": 2027, "end_year": 2026},
            "end_year",
            None,
        ),
    ],
)
def test_bad_input_over_the_api_is_refused_on_its_field(
    world, api_as, url, method, data, field, swedish
):
    client = api_as("secretariat")
    data = {
        name: getattr(world, value).pk if value in ("category", "subcategory") else value
        for name, value in data.items()
    }
    target = {
        "category": category_url(world.category),
        "categories": CATEGORIES,
        "priorities": PRIORITIES,
    }[url]
    before = (Category.objects.count(), CategoryPriority.objects.count())
    response = getattr(client, method)(target, data, format="json", HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert list(errors) == [field]
    if swedish:
        assert errors[field] == [swedish]
    assert (Category.objects.count(), CategoryPriority.objects.count()) == before
    world.category.refresh_from_db()
    assert world.category.parent is None


def test_a_used_category_is_not_deleted_over_the_api(world, api_as):
    response = api_as("secretariat").delete(category_url(world.category), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code in (400, 409), response.content
    assert "cannot be deleted: it is used by" in response.content.decode()
    assert Category.objects.filter(pk=world.category.pk).exists()


@pytest.mark.parametrize("role", ["procurer_a", "reader"])
def test_others_may_not_write_the_tree_over_the_api(world, api_as, role):
    client = api_as(role)
    response = client.post(CATEGORIES, {"name": "X"}, format="json")
    assert response.status_code == 403
    response = client.post(
        PRIORITIES,
        {"category": world.category.pk, "start_year": 2026, "end_year": 2028},
        format="json",
    )
    assert response.status_code == 403
    assert client.patch(category_url(world.category), {"name": "Y"}).status_code == 403
    assert client.delete(category_url(world.subcategory)).status_code == 403
    assert not Category.objects.filter(name__in=["X", "Y"]).exists()
