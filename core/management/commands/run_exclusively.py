"""Runs a management command only if no other host or process is running it now.

    python manage.py run_exclusively send_reminders [its arguments]

With several app servers each running the same cron line, the first to start takes a lock in
PostgreSQL (an advisory lock named after the command) and runs the command; the others find
the lock taken, say so and exit without running it. The lock goes when the command ends (or
its database connection drops). On SQLite (one machine, development) there is no lock.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

LOCK_NAMESPACE = "improvement-tracker:run_exclusively:"


class Command(BaseCommand):
    help = "Run a management command unless another host is running it (a PostgreSQL lock)."

    def add_arguments(self, parser):
        parser.add_argument("command_name")
        parser.add_argument("arguments", nargs="*")

    def handle(self, *args, **options):
        name = options["command_name"]
        if connection.vendor != "postgresql":
            call_command(name, *options["arguments"], stdout=self.stdout, stderr=self.stderr)
            return
        key = LOCK_NAMESPACE + name
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(hashtext(%s))", [key])
            (locked,) = cursor.fetchone()
        if not locked:
            self.stdout.write(f"{name} is already running elsewhere: not run here.")
            return
        try:
            call_command(name, *options["arguments"], stdout=self.stdout, stderr=self.stderr)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [key])
