"""Loads the DfE's children's social care indicators (its Local Authority Interactive Tool data
set): the data dictionary (one row a measure) and the figures (one row a measure, year and area).

Both files are read and checked before anything is written; any problem raises
`ImportFileError` naming the file and line, and the database is left as it was. Importing the
same files again changes nothing; a later release adds new years and updates revised figures.

- Areas join on the DfE LA code (`la_number`), never on names: 970 is England, 980–990 the
  regions (and Inner and Outer London), any other code a council of the register. Councils that
  changed keep their own rows: Cumbria (909) until it split into Cumberland (942) and Westmorland
  and Furness (943) in 2023, Northamptonshire (928) until North (940) and West (941)
  Northamptonshire in 2021, Poole (836) and the former Dorset County (835) and Bournemouth (837)
  until BCP (839) and Dorset (838) in 2019; North Yorkshire (815) kept its code. Codes that are
  not in the register are listed as skipped.
- `-` (no figure: suppressed, not applicable or not collected) is stored as no number, never 0.
- Values carry float noise (`19.100000000000001`): they are rounded to the measure's decimal
  places; where the dictionary gives none, to the places the DfE's figures use (at most 2).
"""

import csv
import gzip
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from core.importers import (
    ImportCounts,
    ImportFileError,
    copy_rows,
    csv_reader,
    record_import,
    unchanged_since,
)
from core.models import LocalAuthority
from core.versioning import bump_national
from indicators.engine import HIGHER, LOWER, NEITHER, quantum
from indicators.models import Kind, Measure, Topic, Value, YearType

DATA_DIR = Path(settings.BASE_DIR) / "data"
DEFAULT_MEASURES = DATA_DIR / "lait_csc_measures.csv"
DEFAULT_VALUES = DATA_DIR / "lait_csc_indicators_2016_to_2025.csv.gz"
IMPORT_NAME = "indicators"
MEASURE_COLUMNS = ["measure", "topic", "name", "polarity", "unit", "year_type", "decimal_places"]
VALUE_COLUMNS = ["measure", "year", "la_number", "area", "region", "value"]
TOPICS = {
    "Children in Need": Topic.CHILDREN_IN_NEED,
    "Child Protection": Topic.CHILD_PROTECTION,
    "Children Looked After": Topic.CHILDREN_LOOKED_AFTER,
    "Adoption": Topic.ADOPTION,
}
POLARITIES = {"High": HIGHER, "Low": LOWER, "-": NEITHER, "": NEITHER}
YEAR_TYPES = {
    "Financial Year": YearType.FINANCIAL,
    "Academic Year": YearType.ACADEMIC,
    "Annual": YearType.ANNUAL,
}
ENGLAND = "970"
REGIONS = {
    "980": "E12000001",
    "981": "E12000002",
    "982": "E12000003",
    "983": "E12000004",
    "984": "E12000005",
    "985": "E12000006",
    "986": "E12000007",
    "987": "E13000001",
    "988": "E13000002",
    "989": "E12000008",
    "990": "E12000009",
}
YEAR = re.compile(r"^(19|20)\d\d$")
DFE_CODE = re.compile(r"^\d{3}$")
NO_FIGURE = "-"
BATCH_SIZE = 5000
MAX_INFERRED_PLACES = 2


@dataclass
class ImportResult(ImportCounts):
    measures: int = 0
    rows: int = 0
    years: list[int] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)


def _open(path: Path):
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def _read(path: Path, columns: list[str]) -> list[tuple[int, dict]]:
    try:
        with _open(path) as handle:
            reader = csv_reader(handle, path, columns)
            rows = []
            for row in reader:
                line = reader.line_num
                if None in row or any(value is None for value in row.values()):
                    raise ImportFileError(
                        f"{path.name}, line {line}: the number of cells differs from the header."
                    )
                rows.append((line, row))
            return rows
    except FileNotFoundError as exc:
        raise ImportFileError(f"{path.name}: file not found.") from exc
    except (UnicodeDecodeError, csv.Error, OSError, EOFError) as exc:
        raise ImportFileError(f"{path.name}: not a readable CSV file ({exc}).") from exc


def kind_of(unit: str) -> str:
    unit = unit.strip().lower()
    if unit.startswith("%"):
        return Kind.PERCENTAGE
    if unit.startswith("rate"):
        return Kind.RATE
    if unit.startswith("number"):
        return Kind.NUMBER
    return Kind.SCORE


def _number(text: str, where: str) -> Decimal | None:
    text = text.strip()
    if text == NO_FIGURE:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ImportFileError(f"{where}: '{text}' is neither a number nor “-” (no figure).")
    return value


