"""Loads the register of English local authorities and their statistical neighbours."""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from core.models import LocalAuthority, StatisticalNeighbour
from core.versioning import bump_national

DATA_DIR = Path(settings.BASE_DIR) / "data"
DEFAULT_LOOKUP = DATA_DIR / "Provider_data_lookup.csv"
DEFAULT_NEIGHBOURS = DATA_DIR / "sn_model_2025_wide.csv"

# Former councils have no ONS code in the lookup; their published codes, for joining old data.
FORMER_ONS_CODES = {"909": "E10000006", "928": "E10000021", "836": "E06000029"}
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


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    neighbour_links: int = 0
    no_longer_exist: list[str] = field(default_factory=list)


def _read_csv(path: Path, required: set[str]) -> list[tuple[int, dict]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = required - set(reader.fieldnames or [])
            if missing:
                raise ImportFileError(
                    f"{path.name}, line 1: missing column(s) {', '.join(sorted(missing))}."
                )
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
    *, lookup_path: Path = DEFAULT_LOOKUP, neighbours_path: Path = DEFAULT_NEIGHBOURS
) -> ImportResult:
    lookup_path, neighbours_path = Path(lookup_path), Path(neighbours_path)
    lookup_rows = _read_csv(lookup_path, LOOKUP_COLUMNS)
    neighbour_rows = _read_csv(neighbours_path, NEIGHBOUR_COLUMNS)

    neighbours_by_code: dict[str, tuple[int, dict]] = {}
    for line, row in neighbour_rows:
        code = _dfe_code(row["old_la_code"], neighbours_path, line, "old_la_code")
        neighbours_by_code[code] = (line, row)

    result = ImportResult()
    existing = {la.dfe_code: la for la in LocalAuthority.objects.all()}
    seen_codes: set[str] = set()
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
        la = existing.get(code)
        if la is None:
            la = LocalAuthority(dfe_code=code, **values)
            la.full_clean(validate_unique=False)
            la.save()
            existing[code] = la
            result.created += 1
        elif any(getattr(la, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(la, key, value)
            la.save()
            result.updated += 1
        else:
            result.unchanged += 1
        if values["status"] == LocalAuthority.Status.NO_LONGER_EXISTS:
            result.no_longer_exist.append(name)

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
    bump_national()
    return result
