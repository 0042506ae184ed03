import pytest

from tests.inspections.factories import ensure_frameworks


@pytest.fixture
def frameworks(db):
    ensure_frameworks()
