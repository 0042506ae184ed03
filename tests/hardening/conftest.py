import datetime
import os
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection

from improvement.models import DueDateChange, Finding, Milestone, NextStep
from tests import factories
from tests.conftest import module_scoped_data
from tests.improvement.factories import (
    AchievementFactory,
    BoardMeetingFactory,
    EvidenceItemFactory,
    NextStepFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
    ThemeFactory,
)
from tests.indicators.factories import MeasureFactory
from tests.inspections.factories import InspectionFactory, RecommendationFactory, ensure_frameworks
from tests.scrutiny.factories import CommitteePaperFactory
from tests.workforce.factories import ensure_metrics, local_figure

POSTGRES = connection.vendor == "postgresql"
needs_postgres = pytest.mark.skipif(
    not POSTGRES, reason="runs against the real PostgreSQL (always in CI)"
)


def database_url_for(name: str, port: int | None = None) -> str:
    """The current PostgreSQL server's URL for another database (optionally via another port)."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    credentials = parts.username or "postgres"
    if parts.password:
        credentials += f":{parts.password}"
    netloc = f"{credentials}@{parts.hostname or '127.0.0.1'}:{port or parts.port or 5432}"
    return urlunsplit((parts.scheme, netloc, f"/{name}", "", ""))


def pg_host_port():
    parts = urlsplit(os.environ["DATABASE_URL"])
    return parts.hostname or "127.0.0.1", parts.port or 5432


def server_env(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({"DATABASE_URL": database_url, "CONN_MAX_AGE": "60", "DEBUG": "0"})
    # With REDIS_URL (CI), each server's cache keys are its own: servers on other databases
    # (other test processes, a restored copy) must never read each other's cached pages.
    database = urlsplit(database_url).path.strip("/")
    env["CACHE_KEY_PREFIX"] = f"test-{os.getpid()}-{database}-{time.monotonic_ns()}"
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(*args, database_url: str, check=True, timeout=300):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=server_env(database_url),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result


def start_server(command: list[str], *, database_url: str, ready_url: str, name: str):
    """Start `command` in the project folder against `database_url` and wait (30 seconds at the
    most) until `ready_url` answers; the process is stopped if it never does."""
    process = subprocess.Popen(
        command,
        cwd=settings.BASE_DIR,
        env=server_env(database_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(ready_url, timeout=2)
            return process
        except OSError:  # refused, reset or timed out: not answering yet
            time.sleep(0.2)
    process.terminate()
    process.wait(timeout=10)
    raise RuntimeError(f"{name} did not start")


class RunningServer:
    def __init__(self, database_url: str, port: int):
        self.url = f"http://127.0.0.1:{port}"
        self.process = start_server(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            database_url=database_url,
            ready_url=self.url + "/accessibility/",
            name="the server",
        )

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class ScratchDatabases:
    """Scratch PostgreSQL databases of this test process, named after its test database and
    its process id (so that parallel test processes never clash). A migrated one is a copy of
    a template migrated once for the whole session, not migrated afresh each time."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.count = 0
        self.template = None

    def _execute(self, *statements, params=None):
        import psycopg2

        admin = psycopg2.connect(database_url_for("postgres"))
        admin.autocommit = True
        try:
            with admin.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement, params)
        finally:
            admin.close()

    def _migrated_template(self) -> str:
        if self.template is None:
            name = f"{self.prefix}_template"
            self._execute(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
            try:
                manage("migrate", "--no-input", "-v", "0", database_url=database_url_for(name))
            except BaseException:
                self.drop(name)
                raise
            self.template = name
        return self.template

    def create(self, *, migrated: bool = True) -> str:
        """A new database's name: a copy of the migrated template, or empty."""
        copy_of = f' TEMPLATE "{self._migrated_template()}"' if migrated else ""
        self.count += 1
        name = f"{self.prefix}_{self.count}"
        self._execute(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"{copy_of}')
        return name

    def drop(self, name: str):
        self._execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            params=[name],
        )
        self._execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture(scope="session")
def scratch_databases(django_db_modify_db_settings):
    """This process's scratch databases; the template is dropped at the end of the session."""
    # The test database's name (with a parallel worker's suffix), whether or not it exists yet.
    test_database = connection.settings_dict["TEST"]["NAME"] or (
        "test_" + urlsplit(os.environ["DATABASE_URL"]).path.strip("/")
    )
    databases = ScratchDatabases(f"{test_database}_scratch_{os.getpid()}")
    yield databases
    if databases.template:
        databases.drop(databases.template)


@pytest.fixture
def scratch(scratch_databases):
    """Makes scratch databases for one test (`scratch(migrated=False)` for an empty one) and
    gives their URLs; every one is dropped after the test."""
    made = []

    def create(*, migrated: bool = True) -> str:
        made.append(scratch_databases.create(migrated=migrated))
        return database_url_for(made[-1])

    yield create
    for name in made:
        scratch_databases.drop(name)


@pytest.fixture
def scratch_database(scratch):
    """A fresh, migrated PostgreSQL database of its own, dropped afterwards."""
    return scratch()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Two councils, seven kinds of visitor, and one of every object council A can have.

    Built once for the module and rolled back after it; each test asks for `db` too, so that
    what it writes is rolled back before the next test."""
    yield from module_scoped_data(django_db_blocker, build_world)


def build_world():
    ensure_frameworks()
    ensure_metrics()
    council_a = factories.LocalAuthorityFactory(name="Council A", dfe_code="311")
    council_b = factories.LocalAuthorityFactory(name="Council B", dfe_code="302")
    people = {
        "scrutiny": factories.scrutiny_member(username="scrutiny", local_authority=council_a),
        "lead_a": factories.improvement_lead(username="lead-a", local_authority=council_a),
        "lead_b": factories.improvement_lead(username="lead-b", local_authority=council_a),
        "admin_a": factories.administrator(username="admin-a", local_authority=council_a),
        "other": factories.improvement_lead(username="other", local_authority=council_b),
        "platform": factories.platform_administrator(username="platform"),
    }
    programme = ProgrammeFactory(local_authority=council_a, start_date=datetime.date(2019, 1, 1))
    theme_a = ThemeFactory(programme=programme, leads=[people["lead_a"]])
    theme_b = ThemeFactory(programme=programme, leads=[people["lead_b"]])
    ThemeFactory(programme=ProgrammeFactory(local_authority=council_b), leads=[people["other"]])
    inspection = InspectionFactory(local_authority=council_a)
    RecommendationFactory(inspection=inspection)
    ProgressUpdateFactory(theme=theme_a)
    objects = {
        "la": {"dfe_code": council_a.dfe_code},
        "inspection": {"pk": inspection.pk},
        # an entry's draft that has gone (the view starts the entry again)
        "inspection_draft": {"draft": "gone", "step": "check"},
        "inspection_edit_draft": {"pk": inspection.pk, "draft": "gone", "step": "details"},
        "programme": {"pk": programme.pk},
        "programme_pk": {"programme_pk": programme.pk},
        "theme": {"pk": theme_a.pk},
        "theme_pk": {"theme_pk": theme_a.pk},
        "achievement": {"pk": AchievementFactory(theme=theme_a).pk},
        "next_step": {
            "pk": NextStepFactory(
                theme=theme_a, owner=people["lead_a"], status=NextStep.Status.IN_PROGRESS
            ).pk
        },
        "meeting": {"pk": BoardMeetingFactory(programme=programme, themes=[theme_a, theme_b]).pk},
        "evidence": {"pk": EvidenceItemFactory(programme=programme, themes=[theme_a]).pk},
        "observation": {
            "dfe_code": council_a.dfe_code,
            "pk": local_figure(
                council_a, "permanent-social-workers", datetime.date(2019, 10, 1), 82
            ).pk,
        },
        "metric": {"dfe_code": council_a.dfe_code, "metric_slug": "agency-rate"},
        "indicator": {"dfe_code": council_a.dfe_code, "slug": MeasureFactory().slug},
        "indicator_slug": {"slug": MeasureFactory().slug},
        "summary_table": {"dfe_code": council_a.dfe_code, "table": "themes"},
        "paper": {
            "dfe_code": council_a.dfe_code,
            "pk": CommitteePaperFactory(programme=programme, issued_by=people["admin_a"]).pk,
        },
        # A council A account for user management (not a visitor: it may be deactivated).
        "member": {
            "pk": factories.scrutiny_member(username="member-a", local_authority=council_a).pk
        },
        "invitation": {"uidb64": "MQ", "token": "not-a-real-token"},
    }
    step = NextStep.objects.get(pk=objects["next_step"]["pk"])
    objects["milestone"] = {"pk": Milestone.objects.create(next_step=step, title="Draft").pk}
    objects["due_date_change"] = {
        "pk": DueDateChange.objects.create(
            next_step=step,
            from_date=datetime.date(2030, 1, 1),
            to_date=datetime.date(2030, 3, 1),
            reason="Waiting for funding",
            decision=DueDateChange.Decision.PENDING,
        ).pk
    }
    finding = Finding.objects.create(programme=programme, source="self_evaluation", text="Audit")
    objects["finding"] = {"pk": finding.pk}
    return people, objects
