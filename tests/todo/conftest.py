import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _no_cached_counts():
    """The menu's counts are cached per user id; a user of an earlier test's world may have had
    the same id."""
    cache.clear()
    yield
    cache.clear()
