import pytest

from tests.conftest import real_data_once
from tests.workforce.factories import ensure_metrics
from workforce.importers import import_workforce
from workforce.models import Observation


@pytest.fixture(autouse=True)
def metrics(db):
    ensure_metrics()


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    """The real LA register and the real DfE file, imported once for a test module (tests run
    in transactions on top and roll back); removed again afterwards."""

    def load():
        ensure_metrics()
        return import_workforce()

    yield from real_data_once(django_db_blocker, load, [Observation.history.model, Observation])
