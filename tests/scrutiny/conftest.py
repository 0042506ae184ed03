import datetime
import io

import pytest
from django.core.cache import cache

from inspections.models import Inspection
from scrutiny.demo import SEED_INPUTS
from tests.inspections.factories import HAVERING_2018_GRADES
from tests.scrutiny import factories


@pytest.fixture(autouse=True)
def empty_cache():
    """The summary page caches its content; every test starts with nothing cached."""
    cache.clear()


@pytest.fixture
def frameworks(db):
    factories.ensure_frameworks()


@pytest.fixture
def metrics(db):
    factories.ensure_metrics()


@pytest.fixture
def seed_inputs():
    return dict(SEED_INPUTS)


@pytest.fixture
def havering_inspections(local_authority, frameworks):
    return make_havering_inspections(local_authority)


def make_havering_inspections(local_authority):
    """Havering's inspections as the seed paper gives them: October 2016 under the single
    inspection framework, and the ILACS standard inspection of June 2018 (report published in
    July 2018): overall Good; leaders Good; help and protection Requires improvement to be good;
    children in care and care leavers Good."""
    factories.ensure_frameworks()
    sif = factories.inspection(
        local_authority, datetime.date(2016, 10, 3), kind=Inspection.Type.SIF
    )
    ilacs = factories.inspection(
        local_authority,
        datetime.date(2018, 6, 11),
        published_on=datetime.date(2018, 7, 20),
        grades=HAVERING_2018_GRADES,
    )
    return sif, ilacs


@pytest.fixture
def havering_programme(havering_inspections):
    """The improvement app's Havering demo programme (the seed paper's themes and tables)."""
    from improvement import demo

    return demo.load(stdout=io.StringIO())
