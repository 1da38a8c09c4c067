"""Permission matrix rows of the organisation register and of each user's API tokens."""

from tests.matrix import MatrixRow, expect


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


# Partnerships (samarbeten): every reader sees them; the secretariat writes them and their
# texts per year. Rows the world lacks are made by the rows themselves (get_or_create: the
# URL's and the body's lambdas may both ask).


def partnership(world):
    from organisations.models import Partnership

    return Partnership.objects.get_or_create(
        partner=world.partner, kind="cooperation_agreement", defaults={"since_year": 2015}
    )[0]


def partnership_year(world):
    from organisations.models import PartnershipYear

    return PartnershipYear.objects.get_or_create(
        partnership=partnership(world),
        year=2024,
        defaults={"description": "Samverkansavtal; fokus på avtalsuppföljning."},
    )[0]


def _partnership_data(world):
    return {"partner": world.partner.pk, "kind": "cooperation_agreement", "since_year": 2014}


CHANGE_PAGE = expect(404, secretariat=200)
CHANGE_POST = expect(404, secretariat=302)

ROWS += [
    MatrixRow("organisations:partnership_list", expect(200)),
    MatrixRow(
        "organisations:partnership_detail",
        expect(200, auditor=404),
        kwargs=lambda w: {"pk": partnership(w).pk},
    ),
    MatrixRow("organisations:partnership_add", expect(403, secretariat=200)),
    MatrixRow(
        "organisations:partnership_add",
        expect(403, secretariat=302),
        method="post",
        data=lambda w: {"partner": w.partner.pk, "kind": "membership", "since_year": 2016},
    ),
    MatrixRow(
        "organisations:partnership_edit", CHANGE_PAGE, kwargs=lambda w: {"pk": partnership(w).pk}
    ),
    MatrixRow(
        "organisations:partnership_edit",
        CHANGE_POST,
        kwargs=lambda w: {"pk": partnership(w).pk},
        method="post",
        data=_partnership_data,
    ),
    MatrixRow(
        "organisations:partnership_delete",
        CHANGE_PAGE,
        kwargs=lambda w: {"pk": partnership(w).pk},
    ),
    MatrixRow(
        "organisations:partnership_delete",
        CHANGE_POST,
        kwargs=lambda w: {"pk": partnership(w).pk},
        method="post",
    ),
    MatrixRow(
        "organisations:partnershipyear_add",
        CHANGE_PAGE,
        kwargs=lambda w: {"pk": partnership(w).pk},
    ),
    MatrixRow(
        "organisations:partnershipyear_add",
        CHANGE_POST,
        kwargs=lambda w: {"pk": partnership(w).pk},
        method="post",
        data=lambda w: {"year": 2025, "description": "Gemensam utbildning om avtalsuppföljning."},
    ),
    MatrixRow(
        "organisations:partnershipyear_edit",
        CHANGE_PAGE,
        kwargs=lambda w: {"pk": partnership_year(w).pk},
    ),
    MatrixRow(
        "organisations:partnershipyear_edit",
        CHANGE_POST,
        kwargs=lambda w: {"pk": partnership_year(w).pk},
        method="post",
        data=lambda w: {"description": "Samverkansavtal (ändrat)."},
    ),
    MatrixRow(
        "organisations:partnershipyear_delete",
        CHANGE_PAGE,
        kwargs=lambda w: {"pk": partnership_year(w).pk},
    ),
    MatrixRow(
        "organisations:partnershipyear_delete",
        CHANGE_POST,
        kwargs=lambda w: {"pk": partnership_year(w).pk},
        method="post",
    ),
]


# The organisation register: every reader sees it; the secretariat adds, changes and deletes.


def unreferenced_organisation(world):
    from organisations.models import Organisation

    return Organisation.objects.get_or_create(
        code="NORDNET", defaults={"name": "Nordiskt nätverk", "kind": "network", "country": ""}
    )[0]


def _organisation_data(world):
    return {"code": "NORDNET", "name": "Nordiskt nätverk för upphandling", "kind": "network"}


ROWS += [
    MatrixRow("organisations:organisation_add", expect(403, secretariat=200)),
    MatrixRow(
        "organisations:organisation_add",
        expect(403, secretariat=302),
        method="post",
        data=_organisation_data,
    ),
    MatrixRow(
        "organisations:organisation_edit", CHANGE_PAGE, kwargs=lambda w: {"pk": w.partner.pk}
    ),
    MatrixRow(
        "organisations:organisation_edit",
        CHANGE_POST,
        kwargs=lambda w: {"pk": w.partner.pk},
        method="post",
        data=lambda w: {"code": "ADDA", "name": "Adda Inköpscentral AB", "kind": "purchasing_body"},
    ),
    MatrixRow(
        "organisations:organisation_delete",
        CHANGE_PAGE,
        kwargs=lambda w: {"pk": unreferenced_organisation(w).pk},
    ),
    MatrixRow(
        "organisations:organisation_delete",
        CHANGE_POST,
        kwargs=lambda w: {"pk": unreferenced_organisation(w).pk},
        method="post",
    ),
]
