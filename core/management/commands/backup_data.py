from django.core.management import call_command

from core.management.base import BackupFileCommand

# Rebuilt by migrate (content types, permissions) or worthless in a restore (sessions,
# login-throttling records, admin log).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes", "admin.logentry"]


class Command(BackupFileCommand):
    help = (
        "Write every record (with its full change history) to a JSON file that restore_data "
        "loads into an empty database. Works on any database; for PostgreSQL pg_dump is faster."
    )

    path_help = "the file to write, e.g. backup-2026-11-28.json"

    def handle(self, *args, **options):
        call_command(
            "dumpdata",
            "--natural-foreign",
            "--natural-primary",
            *[f"--exclude={label}" for label in EXCLUDED],
            f"--output={options['path']}",
            stdout=self.stdout,
        )
        self.done(f"Backup written to {options['path']}.")
