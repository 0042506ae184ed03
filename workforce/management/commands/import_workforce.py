from django.core.management.base import BaseCommand, CommandError

from workforce.importers import DEFAULT_PATH, ImportFileError, import_workforce


class Command(BaseCommand):
    help = (
        "Load the DfE children's social work workforce indicators CSV (England, regions and "
        "every LA). Idempotent; a later release updates revised figures and adds new years."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", default=str(DEFAULT_PATH), help="the indicators CSV file"
        )

    def handle(self, *args, **options):
        try:
            result = import_workforce(path=options["path"], progress=self.stdout.write)
        except ImportFileError as exc:
            raise CommandError(f"{exc} Nothing was changed.") from exc
        span = f"{result.years[0]}–{result.years[-1]}" if result.years else "no years"
        self.stdout.write(
            self.style.SUCCESS(
                f"Workforce figures ({span}): {result.created:,} created, "
                f"{result.updated:,} updated, {result.unchanged:,} unchanged."
            )
        )
        if result.skipped:
            self.stdout.write(
                "Skipped (not in the local authority register): "
                + "; ".join(str(area) for area in result.skipped)
                + "."
            )
