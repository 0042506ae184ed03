from django.core.management.base import BaseCommand, CommandError

from core.importers import (
    DEFAULT_LOOKUP,
    DEFAULT_NEIGHBOURS,
    ImportFileError,
    import_local_authorities,
)


class Command(BaseCommand):
    help = "Load the English local authorities and their ten statistical neighbours (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--lookup", default=str(DEFAULT_LOOKUP), help="LA lookup CSV")
        parser.add_argument(
            "--neighbours", default=str(DEFAULT_NEIGHBOURS), help="statistical neighbours CSV"
        )

    def handle(self, *args, **options):
        try:
            result = import_local_authorities(
                lookup_path=options["lookup"], neighbours_path=options["neighbours"]
            )
        except ImportFileError as exc:
            raise CommandError(f"{exc} Nothing was changed.") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Local authorities: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged; {result.neighbour_links} statistical neighbour "
                f"links."
            )
        )
        if result.no_longer_exist:
            self.stdout.write(f"No longer exist: {', '.join(sorted(result.no_longer_exist))}.")
