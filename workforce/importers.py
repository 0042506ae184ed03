"""Loads the DfE's children's social work workforce indicators (one row per area and year).

The whole file is read and checked before anything is written; any problem raises
`ImportFileError` naming the file, line and column, and the database is left as it was.
Importing the same file twice changes nothing; a later release with more years adds the new
years and updates revised figures, without duplicates.

- England (`National`), regions (`Regional`, keyed by ONS region code) and LAs (`Local
  authority`, joined on the three-digit DfE code `old_la_code`, never on names).
- Special values (c, x, z, u, low) are stored as such, with no number ("low": more than 0
  but rounds to 0).
- A joint return ("314 / 318") is stored once for each council named, marked as joint.
- Rows for councils not in the LA register (e.g. Bournemouth and Dorset before 2019) are
  skipped and listed in the result.
"""

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from core.importers import (
    ImportCounts,
    ImportFileError,
    create_with_history,
    csv_reader,
    record_import,
    unchanged_since,
)
from core.models import LocalAuthority
from core.versioning import bump_national
from workforce.models import Metric, Observation, SpecialValue

DEFAULT_PATH = Path(settings.BASE_DIR) / "data" / "csww_indicators_2017_to_2025.csv"
IMPORT_NAME = "workforce"
AREA_COLUMNS = [
    "time_period",
    "geographic_level",
    "region_code",
    "region_name",
    "old_la_code",
    "la_name",
]
LEVELS = {
    "National": Observation.AreaType.NATIONAL,
    "Regional": Observation.AreaType.REGIONAL,
    "Local authority": Observation.AreaType.LOCAL,
}
NUMBER = re.compile(r"^\d+(\.\d+)?$")
REGION_CODE = re.compile(r"^E1[23]\d{6}$")
DFE_CODE = re.compile(r"^\d{3}$")
SPECIALS = {choice.value for choice in SpecialValue}
REFERENCE_DAY = (9, 30)  # the DfE's figures are at 30 September of the collection year
BATCH_SIZE = 2000
FIELDS = ["value", "special_value", "area_name", "joint_return_codes", "joint_return_names"]


@dataclass
class SkippedArea:
    code: str
    name: str
    years: set[int] = field(default_factory=set)

    def __str__(self):
        years = sorted(self.years)
        span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
        return f"{self.name} ({self.code}, {span})"


@dataclass
class ImportResult(ImportCounts):
    rows: int = 0
    years: list[int] = field(default_factory=list)
    skipped: list[SkippedArea] = field(default_factory=list)

    @property
    def figures(self) -> int:
        return self.created + self.updated + self.unchanged


def reference_date(year: int) -> date:
    return date(year, *REFERENCE_DAY)


