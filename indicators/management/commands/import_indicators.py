import time

from django.core.management.base import BaseCommand, CommandError

from indicators.importers import (
    DEFAULT_MEASURES,
    DEFAULT_VALUES,
    ImportFileError,
    import_indicators,
)


class Command(BaseCommand):
    help = (
        "Load the DfE's children's social care indicators (LAIT data set): the data dictionary "
        "and the figures for England, regions and every council. All or nothing; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--measures", default=str(DEFAULT_MEASURES), help="dictionary CSV")
        parser.add_argument(
            "--values", default=str(DEFAULT_VALUES), help="figures CSV (may be .csv.gz)"
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            result = import_indicators(
                measures_path=options["measures"],
                values_path=options["values"],
                progress=self.stdout.write,
            )
        except ImportFileError as exc:
            raise CommandError(f"{exc} Nothing was changed.") from exc
        span = f"{result.years[0]}–{result.years[-1]}" if result.years else "no years"
        self.stdout.write(
            self.style.SUCCESS(
                f"Indicators ({result.measures} measures, {span}): {result.created:,} figures "
                f"created, {result.updated:,} updated, {result.unchanged:,} unchanged."
            )
        )
        if result.skipped:
            self.stdout.write(
                "Skipped (not in the local authority register): "
                + "; ".join(f"{name} ({code})" for code, name in sorted(result.skipped.items()))
                + "."
            )
        self.stdout.write(f"Finished in {time.monotonic() - started:.1f} seconds.")