def _places(value: Decimal) -> int:
    """The decimal places a noisy figure really has (19.100000000000001 -> 1), at most 2."""
    exponent = value.quantize(quantum(MAX_INFERRED_PLACES), ROUND_HALF_UP).normalize()
    exponent = exponent.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _measures(path: Path, inferred: dict[str, int]) -> list[Measure]:
    measures, seen, slugs = [], {}, set()
    for line, row in _read(path, MEASURE_COLUMNS):
        where = f"{path.name}, line {line}"
        code = row["measure"].strip()
        if not code:
            raise ImportFileError(f"{where}, column measure: the code is empty.")
        if code in seen:
            raise ImportFileError(
                f"{where}: measure {code} appears twice (also line {seen[code]})."
            )
        seen[code] = line
        topic = TOPICS.get(row["topic"].strip())
        if topic is None:
            raise ImportFileError(
                f"{where}, column topic: '{row['topic']}' is not one of {', '.join(TOPICS)}."
            )
        polarity = row["polarity"].strip()
        if polarity not in POLARITIES:
            raise ImportFileError(f"{where}, column polarity: '{polarity}' is not High, Low or -.")
        year_type = YEAR_TYPES.get(row["year_type"].strip())
        if year_type is None:
            raise ImportFileError(
                f"{where}, column year_type: '{row['year_type']}' is not one of "
                f"{', '.join(YEAR_TYPES)}."
            )
        places_text = row["decimal_places"].strip()
        if places_text:
            try:
                places = int(Decimal(places_text))
            except InvalidOperation as exc:
                raise ImportFileError(
                    f"{where}, column decimal_places: '{places_text}' is not a number."
                ) from exc
            if not 0 <= places <= 3:
                raise ImportFileError(f"{where}, column decimal_places: must be 0 to 3.")
        else:
            places = inferred.get(code, 0)
        name = row["name"].strip()
        slug = slugify(code.replace("_", "-"))[:56] or f"measure-{line}"
        while slug in slugs:
            slug = f"{slug}-{line}"
        slugs.add(slug)
        measures.append(
            Measure(
                code=code,
                slug=slug,
                name=name,
                phrase=name[:1].lower() + name[1:] if not name[:2].isupper() else name,
                topic=topic,
                kind=kind_of(row["unit"]),
                unit=row["unit"].strip(),
                better_direction=POLARITIES[polarity],
                year_type=year_type,
                decimal_places=places,
                definition=(row.get("description") or "").strip(),
                source_url=(row.get("source_url") or "").strip(),
                source_table=(row.get("source_table") or "").strip(),
                display_order=len(measures) + 1,
            )
        )
    return measures


MEASURE_FIELDS = [
    "slug",
    "name",
    "phrase",
    "topic",
    "kind",
    "unit",
    "better_direction",
    "year_type",
    "decimal_places",
    "definition",
    "source_url",
    "source_table",
    "display_order",
]


def _save_measures(measures: list[Measure]) -> dict[str, Measure]:
    existing = {measure.code: measure for measure in Measure.objects.published()}
    taken = set(Measure.objects.own().values_list("slug", flat=True))
    saved = {}
    for new in measures:
        if new.slug in taken:
            new.slug = f"{new.slug}-dfe"
        old = existing.get(new.code)
        if old is None:
            new.save()
            saved[new.code] = new
            continue
        if any(getattr(old, name) != getattr(new, name) for name in MEASURE_FIELDS):
            for name in MEASURE_FIELDS:
                setattr(old, name, getattr(new, name))
            old.save()
        saved[new.code] = old
    return saved


COPY_COLUMNS = [
    "measure_id",
    "area_type",
    "local_authority_id",
    "region_code",
    "area_name",
    "date",
    "value",
    "source",
    "note",
    "version",
    "created_at",
    "updated_at",
]


def _copy(rows: list[tuple], now) -> None:
    """Write new figures with PostgreSQL's COPY. `rows` are (measure_id, area_type,
    local_authority_id, region_code, area_name, date, value) tuples: building a model instance
    per figure would cost more than the COPY itself."""
    tail = (Value.Source.DFE.value, "", 1, now, now)
    copy_rows(Value, COPY_COLUMNS, (row + tail for row in rows))


