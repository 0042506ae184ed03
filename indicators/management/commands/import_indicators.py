import time

from core.management.base import ImportCommand
from indicators.importers import DEFAULT_MEASURES, DEFAULT_VALUES, import_indicators


class Command(ImportCommand):
    help = (
        "Load the DfE's children's social care indicators (LAIT data set): the data dictionary "
        "and the figures for England, regions and every council. All or nothing; idempotent; files "
        "imported before and unchanged since are skipped unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--measures", default=str(DEFAULT_MEASURES), help="dictionary CSV")
        parser.add_argument(
            "--values", default=str(DEFAULT_VALUES), help="figures CSV (may be .csv.gz)"
        )
        super().add_arguments(parser)

    def handle(self, *args, **options):
        started = time.monotonic()
        result = self.run_import(
            import_indicators,
            measures_path=options["measures"],
            values_path=options["values"],
            progress=self.stdout.write,
            force=options["force"],
        )
        if self.said_unchanged("Indicators", result):
            return
        span = self.years_span(result.years)
        self.stdout.write(
            self.style.SUCCESS(
                f"Indicators ({result.measures} measures, {span}): {result.created:,} figures "
                f"created, {result.updated:,} updated, {result.unchanged:,} unchanged."
            )
        )
        self.report_skipped([f"{name} ({code})" for code, name in sorted(result.skipped.items())])
        self.stdout.write(f"Finished in {time.monotonic() - started:.1f} seconds.")
