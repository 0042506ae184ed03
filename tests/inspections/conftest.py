import pytest
from django.core.cache import cache

from tests.inspections.factories import ensure_frameworks


@pytest.fixture(autouse=True)
def empty_cache():
    """The national overview caches its content; every test starts with nothing cached."""
    cache.clear()


@pytest.fixture
def frameworks(db):
    ensure_frameworks()
