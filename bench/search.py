"""The search page (``/search/?q=…``) on the scale data: server time and query count.

Used by bench/run.py (``make bench --only search``): a few searches as the secretariat and as a
procurer of a region (whose gate adds its subqueries), each through Django's test client like
bench/portal.py, the median of ``runs`` after a warm-up. The cases: a name the 2024 report
misspells (trigram similarity over the suppliers and their aliases), a company name with its
company form written out, an organisation number, and words of the findings' texts (the Swedish
full-text search over every finding).
"""

from __future__ import annotations

from bench.portal import logged_in_client, measure_page

CASES = [
    ("misspelt name 'Vitri Medical'", "Vitri Medical"),
    ("name with company form 'Nordmed Aktiebolag'", "Nordmed Aktiebolag"),
    ("organisation number prefix '556'", "556"),
    ("finding text 'mutor korruption'", "mutor korruption"),
    ("finding text 'underleverantör'", "underleverantör"),
]


def bench_procurer():
    """The account ``bench-upphandlare``, a procurer of the first region (made on first use)."""
    from organisations.models import Membership, Organisation, User

    user, created = User.objects.get_or_create(username="bench-upphandlare")
    if created:
        region = Organisation.objects.filter(kind="region").order_by("code").first()
        Membership.objects.create(user=user, organisation=region, role="procurer")
    return user


def search_cases(secretariat) -> list[tuple[str, str, object]]:
    """(case, path, user) of every search measured."""
    from urllib.parse import urlencode

    procurer = bench_procurer()
    cases = []
    for who, user in (("secretariat", secretariat), ("procurer", procurer)):
        for case, text in CASES:
            cases.append((f"{case} as {who}", "/search/?" + urlencode({"q": text}), user))
    return cases


def measure_searches(secretariat, runs: int) -> list[tuple[str, dict]]:
    results = []
    clients = {}
    for case, path, user in search_cases(secretariat):
        client = clients.setdefault(user.pk, logged_in_client(user))
        results.append((case, measure_page(client, path, runs)))
    return results
