import pytest

from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def active_items(response):
    return [item["label"] for item in response.context["navigation"] if item["active"]]


def test_exactly_one_menu_item_is_active(client):
    client.force_login(MembershipFactory().user)
    assert [str(x) for x in active_items(client.get("/riskanalysis/categories/"))] == [
        "Kategoriträd"
    ]
    assert len(active_items(client.get("/"))) == 1
    assert active_items(client.get("/audits/public/")) == []


def test_anonymous_visitors_get_no_menu(client):
    assert client.get("/audits/public/").context["navigation"] == []
