from django.core.management import call_command
from django.core.management.base import BaseCommand

# Rebuilt by migrate (content types, permissions) or worthless in a restore (sessions,
# login-throttling records, admin log).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes", "admin.logentry"]


class Command(BaseCommand):
    help = (
        "Write every record (with its full change history) to a JSON file that restore_data "
        "loads into an empty database. Works on any database; for PostgreSQL pg_dump is faster."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the file to write, e.g. backup-2026-11-28.json")

    def handle(self, *args, **options):
        call_command(
            "dumpdata",
            "--natural-foreign",
            "--natural-primary",
            *[f"--exclude={label}" for label in EXCLUDED],
            f"--output={options['path']}",
            stdout=self.stdout,
        )
        self.stdout.write(self.style.SUCCESS(f"Backup written to {options['path']}."))
