from core.importers import DEFAULT_LOOKUP, DEFAULT_NEIGHBOURS, import_local_authorities
from core.management.base import ImportCommand


class Command(ImportCommand):
    help = (
        "Load the English local authorities and their ten statistical neighbours (idempotent; "
        "files imported before and unchanged since are skipped unless --force)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--lookup", default=str(DEFAULT_LOOKUP), help="LA lookup CSV")
        parser.add_argument(
            "--neighbours", default=str(DEFAULT_NEIGHBOURS), help="statistical neighbours CSV"
        )
        super().add_arguments(parser)

    def handle(self, *args, **options):
        result = self.run_import(
            import_local_authorities,
            lookup_path=options["lookup"],
            neighbours_path=options["neighbours"],
            force=options["force"],
        )
        if self.said_unchanged("Local authorities", result):
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Local authorities: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged; {result.neighbour_links} statistical neighbour "
                f"links."
            )
        )
        if result.no_longer_exist:
            self.stdout.write(f"No longer exist: {', '.join(sorted(result.no_longer_exist))}.")