def _read(path: Path, columns: list[str]) -> list[tuple[int, dict]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv_reader(handle, path, columns)
            rows = []
            for number, row in enumerate(reader, start=2):
                if None in row or any(value is None for value in row.values()):
                    raise ImportFileError(
                        f"{path.name}, line {number}: has {len(row) - (None in row)} "
                        f"cells where the header has {len(reader.fieldnames)}."
                    )
                rows.append((number, row))
            return rows
    except FileNotFoundError as exc:
        raise ImportFileError(f"{path}: file not found.") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ImportFileError(f"{path.name}: not a readable CSV file ({exc}).") from exc


def _figure(text: str, where: str) -> tuple[Decimal | None, str]:
    text = (text or "").strip()
    if text.lower() in SPECIALS:
        return None, text.lower()
    if NUMBER.match(text):
        try:
            return Decimal(text), ""
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            pass
    raise ImportFileError(
        f"{where}: '{text}' is neither a number of 0 or more nor a DfE symbol "
        f"({', '.join(sorted(SPECIALS))})."
    )


@transaction.atomic
def import_workforce(
    *,
    path: Path = DEFAULT_PATH,
    progress: Callable[[str], None] | None = None,
    force: bool = False,
) -> ImportResult:
    """Import (or re-import) the DfE indicators file at `path`. Atomic; see the module doc.
    Skipped, changing nothing, if this very file was imported successfully before
    (`result.skipped_since` says when), unless `force`."""
    path = Path(path)
    say = progress or (lambda message: None)
    skipped_since = unchanged_since(IMPORT_NAME, path, force=force)
    if skipped_since:
        return ImportResult(skipped_since=skipped_since)
    metrics = list(Metric.objects.published())
    rows = _read(path, AREA_COLUMNS + [metric.csv_column for metric in metrics])
    say(f"Read {len(rows):,} rows from {path.name}.")
    las = {la.dfe_code: la for la in LocalAuthority.objects.all()}

    result = ImportResult(rows=len(rows))
    skipped: dict[str, SkippedArea] = {}
    wanted: dict[tuple, Observation] = {}
    seen_at: dict[tuple, int] = {}
    years: set[int] = set()
    for line, row in rows:
        where = f"{path.name}, line {line}"
        year_text = row["time_period"].strip()
        if not (year_text.isdigit() and len(year_text) == 4):
            raise ImportFileError(
                f"{where}, column time_period: '{year_text}' is not a year such as 2025."
            )
        when = reference_date(int(year_text))
        level = row["geographic_level"].strip()
        if level not in LEVELS:
            raise ImportFileError(
                f"{where}, column geographic_level: '{level}' is not one of {', '.join(LEVELS)}."
            )
        area_type = LEVELS[level]
        areas: list[dict] = []
        joint_codes = joint_names = ""
        if area_type == Observation.AreaType.NATIONAL:
            areas.append({"area_name": "England"})
        elif area_type == Observation.AreaType.REGIONAL:
            code = row["region_code"].strip()
            if not REGION_CODE.match(code):
                raise ImportFileError(
                    f"{where}, column region_code: '{code}' is not an ONS region code such "
                    "as E12000007."
                )
            areas.append({"region_code": code, "area_name": row["region_name"].strip()})
        else:
            raw = row["old_la_code"].strip()
            codes = [part.strip() for part in raw.split("/")]
            if not all(DFE_CODE.match(code) for code in codes):
                raise ImportFileError(
                    f"{where}, column old_la_code: '{raw}' is not a three-digit DfE LA code "
                    "(or codes joined by “ / ” for a joint return)."
                )
            names = [part.strip() for part in row["la_name"].split("/")]
            if len(codes) > 1:
                joint_codes, joint_names = " / ".join(codes), " / ".join(names)
            for index, code in enumerate(codes):
                if code not in las:
                    name = names[index] if index < len(names) else row["la_name"].strip()
                    skipped.setdefault(code, SkippedArea(code, name)).years.add(when.year)
                    continue
                areas.append({"local_authority": las[code], "area_name": las[code].name})
        if not areas:
            continue
        years.add(when.year)
        for metric in metrics:
            value, special = _figure(row[metric.csv_column], f"{where}, column {metric.csv_column}")
            for area in areas:
                la = area.get("local_authority")
                key = (
                    metric.pk,
                    area_type,
                    la.pk if la else None,
                    area.get("region_code", ""),
                    when,
                )
                if key in wanted:
                    if joint_codes and not wanted[key].joint_return_codes:
                        continue  # a council's own return beats a joint one for the same year
                    if not (wanted[key].joint_return_codes and not joint_codes):
                        raise ImportFileError(
                            f"{where}: {area['area_name']} {when.year} appears twice "
                            f"(also line {seen_at[key]})."
                        )
                seen_at[key] = line
                wanted[key] = Observation(
                    metric=metric,
                    area_type=area_type,
                    local_authority=la,
                    region_code=area.get("region_code", ""),
                    area_name=area["area_name"],
                    date=when,
                    value=value,
                    special_value=special,
                    source=Observation.Source.IMPORT,
                    joint_return_codes=joint_codes,
                    joint_return_names=joint_names,
                )
    result.years = sorted(years)
    result.skipped = sorted(skipped.values(), key=lambda area: area.code)

    existing = {
        (obs.metric_id, obs.area_type, obs.local_authority_id, obs.region_code, obs.date): obs
        for obs in Observation.objects.published().filter(metric__in=metrics)
    }
    to_create, to_update = [], []
    now = timezone.now()
    for key, new in wanted.items():
        old = existing.get(key)
        if old is None:
            to_create.append(new)
            continue
        if all(getattr(old, name) == getattr(new, name) for name in FIELDS):
            result.unchanged += 1
            continue
        for name in FIELDS:
            setattr(old, name, getattr(new, name))
        old.version += 1
        old.updated_at = now
        to_update.append(old)

    say(f"Saving {len(to_create):,} new and {len(to_update):,} revised figures.")
    if to_create:
        create_with_history(
            Observation, to_create, history_reason="DfE import", batch_size=BATCH_SIZE
        )
        result.created = len(to_create)
        say(f"  {result.created:,} new figures saved")
    for start in range(0, len(to_update), BATCH_SIZE):
        batch = to_update[start : start + BATCH_SIZE]
        bulk_update_with_history(
            batch,
            Observation,
            [*FIELDS, "version", "updated_at"],
            batch_size=BATCH_SIZE,
            default_change_reason="DfE import (revised figure)",
        )
        result.updated += len(batch)
        say(f"  {result.updated:,} of {len(to_update):,} revised figures saved")
    record_import(IMPORT_NAME, path)
    if to_create or to_update:
        bump_national()
    return result
