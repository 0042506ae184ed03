"""What several management commands share.

- `ImportCommand`: a national import's command, with a `--force` option (import even a file
  unchanged since the last import). `run_import` turns a problem with the file into the
  command's error ("... Nothing was changed."); `said_unchanged` reports a skipped unchanged
  file; `years_span` and `report_skipped` word the summary the same way for every import.
- `BackupFileCommand`: backup_data and restore_data, which each take the one backup file's path.
"""

from django.core.management.base import BaseCommand, CommandError

from core.importers import ImportFileError, skipped_message


class ImportCommand(BaseCommand):
    # Django's system checks (about 0.6 s a command) are left to `migrate`, which runs them
    # before any import can: the imports read files into tables and change no configuration.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="import even if the file is unchanged since it was last imported",
        )

    def said_unchanged(self, label: str, result) -> bool:
        """True, having said so, if the import skipped a file unchanged since it last read it."""
        if not result.skipped_since:
            return False
        self.stdout.write(
            f"{label}: {skipped_message(result.skipped_since)} (use --force to import it again)."
        )
        return True

    def run_import(self, importer, /, **arguments):
        """`importer(**arguments)`; a problem with the file stops the command, changing nothing."""
        try:
            return importer(**arguments)
        except ImportFileError as exc:
            raise CommandError(f"{exc} Nothing was changed.") from exc

    @staticmethod
    def years_span(years: list[int]) -> str:
        return f"{years[0]}–{years[-1]}" if years else "no years"

    def report_skipped(self, areas) -> None:
        """The areas of the file that are not in the local authority register, if any."""
        if areas:
            self.stdout.write(
                "Skipped (not in the local authority register): " + "; ".join(areas) + "."
            )


class BackupFileCommand(BaseCommand):
    path_help = "the backup file"

    def add_arguments(self, parser):
        parser.add_argument("path", help=self.path_help)

    def done(self, message: str) -> None:
        self.stdout.write(self.style.SUCCESS(message))
