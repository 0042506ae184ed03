"""Reminders run once with several app servers: the cron line on each takes a lock first."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from tests.hardening.conftest import database_url_for, needs_postgres

pytestmark = [needs_postgres, pytest.mark.django_db]
LOCK = "improvement-tracker:run_exclusively:send_reminders"


def run():
    out = io.StringIO()
    call_command("run_exclusively", "send_reminders", stdout=out)
    return out.getvalue()


def test_a_command_another_host_is_running_is_skipped_and_runs_once_it_is_free():
    import psycopg2

    other_host = psycopg2.connect(database_url_for(connection.settings_dict["NAME"]))
    other_host.autocommit = True
    try:
        with other_host.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [LOCK])
        assert "already running elsewhere: not run here" in run()
        with other_host.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [LOCK])
        output = run()
        assert "reminders sent" in output
        assert "already running" not in output
    finally:
        other_host.close()
