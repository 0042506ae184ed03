"""Every download agrees with the others: UTF-8 with a byte-order mark, a header row in plain
words, dates as yyyy-mm-dd, numbers at the measure's precision; the main tables also come as
Excel workbooks with typed cells and a frozen header."""

import csv
import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from improvement.models import EvidenceItem, NextStep, Programme
from inspections.models import Inspection
from tests.indicators.factories import MeasureFactory, ValueFactory
from tests.indicators.factories import england as england_value
from tests.workforce.factories import ObservationFactory, metric
from tests.workforce.factories import england as england_observation

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
LONG_DATE = re.compile(rf"\b\d{{1,2}} ({MONTHS}) \d{{4}}\b")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T[\d:+-]+)?$")
CODE_NAME = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$|^[a-z]+$")
PADDED_NUMBER = re.compile(r"^-?\d+\.\d*0$")  # 61.00, 41.50: zeros the figure does not have


@pytest.fixture
def figures(world):
    """A measure published to no decimal places, with a figure stored as 61.000, and an
    evidence item whose value is stored as 61.00."""
    people, objects = world
    measure = MeasureFactory(code="WholeNumber", name="Children in need", decimal_places=0)
    inspection = Inspection.objects.get(pk=objects["inspection"]["pk"])
    ValueFactory(measure=measure, local_authority=inspection.local_authority, value="61.000")
    england_value(measure, 2025, "58")
    england_observation("agency-rate", 2025, Decimal("17.1"))
    ObservationFactory(
        metric=metric("agency-rate"),
        local_authority=inspection.local_authority,
        year=2025,
        value=Decimal("12.50"),
    )
    programme = Programme.objects.get(pk=objects["programme"]["pk"])
    EvidenceItem.objects.filter(programme=programme).update(
        measure_label="Visits on time", measure_value=Decimal("61.00")
    )
    # an overdue step, so that the next steps and the exception report have dated rows
    NextStep.objects.filter(pk=objects["next_step"]["pk"]).update(
        due_date=datetime.date(2020, 1, 31)
    )
    return people, objects, measure


def downloads(objects, measure):
    """(description, url) of every CSV download."""
    la = objects["la"]["dfe_code"]
    programme = objects["programme"]["pk"]
    national = f"?metric={measure.slug}&year=2025&download=csv"
    urls = [
        ("inspections", reverse("inspections:list") + "?format=csv"),
        ("achievements", reverse("improvement:achievements-csv", args=[programme])),
        ("next steps", reverse("improvement:next-steps-csv", args=[programme])),
        ("evidence", reverse("improvement:evidence-csv", args=[programme])),
        ("exceptions", reverse("improvement:exception-report-csv", args=[programme])),
        ("indicators national", reverse("indicators:national") + national),
        (
            "workforce national",
            reverse("workforce:national") + "?metric=agency-rate&year=2025&download=csv",
        ),
        (
            "workforce metric",
            reverse("workforce:la-metric-csv", kwargs=objects["metric"]),
        ),
        ("indicator", reverse("indicators:la-measure-csv", kwargs=objects["indicator"])),
        ("papers", reverse("scrutiny:paper-list-csv", args=[la])),
        ("journeys", reverse("scrutiny:learning-journeys-csv")),
        ("visits", reverse("scrutiny:learning-visits-csv")),
    ]
    for table in ("judgements", "visits", "themes", "meetings", "workforce"):
        urls.append((f"summary {table}", reverse("scrutiny:la-summary-csv", args=[la, table])))
    return urls


