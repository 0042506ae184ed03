"""Loads the register of English local authorities and their statistical neighbours; and the
machinery every national import shares.

Skipping a file that has not changed (so a second `make run` starts at once), for every
national import alike, through one table (core.models.ImportedFile, one row per import):

- `unchanged_since(name, *paths, force=False)`: when these very files (by SHA-256) were last
  imported successfully by import `name`, or None if they must be imported (never imported,
  changed since, or `force`).
- `record_import(name, *paths)`: note a successful import; call it inside the import's
  transaction, so a failed import records nothing.
- `skipped_message(when)`: "unchanged since 3 December 2026, skipped".

What every import's result and CSV reading share: `ImportFileError`, `ImportCounts` (rows
created, updated and unchanged) and `csv_reader` (a header with every column the import needs).

Writing tens of thousands of new rows on PostgreSQL, for the imports whose files hold that many:
`copy_rows(model, columns, rows)` (one COPY statement instead of an INSERT per batch, from plain
tuples) and `copy_new(instances, history_reason=...)` (new model instances, ids from the table's
own sequence, and their django-simple-history "created" rows, as bulk_create_with_history would
write them); `create_with_history` uses it on PostgreSQL and bulk_create_with_history elsewhere.
"""

import csv
import datetime
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.dates import long_date
from core.models import ImportedFile, LocalAuthority, StatisticalNeighbour
from core.successions import FORMER_COUNCILS
from core.versioning import bump_national

DATA_DIR = Path(settings.BASE_DIR) / "data"
DEFAULT_LOOKUP = DATA_DIR / "Provider_data_lookup.csv"
DEFAULT_NEIGHBOURS = DATA_DIR / "sn_model_2025_wide.csv"
LOCAL_AUTHORITIES_IMPORT = "local authorities"

# Former councils have no ONS code in the lookup; their published codes, for joining old data.
FORMER_ONS_CODES = {code: council.ons_code for code, council in FORMER_COUNCILS.items()}
# ONS region codes by name. The lookup's own region code column has a few wrong entries
# (Gloucestershire and Buckinghamshire carry other regions' codes), so the name decides.
REGION_CODES = {
    "North East": "E12000001",
    "North West": "E12000002",
    "Yorkshire and the Humber": "E12000003",
    "East Midlands": "E12000004",
    "West Midlands": "E12000005",
    "East of England": "E12000006",
    "London": "E12000007",
    "South East": "E12000008",
    "South West": "E12000009",
}
LOOKUP_COLUMNS = {"la_code", "la_code_new", "local_authority_ons_name", "region_name", "rgn22cd"}
NEIGHBOUR_COLUMNS = {"old_la_code", "la_name"} | {f"SN_{i}" for i in range(1, 11)}


class ImportFileError(Exception):
    """A problem with an input file, saying which file and line."""


def file_sha256(path: Path | str) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except FileNotFoundError as exc:
        raise ImportFileError(f"{path}: file not found.") from exc
    return digest.hexdigest()


def files_sha256(*paths: Path | str) -> str:
    """The SHA-256 of one file; of several, the SHA-256 of their SHA-256s in order."""
    digests = [file_sha256(path) for path in paths]
    if len(digests) == 1:
        return digests[0]
    return hashlib.sha256("".join(digests).encode()).hexdigest()


def unchanged_since(name: str, *paths: Path | str, force: bool = False) -> datetime.datetime | None:
    """When these very files (same SHA-256) were last imported successfully by import `name`;
    None when they must be imported: never imported, changed since, or `force`."""
    if force:
        return None
    record = ImportedFile.objects.filter(name=name).first()
    if record is None or record.sha256 != files_sha256(*paths):
        return None
    return record.imported_at


def record_import(name: str, *paths: Path | str) -> None:
    """Note that import `name` read the files at `paths` successfully, now."""
    ImportedFile.objects.update_or_create(
        name=name,
        defaults={
            "sha256": files_sha256(*paths),
            "file_name": ", ".join(Path(path).name for path in paths),
            "imported_at": timezone.now(),
        },
    )


def skipped_message(when: datetime.datetime) -> str:
    return f"unchanged since {long_date(timezone.localdate(when))}, skipped"


# How a missing value (None) is written for COPY. Text cells equal to it would be read as NULL;
# no imported file has one.
COPY_NULL = r"\N"


