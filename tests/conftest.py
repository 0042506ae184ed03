import os

import pytest
from hypothesis import settings as _hypothesis_settings

from tests import factories


@pytest.fixture
def local_authority(db):
    return factories.LocalAuthorityFactory(name="Havering", dfe_code="311", ons_code="E09000016")


@pytest.fixture
def other_local_authority(db):
    return factories.LocalAuthorityFactory(name="Barnet", dfe_code="302", ons_code="E09000003")


@pytest.fixture
def admin_user(local_authority):
    return factories.administrator(username="la-admin", local_authority=local_authority)


@pytest.fixture
def platform_admin(db):
    return factories.platform_administrator(username="platform-admin")


@pytest.fixture
def lead(local_authority):
    return factories.improvement_lead(username="lead", local_authority=local_authority)


@pytest.fixture
def scrutiny(local_authority):
    return factories.scrutiny_member(username="scrutiny", local_authority=local_authority)


@pytest.fixture
def outsider(other_local_authority):
    """A user of another LA: must never see this LA's programme."""
    return factories.improvement_lead(username="outsider", local_authority=other_local_authority)


@pytest.fixture
def imported_local_authorities(db):
    from core.importers import import_local_authorities

    return import_local_authorities()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """Tests close each connection after use, so live servers leave none behind."""
    from django.conf import settings

    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0


# Property-based tests: in CI the examples are derived from the test (repeatable runs); on a
# developer's machine they are fresh each time, to keep finding new cases.
_hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
_hypothesis_settings.register_profile("dev", print_blob=True)
_hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session", autouse=True)
def _cache_of_this_test_process():
    """With REDIS_URL set (as in CI) the cache is a Redis shared with other test processes:
    this process's keys get a prefix of their own, so parallel runs never read each other's
    cached pages, sessions or lockouts (and clearing empties only this process's keys)."""
    from django.conf import settings
    from django.core.cache import caches

    for config in settings.CACHES.values():
        config["KEY_PREFIX"] = f"test-{os.getpid()}-{config.get('KEY_PREFIX', '')}"
    caches.__dict__.pop("settings", None)
    for alias in list(settings.CACHES):
        if hasattr(caches._connections, alias):
            delattr(caches._connections, alias)


@pytest.fixture(autouse=True)
def _empty_cache(_cache_of_this_test_process):
    """Every test starts with nothing cached: no page, session or lockout of an earlier test
    (data versions start again with each test's database, so old pages would look current)."""
    from django.core.cache import cache

    cache.clear()
