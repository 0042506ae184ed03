from core.management.base import ImportCommand
from workforce.importers import DEFAULT_PATH, import_workforce


class Command(ImportCommand):
    help = (
        "Load the DfE children's social work workforce indicators CSV (England, regions and "
        "every LA). Idempotent; a later release updates revised figures and adds new years; a file "
        "imported before and unchanged since is skipped unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", default=str(DEFAULT_PATH), help="the indicators CSV file"
        )
        super().add_arguments(parser)

    def handle(self, *args, **options):
        result = self.run_import(
            import_workforce,
            path=options["path"],
            progress=self.stdout.write,
            force=options["force"],
        )
        if self.said_unchanged("Workforce figures", result):
            return
        span = self.years_span(result.years)
        self.stdout.write(
            self.style.SUCCESS(
                f"Workforce figures ({span}): {result.created:,} created, "
                f"{result.updated:,} updated, {result.unchanged:,} unchanged."
            )
        )
        self.report_skipped([str(area) for area in result.skipped])
