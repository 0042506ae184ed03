import os
import sys

import pytest
from hypothesis import settings as _hypothesis_settings

from tests import factories

# End-to-end checks that take tens of seconds each; `make test-fast` leaves them out.
SLOW_MODULES = {
    "tests/hardening/test_backup_restore.py",
    "tests/hardening/test_concurrency.py",
    "tests/hardening/test_faults.py",
    "tests/hardening/test_killed_import.py",
    "tests/hardening/test_sessions.py",
}
# The longest tests run first: with the suite spread over several processes, a long test
# started last would leave the other processes idle while it finishes. They are the
# accessibility crawl (minutes: every page as four kinds of user) and the checks with scratch
# databases of their own. The crawl empties the test database when it ends, like every live
# server test; the tests after it make their own data, and what a flush removes from
# migrations is seeded again after it (post_migrate), as xdist's work stealing already mixes
# the two kinds. (The rest keep pytest-django's order, which runs those that empty it last.)
FIRST_MODULES = [
    "tests/browser/test_accessibility_everywhere.py",
    "tests/hardening/test_backup_restore.py",
    "tests/hardening/test_killed_import.py",
]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    root = str(config.rootpath).replace(os.sep, "/") + "/"
    first = {module: [] for module in FIRST_MODULES}
    rest = []
    for item in items:
        module = str(item.fspath).replace(os.sep, "/").removeprefix(root)
        if module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
        (first[module] if module in first else rest).append(item)
    items[:] = [item for module in FIRST_MODULES for item in first[module]] + rest


@pytest.fixture
def local_authority(db):
    return havering()


def havering():
    """The council most tests are about (the seed documents are Havering's)."""
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


@pytest.fixture(scope="session", autouse=True)
def _flush_by_deleting_rows():
    """After each transactional test (browser journeys, live servers) Django empties every table
    with one PostgreSQL TRUNCATE, which makes fresh files for each of the ~80 tables and their
    ~380 indexes: seconds on a busy machine, though the tables hold a few rows. Here the test
    database is emptied with a DELETE from each table instead, in the same single transaction
    (Django's foreign keys are checked at commit, when every table is empty), which leaves the
    same empty tables in milliseconds. Flushes that restart sequences or cascade still
    truncate."""
    from django.db import connections

    connection = connections["default"]
    if connection.vendor != "postgresql":
        yield
        return
    operations = type(connection.ops)
    truncate = operations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};"
            for table in tables
        ]

    operations.sql_flush = sql_flush
    yield
    operations.sql_flush = truncate


@pytest.fixture(scope="session", autouse=True)
def _sessions_read_through_the_cache():
    """Sessions are read through the cache in every run, as with REDIS_URL (CI, production), so
    the query-count ceilings count the same queries with or without Redis. Without REDIS_URL the
    product reads each session from the database, one query more per page (a local-memory
    cache is no place for sessions when several processes serve). tests/hardening/
    test_sessions.py tests that with real app servers and their own settings."""
    from django.test.utils import override_settings

    override = override_settings(SESSION_ENGINE="django.contrib.sessions.backends.cached_db")
    override.enable()
    yield
    override.disable()


@pytest.fixture(scope="session", autouse=True)
def _quick_password_hashing():
    """Passwords hashed with few iterations (tests/hashers.py); the real hashers still verify."""
    from django.conf import settings
    from django.test.utils import override_settings

    override = override_settings(
        PASSWORD_HASHERS=["tests.hashers.QuickPBKDF2PasswordHasher", *settings.PASSWORD_HASHERS]
    )
    override.enable()
    yield
    override.disable()


@pytest.fixture(scope="session", autouse=True)
def _media_root(tmp_path_factory):
    """Uploads go to a folder of this test process's own (one per parallel worker), never to the
    project's media folder."""
    from django.test.utils import override_settings

    override = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    override.enable()
    yield
    override.disable()


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


def module_scoped_data(django_db_blocker, build):
    """Build data once for all the tests of a module, inside a transaction rolled back after
    the last of them: `yield from module_scoped_data(django_db_blocker, build)` in a
    module-scoped fixture. Each test using `db` still runs in its own savepoint, so whatever
    one test writes is undone before the next one starts."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            data = build()
        except BaseException:
            atomic.__exit__(*sys.exc_info())
            raise
    try:
        yield data
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def module_scoped_sizes(django_db_blocker, sizes, build_one):
    """`module_scoped_data` of one world per data size, for query-count tests:
    `yield from module_scoped_sizes(django_db_blocker, SIZES, build_one)` in a module-scoped
    fixture yields {n: build_one(n)}, each size built in turn."""
    yield from module_scoped_data(django_db_blocker, lambda: {n: build_one(n) for n in sizes})


def real_data_once(django_db_blocker, load, models):
    """Import the real council register and then real data (`load()`) once for all the tests of
    a module: `yield from` this in a module-scoped fixture, which yields what `load()` returns
    (tests run in transactions on top and roll back). Afterwards the rows of `models`, then the
    register and the record of imported files, are removed with raw deletes: no per-row
    history records or signals for test data."""
    from core.importers import import_local_authorities
    from core.models import ImportedFile, LocalAuthority, StatisticalNeighbour

    with django_db_blocker.unblock():
        import_local_authorities()
        result = load()
    yield result
    with django_db_blocker.unblock():
        for model in [*models, StatisticalNeighbour, LocalAuthority, ImportedFile]:
            queryset = model._base_manager.all()
            queryset._raw_delete(queryset.db)


# Property-based tests: a short run by default, so the suite stays quick while you work, with
# fresh examples each time to keep finding new cases; `HYPOTHESIS_PROFILE=ci` (as CI runs) tries
# many more, derived from the test so that a failure repeats.
_hypothesis_settings.register_profile("dev", max_examples=8, print_blob=True)
_hypothesis_settings.register_profile("ci", max_examples=30, derandomize=True, print_blob=True)
_hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
