"""Factories and helpers for workforce figures."""

import csv
from datetime import date
from decimal import Decimal
from importlib import import_module
from pathlib import Path

import factory
from django.apps import apps

from tests.factories import LocalAuthorityFactory
from workforce.models import Metric, Observation

REAL_FILE = Path(__file__).resolve().parents[2] / "data" / "csww_indicators_2017_to_2025.csv"


def ensure_metrics():
    """The seeded metrics (a transactional test's flush empties the table)."""
    if not Metric.objects.filter(slug="agency-rate").exists():
        import_module("workforce.migrations.0001_squashed").seed_metrics(apps, None)


def metric(slug: str) -> Metric:
    ensure_metrics()
    return Metric.objects.get(slug=slug)


class ObservationFactory(factory.django.DjangoModelFactory):
    """A published DfE figure for an LA at 30 September of `year` (default 2025). A deliberate
    parallel of the indicators' ValueFactory: the workforce figures are a table of their own,
    counted at 30 September rather than 31 March."""

    class Meta:
        model = Observation

    class Params:
        year = 2025

    metric = factory.LazyFunction(lambda: metric("agency-rate"))
    area_type = Observation.AreaType.LOCAL
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    area_name = factory.LazyAttribute(lambda o: o.local_authority.name if o.local_authority else "")
    date = factory.LazyAttribute(lambda o: date(o.year, 9, 30))
    value = Decimal("10.0")
    source = Observation.Source.IMPORT


def england(metric_slug: str, year: int, value=None, special: str = "") -> Observation:
    return ObservationFactory(
        metric=metric(metric_slug),
        area_type=Observation.AreaType.NATIONAL,
        local_authority=None,
        area_name="England",
        year=year,
        value=value,
        special_value=special,
    )


def region(metric_slug: str, year: int, value, code="E12000007", name="London") -> Observation:
    return ObservationFactory(
        metric=metric(metric_slug),
        area_type=Observation.AreaType.REGIONAL,
        local_authority=None,
        region_code=code,
        area_name=name,
        year=year,
        value=value,
    )


def local_figure(local_authority, metric_slug, day, value, by=None, note="") -> Observation:
    return ObservationFactory(
        metric=metric(metric_slug),
        local_authority=local_authority,
        date=day,
        value=Decimal(str(value)),
        source=Observation.Source.LOCAL,
        entered_by=by,
        note=note,
    )


def real_rows() -> list[dict]:
    with open(REAL_FILE, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def header() -> list[str]:
    with open(REAL_FILE, encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle))


def write_csv(path: Path, rows: list[dict]) -> Path:
    """A file in the DfE's shape: the real header, with `rows` (missing cells filled with 1)."""
    columns = header()
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "1") for column in columns})
    return path


def dfe_row(year, level, **cells) -> dict:
    """One row of a DfE-shaped file. level: "National", "Regional" or "Local authority"."""
    row = {
        "time_period": str(year),
        "time_identifier": "Reporting year",
        "geographic_level": level,
        "country_code": "E92000001",
        "country_name": "England",
        "region_code": "",
        "region_name": "",
        "old_la_code": "",
        "new_la_code": "",
        "la_name": "",
    }
    row.update(cells)
    return row