@transaction.atomic
def import_indicators(
    *,
    measures_path: Path = DEFAULT_MEASURES,
    values_path: Path = DEFAULT_VALUES,
    progress: Callable[[str], None] | None = None,
    force: bool = False,
) -> ImportResult:
    """Import (or re-import) the dictionary and the figures. Atomic; see the module doc.
    Skipped, changing nothing, if these very two files were imported successfully before
    (`result.skipped_since` says when), unless `force`."""
    measures_path, values_path = Path(measures_path), Path(values_path)
    say = progress or (lambda message: None)
    skipped_since = unchanged_since(IMPORT_NAME, measures_path, values_path, force=force)
    if skipped_since:
        return ImportResult(skipped_since=skipped_since)
    rows = _read(values_path, VALUE_COLUMNS)
    say(f"Read {len(rows):,} rows from {values_path.name}.")

    # First pass: check every row and work out the places of measures the dictionary leaves
    # blank.
    parsed = []
    inferred: dict[str, int] = {}
    for line, row in rows:
        where = f"{values_path.name}, line {line}"
        code = row["measure"].strip()
        year = row["year"].strip()
        if not YEAR.match(year):
            raise ImportFileError(f"{where}, column year: '{year}' is not a year such as 2025.")
        area = row["la_number"].strip()
        if not DFE_CODE.match(area):
            raise ImportFileError(
                f"{where}, column la_number: '{area}' is not a three-digit DfE LA code."
            )
        value = _number(row["value"], f"{where}, column value")
        if value is not None:
            inferred[code] = max(inferred.get(code, 0), _places(value))
        parsed.append((line, code, int(year), area, row["area"].strip(), value))
        if len(parsed) % 50_000 == 0:
            say(f"  {len(parsed):,} rows checked")

    measures = _measures(measures_path, inferred)
    by_code = {measure.code: measure for measure in measures}
    las = {la.dfe_code: la for la in LocalAuthority.objects.all()}
    result = ImportResult(rows=len(rows), measures=len(measures))
    wanted: dict[tuple, tuple[int, Decimal | None, str]] = {}
    years: set[int] = set()
    for line, code, year, area, area_name, value in parsed:
        measure = by_code.get(code)
        if measure is None:
            raise ImportFileError(
                f"{values_path.name}, line {line}, column measure: '{code}' is not in "
                f"{measures_path.name}."
            )
        if area == ENGLAND:
            key = (code, Value.AreaType.NATIONAL, None, "", year)
            area_name = "England"
        elif area in REGIONS:
            key = (code, Value.AreaType.REGIONAL, None, REGIONS[area], year)
        elif area in las:
            key = (code, Value.AreaType.LOCAL, las[area].pk, "", year)
            area_name = las[area].name
        else:
            result.skipped.setdefault(area, area_name)
            continue
        if key in wanted:
            raise ImportFileError(
                f"{values_path.name}, line {line}: {area_name} {code} {year} appears twice "
                f"(also line {wanted[key][0]})."
            )
        if value is not None:
            value = value.quantize(quantum(measure.decimal_places), ROUND_HALF_UP)
        wanted[key] = (line, value, area_name)
        years.add(year)
    result.years = sorted(years)

    saved = _save_measures(measures)
    say(f"{len(saved)} measures saved.")
    existing = {}
    for (
        pk,
        measure_id,
        area_type,
        la_id,
        region,
        day,
        value,
    ) in Value.objects.published().values_list(
        "pk", "measure_id", "area_type", "local_authority_id", "region_code", "date", "value"
    ):
        existing[(measure_id, area_type, la_id, region, day)] = (pk, value)
    to_create, to_update = [], []
    now = timezone.now()
    period_ends: dict[tuple[str, int], object] = {}
    for (code, area_type, la_id, region, year), (_line, value, area_name) in wanted.items():
        measure = saved[code]
        day = period_ends.get((code, year))
        if day is None:
            day = period_ends[(code, year)] = measure.period_end(year)
        old = existing.get((measure.pk, area_type, la_id, region, day))
        if old is None:
            to_create.append((measure.pk, area_type, la_id, region, area_name, day, value))
        elif old[1] != value:
            to_update.append(Value(pk=old[0], value=value, updated_at=now))
        else:
            result.unchanged += 1

    say(f"Saving {len(to_create):,} new and {len(to_update):,} revised figures.")
    if connection.vendor == "postgresql" and to_create:
        _copy(to_create, now)
        result.created = len(to_create)
        say(f"  {result.created:,} new figures saved")
    for start in range(0, len(to_create) if not result.created else 0, BATCH_SIZE):
        batch = [
            Value(
                measure_id=measure_id,
                area_type=area_type,
                local_authority_id=la_id,
                region_code=region,
                area_name=area_name,
                date=day,
                value=value,
                source=Value.Source.DFE,
            )
            for measure_id, area_type, la_id, region, area_name, day, value in to_create[
                start : start + BATCH_SIZE
            ]
        ]
        Value.objects.bulk_create(batch, batch_size=BATCH_SIZE)
        result.created += len(batch)
        say(f"  {result.created:,} of {len(to_create):,} new figures saved")
    for start in range(0, len(to_update), BATCH_SIZE):
        batch = to_update[start : start + BATCH_SIZE]
        Value.objects.bulk_update(batch, ["value", "updated_at"], batch_size=BATCH_SIZE)
        result.updated += len(batch)
    if to_update:
        say(f"  {result.updated:,} revised figures saved")
    record_import(IMPORT_NAME, measures_path, values_path)
    bump_national()
    return result
