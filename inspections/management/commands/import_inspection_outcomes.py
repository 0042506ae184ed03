from core.management.base import ImportCommand
from inspections.importers import DEFAULT_PATH, import_inspection_outcomes


class ProgressBar:
    """A one-line progress bar, redrawn in place; only used when stdout is a terminal."""

    def __init__(self, stream, width=40):
        self.stream, self.width = stream, width

    def __call__(self, done, total):
        filled = self.width * done // max(total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} inspections", ending="")
        if done >= total:
            self.stream.write("")
        self.stream.flush()


class Command(ImportCommand):
    help = (
        "Import Ofsted's 'Local authority inspection outcomes' workbook (ODS): latest "
        "judgements, in-year inspections and visits, and ILACS history. Idempotent; all or "
        "nothing; a file imported before and unchanged since is skipped unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", default=str(DEFAULT_PATH), help="the .ods workbook to import"
        )
        super().add_arguments(parser)

    def handle(self, *args, **options):
        progress = ProgressBar(self.stdout) if self.stdout.isatty() else None
        result = self.run_import(
            import_inspection_outcomes,
            path=options["path"],
            progress=progress,
            force=options["force"],
        )
        if self.said_unchanged("Inspections", result):
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Inspections: {result.rows_read} rows read; {result.created} created, "
                f"{result.updated} updated, {result.unchanged} unchanged; "
                f"{result.judgements} judgements written; Ofsted region set for "
                f"{result.regions_updated} local authorities."
            )
        )
        for clash in result.clashes:
            self.stdout.write(self.style.WARNING(f"Not overwritten: {clash}"))
        for former in result.skipped_former:
            self.stdout.write(f"Skipped (former local authority not in the register): {former}")
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"Note: {warning}"))
