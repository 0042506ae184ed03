from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test.utils import override_settings

from core.management.base import BackupFileCommand
from core.models import LocalAuthority, User


class Command(BackupFileCommand):
    help = (
        "Load a backup written by backup_data into an empty, migrated database. The change "
        "history is restored as it was (no new history is written while loading)."
    )

    def handle(self, *args, **options):
        if User.objects.exists() or LocalAuthority.objects.exists():
            raise CommandError(
                "This database already has data. Restore into an empty database: create it, "
                "run `python manage.py migrate`, then `python manage.py flush` if it was used."
            )
        # Loading many-to-many links would otherwise write fresh history rows that clash
        # with the restored ones.
        with override_settings(SIMPLE_HISTORY_ENABLED=False), transaction.atomic():
            call_command("loaddata", options["path"], stdout=self.stdout)
        self.done(f"Restored from {options['path']}.")
