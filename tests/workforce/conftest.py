import pytest

from core.importers import import_local_authorities
from core.models import LocalAuthority, StatisticalNeighbour
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
    with django_db_blocker.unblock():
        ensure_metrics()
        import_local_authorities()
        result = import_workforce()
    yield result
    with django_db_blocker.unblock():
        # Raw deletes: no per-row history records or signals for test data.
        for queryset in (
            Observation.history.all(),
            Observation.objects.all(),
            StatisticalNeighbour.objects.all(),
            LocalAuthority.objects.all(),
        ):
            queryset._raw_delete(queryset.db)
