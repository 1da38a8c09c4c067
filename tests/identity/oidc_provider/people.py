"""The test IdP's two people and their password (also read by the tests)."""

# The test people: username → (first name, last name, e-mail, extra claims).
PEOPLE = {
    "cecilia.orebro": (
        "Cecilia",
        "Örebro",
        "cecilia.orebro@regionorebrolan.se",
        {"role": "upphandlare", "region": "SE-T"},
    ),
    "david.vastra": (
        "David",
        "Västra",
        "david.vastra@vgregion.se",
        {"role": "upphandlare", "region": "SE-O"},
    ),
}
PASSWORD = "idp-password-1"