def copy_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Write `rows` (each giving `columns`, by column name, in order; None for NULL) into
    `model`'s table with PostgreSQL's COPY. Run it inside the import's transaction."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [COPY_NULL if cell is None else cell for cell in row] for row in rows
    )
    buffer.seek(0)
    table = connection.ops.quote_name(model._meta.db_table)
    column_list = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {table} ({column_list}) FROM STDIN WITH (FORMAT csv, NULL '{COPY_NULL}')",
            buffer,
        )


def copy_new(instances: list[models.Model], *, history_reason: str) -> None:
    """Save new instances of one model with COPY (PostgreSQL only): their ids come from the
    table's own sequence and are set on them, `auto_now`/`auto_now_add` fields get the current
    time, and each gets the history row ("+", created, with `history_reason`, by no user) that
    bulk_create_with_history would write."""
    if not instances:
        return
    model = type(instances[0])
    meta = model._meta
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(instances)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    stamped = [
        field.attname
        for field in meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    for instance, pk in zip(instances, ids, strict=True):
        instance.pk = pk
        for name in stamped:
            setattr(instance, name, now)
        instance._state.adding = False
    columns = [field.column for field in meta.concrete_fields]
    rows = [
        [getattr(instance, field.attname) for field in meta.concrete_fields]
        for instance in instances
    ]
    copy_rows(model, columns, rows)
    history_columns = ["history_date", "history_change_reason", "history_type", "history_user_id"]
    history_values = [now, history_reason, "+", None]
    copy_rows(
        model.history.model,
        columns + history_columns,
        (row + history_values for row in rows),
    )


def create_with_history(
    model: type[models.Model],
    instances: list[models.Model],
    *,
    history_reason: str,
    batch_size: int,
) -> None:
    """Save new instances of `model` with their "created" history rows: with COPY on PostgreSQL
    (`copy_new`), in batches of bulk_create_with_history on other databases."""
    if not instances:
        return
    if connection.vendor == "postgresql":
        copy_new(instances, history_reason=history_reason)
    else:
        bulk_create_with_history(
            instances, model, batch_size=batch_size, default_change_reason=history_reason
        )


@dataclass
class ImportCounts:
    """How many rows an import created, updated and left as they were."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Set when the file(s) were imported then, unchanged since: the import did nothing.
    skipped_since: datetime.datetime | None = None


@dataclass
class ImportResult(ImportCounts):
    neighbour_links: int = 0
    no_longer_exist: list[str] = field(default_factory=list)


def csv_reader(handle, path: Path, columns) -> csv.DictReader:
    """A CSV reader over `handle`; ImportFileError naming the missing ones (in the order of
    `columns`) unless the header has every one of `columns`."""
    reader = csv.DictReader(handle)
    missing = [name for name in columns if name not in (reader.fieldnames or [])]
    if missing:
        raise ImportFileError(f"{path.name}, line 1: missing column(s) {', '.join(missing)}.")
    return reader


def _read_csv(path: Path, required: set[str]) -> list[tuple[int, dict]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv_reader(handle, path, sorted(required))
            return [(number, row) for number, row in enumerate(reader, start=2)]
    except FileNotFoundError as exc:
        raise ImportFileError(f"{path}: file not found.") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ImportFileError(f"{path.name}: not a readable CSV file ({exc}).") from exc


def _dfe_code(value: str, path: Path, line: int, column: str) -> str:
    value = (value or "").strip()
    if not (value.isdigit() and len(value) == 3):
        raise ImportFileError(
            f"{path.name}, line {line}, column {column}: '{value}' is not a three-digit "
            "DfE LA code."
        )
    return value


@transaction.atomic
def import_local_authorities(
    *,
    lookup_path: Path = DEFAULT_LOOKUP,
    neighbours_path: Path = DEFAULT_NEIGHBOURS,
    force: bool = False,
) -> ImportResult:
    lookup_path, neighbours_path = Path(lookup_path), Path(neighbours_path)
    result = ImportResult()
    result.skipped_since = unchanged_since(
        LOCAL_AUTHORITIES_IMPORT, lookup_path, neighbours_path, force=force
    )
    if result.skipped_since:
        return result
    lookup_rows = _read_csv(lookup_path, LOOKUP_COLUMNS)
    neighbour_rows = _read_csv(neighbours_path, NEIGHBOUR_COLUMNS)

    neighbours_by_code: dict[str, tuple[int, dict]] = {}
    for line, row in neighbour_rows:
        code = _dfe_code(row["old_la_code"], neighbours_path, line, "old_la_code")
        neighbours_by_code[code] = (line, row)

    existing = {la.dfe_code: la for la in LocalAuthority.objects.all()}
    seen_codes: set[str] = set()
    entries: list[tuple[str, dict]] = []  # (DfE code, values), checked before any write
    created, updated = [], []  # written in bulk
    for line, row in lookup_rows:
        code = _dfe_code(row["la_code"], lookup_path, line, "la_code")
        if code in seen_codes:
            raise ImportFileError(f"{lookup_path.name}, line {line}: LA code {code} appears twice.")
        seen_codes.add(code)
        name = (row["local_authority_ons_name"] or "").strip()
        if not name:
            raise ImportFileError(
                f"{lookup_path.name}, line {line}, column local_authority_ons_name: name is empty."
            )
        ons_code = (row["la_code_new"] or "").strip() or FORMER_ONS_CODES.get(code)
        if ons_code and not (len(ons_code) == 9 and ons_code[0] == "E"):
            raise ImportFileError(
                f"{lookup_path.name}, line {line}, column la_code_new: '{ons_code}' is not an "
                "ONS code such as E09000016."
            )
        region_name = (row.get("region_name") or "").strip()
        if region_name and region_name not in REGION_CODES:
            raise ImportFileError(
                f"{lookup_path.name}, line {line}, column region_name: '{region_name}' is not "
                "an English region."
            )
        values = {
            "name": name,
            "ons_code": ons_code or None,
            "region_name": region_name,
            "region_code": REGION_CODES.get(region_name, ""),
            "la_type": (row.get("ons_la_type") or "").strip(),
            "ofsted_urn": (row.get("urn") or "").strip(),
            "website": (row.get("domain") or "").strip(),
            "status": (
                LocalAuthority.Status.CURRENT
                if code in neighbours_by_code
                else LocalAuthority.Status.NO_LONGER_EXISTS
            ),
        }
        entries.append((code, values))
    # Former councils the register file leaves out (Bournemouth, Dorset County): kept, so their
    # published records have a council to belong to (core.successions).
    for former in FORMER_COUNCILS.values():
        if former.dfe_code not in seen_codes:
            entries.append(
                (
                    former.dfe_code,
                    {
                        "name": former.name,
                        "ons_code": former.ons_code,
                        "region_name": former.region_name,
                        "region_code": REGION_CODES[former.region_name],
                        "la_type": "",
                        "ofsted_urn": "",
                        "website": "",
                        "status": LocalAuthority.Status.NO_LONGER_EXISTS,
                    },
                )
            )

    for code, values in entries:
        la = existing.get(code)
        if la is None:
            la = LocalAuthority(dfe_code=code, **values)
            la.full_clean(validate_unique=False)
            created.append(la)
            existing[code] = la
            result.created += 1
        elif any(getattr(la, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(la, key, value)
            updated.append(la)
            result.updated += 1
        else:
            result.unchanged += 1
        if values["status"] == LocalAuthority.Status.NO_LONGER_EXISTS:
            result.no_longer_exist.append(values["name"])

    LocalAuthority.objects.bulk_create(created)
    LocalAuthority.objects.bulk_update(
        updated,
        ["name", "ons_code", "region_name", "region_code", "la_type", "ofsted_urn"]
        + ["website", "status"],
    )

    links = []
    for code, (line, row) in neighbours_by_code.items():
        if code not in existing:
            raise ImportFileError(
                f"{neighbours_path.name}, line {line}: LA code {code} is not in {lookup_path.name}."
            )
        for rank in range(1, 11):
            neighbour_code = _dfe_code(row[f"SN_{rank}"], neighbours_path, line, f"SN_{rank}")
            if neighbour_code not in existing:
                raise ImportFileError(
                    f"{neighbours_path.name}, line {line}, column SN_{rank}: unknown LA code "
                    f"{neighbour_code}."
                )
            links.append(
                StatisticalNeighbour(
                    local_authority=existing[code],
                    neighbour=existing[neighbour_code],
                    rank=rank,
                    closeness=(row.get(f"SN_{rank}P") or "").strip(),
                )
            )
    StatisticalNeighbour.objects.all().delete()
    StatisticalNeighbour.objects.bulk_create(links)
    result.neighbour_links = len(links)
    record_import(LOCAL_AUTHORITIES_IMPORT, lookup_path, neighbours_path)
    bump_national()
    return result