def read_csv(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff"), "no byte-order mark: Excel would misread accents"
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def test_every_csv_has_iso_dates_plain_headers_and_unpadded_numbers(db, client, figures):
    people, objects, measure = figures
    client.force_login(people["admin_a"])
    problems = []
    seen_dates = 0
    for name, url in downloads(objects, measure):
        header, *rows = read_csv(client.get(url))
        for title in header:
            if not title.strip() or CODE_NAME.match(title):
                problems.append(f"{name}: header {title!r} is a code name, not plain words")
        for row in rows:
            assert len(row) == len(header), f"{name}: a row has a different number of cells"
            for title, cell in zip(header, row, strict=True):
                if LONG_DATE.search(cell) and not title.lower().startswith(("note", "latest")):
                    problems.append(f"{name}: {title} is {cell!r}, not yyyy-mm-dd")
                if re.match(r"^\d{4}-\d{2}-\d{2}", cell):
                    seen_dates += 1
                    if not ISO_DATE.match(cell):
                        problems.append(f"{name}: {title} {cell!r} is not a plain ISO date")
                if PADDED_NUMBER.match(cell):
                    problems.append(f"{name}: {title} is {cell!r}, padded with zeros")
    assert not problems, "\n".join(problems)
    assert seen_dates  # the world has dated rows, so the check above checked something


def test_a_whole_number_measure_and_a_stored_decimal_download_without_padding(db, client, figures):
    people, objects, measure = figures
    client.force_login(people["admin_a"])
    urls = dict(downloads(objects, measure))
    (national,) = [row for row in read_csv(client.get(urls["indicators national"]))[1:]]
    assert national[4] == "61"
    evidence = read_csv(client.get(urls["evidence"]))
    assert evidence[1][evidence[0].index("Value")] == "61"


def test_downloads_carry_the_ids_of_their_rows(db, client, figures):
    people, objects, measure = figures
    client.force_login(people["admin_a"])
    urls = dict(downloads(objects, measure))
    for name, column, key in [
        ("inspections", "Inspection id", "inspection"),
        ("next steps", "Next step id", "next_step"),
        ("papers", "Paper id", "paper"),
    ]:
        header, *rows = read_csv(client.get(urls[name]))
        ids = [row[header.index(column)] for row in rows]
        assert str(objects[key]["pk"]) in ids, name


MAIN_TABLES = [
    ("inspections list", "inspections:list", None, "?format=xlsx"),
    ("next steps", "improvement:next-steps-csv", "programme", "?format=xlsx"),
    ("exception report", "improvement:exception-report-csv", "programme", "?format=xlsx"),
    ("committee papers", "scrutiny:paper-list-csv", "la", "?format=xlsx"),
    ("indicators national", "indicators:national", None, "?year=2025&download=xlsx"),
    ("workforce national", "workforce:national", None, "?metric=agency-rate&download=xlsx"),
]
PAGES_WITH_LINKS = [
    ("inspections:list", None),
    ("improvement:programme-detail", "programme"),
    ("improvement:exception-report", "programme"),
    ("scrutiny:paper-list", "la"),
]


@pytest.mark.parametrize(("name", "url_name", "key", "query"), MAIN_TABLES)
def test_the_main_tables_download_as_excel_with_typed_cells_and_a_frozen_header(
    db, client, figures, name, url_name, key, query
):
    people, objects, measure = figures
    client.force_login(people["admin_a"])
    if name == "indicators national":
        query = f"?metric={measure.slug}&year=2025&download=xlsx"
    if name == "workforce national":
        query += "&year=2025"
    response = client.get(reverse(url_name, kwargs=objects[key] if key else None) + query)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert all(isinstance(title, str) and title for title in header)
    assert sheet.max_row >= 2, f"{name}: no rows"
    values = [cell.value for row in sheet.iter_rows(min_row=2) for cell in row]
    if name in ("indicators national", "workforce national"):
        assert any(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
    else:
        assert any(isinstance(v, datetime.datetime | datetime.date) for v in values), name
    assert not any(isinstance(v, str) and LONG_DATE.search(v) for v in values), name


@pytest.mark.parametrize(("url_name", "key"), PAGES_WITH_LINKS)
def test_main_tables_offer_excel_beside_the_csv(db, client, figures, url_name, key):
    people, objects, _ = figures
    client.force_login(people["admin_a"])
    page = client.get(reverse(url_name, kwargs=objects[key] if key else None)).text
    assert "as Excel (.xlsx)" in page
    assert "xlsx" in page
