"""An import killed half-way (SIGKILL while it is writing) leaves no partial data."""

import signal
import subprocess
import sys
import time

import psycopg2
from django.conf import settings

from tests.hardening.conftest import database_url_for, manage, needs_postgres, server_env

pytestmark = needs_postgres


def writing_backend(admin, name, table):
    """True while a backend of the database is inside a transaction writing to the table."""
    with admin.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND xact_start IS NOT NULL"
            " AND query ILIKE %s",
            [name, f"%{table}%"],
        )
        return cursor.fetchone()[0] > 0


def count(url, table):
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        return cursor.fetchone()[0]


def kill_while_writing(url, command, table):
    name = url.rsplit("/", 1)[1]
    admin = psycopg2.connect(database_url_for("postgres"))
    admin.autocommit = True
    process = subprocess.Popen(
        [sys.executable, "manage.py", *command],
        cwd=settings.BASE_DIR,
        env=server_env(url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not writing_backend(admin, name, table):
            assert process.poll() is None, "the import finished before it could be interrupted"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        admin.close()
    return process.returncode


def test_killed_imports_leave_no_partial_data(scratch_database):
    manage("import_local_authorities", database_url=scratch_database)
    assert count(scratch_database, "workforce_observation") == 0
    code = kill_while_writing(scratch_database, ["import_workforce"], "workforce_observation")
    assert code == -signal.SIGKILL
    time.sleep(0.5)  # the server rolls the dead session's transaction back
    assert count(scratch_database, "workforce_observation") == 0

    code = kill_while_writing(
        scratch_database, ["import_inspection_outcomes"], "inspections_inspection"
    )
    assert code == -signal.SIGKILL
    time.sleep(0.5)
    assert count(scratch_database, "inspections_inspection") == 0
    assert count(scratch_database, "inspections_judgement") == 0

    # and the same imports, left alone, complete
    manage("import_workforce", database_url=scratch_database, timeout=600)
    assert count(scratch_database, "workforce_observation") > 10_000
