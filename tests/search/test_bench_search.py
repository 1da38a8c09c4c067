"""The search step of ``make bench`` (bench/search.py) runs its cases on any database."""

import pytest

from bench.search import CASES, measure_searches

pytestmark = pytest.mark.django_db


def test_every_search_case_is_measured_for_both_users(world):
    results = dict(measure_searches(world.users["secretariat"], runs=1))
    assert len(results) == 2 * len(CASES)
    assert {case.rsplit(" as ", 1)[1] for case in results} == {"secretariat", "procurer"}
    for figures in results.values():
        assert figures["ms"] > 0
        assert figures["queries"] > 0
