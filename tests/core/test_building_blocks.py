"""The building blocks every app uses: stale edits, the CSV writer, the GOV.UK date field, the
lines field, scoped fetches, data versions, breadcrumbs and the admin's door."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from openpyxl import load_workbook

from core.access import access_object
from core.editing import StaleEdit, model_update
from core.exports import CsvExportView, csv_cell, csv_response, xlsx_response
from core.forms import GovukDateField, LinesField
from core.models import LocalAuthority
from core.versioning import (
    bump_council,
    bump_for_council_and_nation,
    bump_national,
    cached,
    national_version,
    versioned_key,
)
from improvement.models import Programme, Theme
from tests import factories
from tests.improvement.factories import ProgrammeFactory, ThemeFactory

# --------------------------------------------------------------------------------------------
# Stale edits


@pytest.mark.django_db
def test_model_update_applies_only_the_listed_fields_and_bumps_the_version(lead):
    theme = ThemeFactory(title="Supervision", aim="Old aim")
    with transaction.atomic():
        saved = model_update(
            instance=theme,
            fields=["aim"],
            data={"aim": "New aim", "title": "Renamed by a forged form"},
            by=lead,
            seen_version=theme.version,
        )
    theme.refresh_from_db()
    assert (theme.aim, theme.title, theme.version) == ("New aim", "Supervision", 2)
    assert saved.history.first().history_user == lead


@pytest.mark.django_db
def test_model_update_refuses_a_stale_version_and_names_who_saved(lead, admin_user):
    theme = ThemeFactory(aim="First")
    opened = theme.version
    with transaction.atomic():
        model_update(
            instance=theme,
            fields=["aim"],
            data={"aim": "Theirs"},
            by=admin_user,
            seen_version=opened,
        )
    with pytest.raises(StaleEdit) as stale, transaction.atomic():
        model_update(
            instance=theme, fields=["aim"], data={"aim": "Mine"}, by=lead, seen_version=opened
        )
    assert stale.value.current.aim == "Theirs"
    assert str(admin_user) in stale.value.message
    theme.refresh_from_db()
    assert theme.aim == "Theirs"


@pytest.mark.django_db(transaction=True)
def test_model_update_outside_a_transaction_is_a_programming_error(lead):
    theme = ThemeFactory()
    with pytest.raises(RuntimeError, match="transaction.atomic"):
        model_update(instance=theme, fields=["aim"], data={"aim": "x"}, by=lead, seen_version=1)


# --------------------------------------------------------------------------------------------
# CSV


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://x")',
        "+1",
        "-2+3",
        "@SUM(A1)",
        "\tcmd",
        "\rcmd",
        "\uff1dSUM(A1)",
        "\uff0b1",
        "\uff0d1",
        "\uff20A1",
    ],
)
def test_csv_cells_that_a_spreadsheet_would_run_stay_text(text):
    assert csv_cell(text) == "'" + text


def test_csv_cells_keep_numbers_dates_and_plain_text():
    from decimal import Decimal

    assert csv_cell(-5) == "-5"
    assert csv_cell(Decimal("61.5")) == "61.5"
    assert csv_cell(datetime.date(2019, 11, 26)) == "2019-11-26"
    assert csv_cell(None) == ""
    assert csv_cell("Supervision = key") == "Supervision = key"


def test_csv_response_is_utf8_with_bom_and_escapes_the_header_too():
    response = csv_response("x.csv", ["Theme", "=bad"], [["Café", "=1+1"]])
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows == [["Theme", "'=bad"], ["Café", "'=1+1"]]


# --------------------------------------------------------------------------------------------
# Form fields


@pytest.mark.parametrize(
    ("parts", "expected"),
    [(["26", "11", "2019"], datetime.date(2019, 11, 26)), (["", "", ""], None)],
)
def test_govuk_date_field_reads_day_month_and_year(parts, expected):
    assert GovukDateField(required=False).clean(parts) == expected


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (["31", "2", "2019"], "Enter a real date"),
        (["26", "11", "19"], "Enter the year as 4 digits"),
        (["26", "", "2019"], "Enter the month"),
        (["x", "11", "2019"], "Enter a real date, like 27 3 2019"),
    ],
)
def test_govuk_date_field_says_what_is_wrong(parts, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        GovukDateField(required=False).clean(parts)
    assert any(message in m for m in error.value.messages)


def test_lines_field_keeps_one_item_a_line():
    assert LinesField(required=False).clean("LSCB\n\n  SLT \nthe Executive") == [
        "LSCB",
        "SLT",
        "the Executive",
    ]


# --------------------------------------------------------------------------------------------
# Access


@pytest.mark.django_db
def test_access_object_hides_another_councils_record_and_refuses_a_change(lead, outsider):
    programme = ProgrammeFactory(local_authority=lead.local_authority)
    assert access_object(Programme.objects, user=lead, pk=programme.pk) == programme
    with pytest.raises(Http404):
        access_object(Programme.objects, user=outsider, pk=programme.pk)
    with pytest.raises(PermissionDenied):
        access_object(Programme.objects, user=lead, pk=programme.pk, may=lambda u, o: False)


@pytest.mark.django_db
def test_platform_administrators_see_every_council(platform_admin, outsider):
    theme = ThemeFactory(programme__local_authority=outsider.local_authority)
    assert Theme.objects.visible_to(platform_admin).filter(pk=theme.pk).exists()


# --------------------------------------------------------------------------------------------
# Data versions


@pytest.mark.django_db
def test_bumps_change_the_keys_of_exactly_the_data_they_touch(
    local_authority, other_local_authority
):
    def key(la):
        return versioned_key("page", local_authority=LocalAuthority.objects.get(pk=la.pk))

    before_own, before_other = key(local_authority), key(other_local_authority)
    bump_council(local_authority)
    assert key(local_authority) != before_own
    assert key(other_local_authority) == before_other

    before = national_version()
    bump_national()
    assert national_version() == before + 1
    both_before = key(local_authority)
    bump_for_council_and_nation(local_authority)
    assert key(local_authority) != both_before


@pytest.mark.django_db
def test_cached_computes_once_per_key():
    calls = []
    key = versioned_key("test-cached", "2026-12-03")
    assert cached(key, lambda: calls.append(1) or "first") == "first"
    assert cached(key, lambda: calls.append(1) or "second") == "first"
    bump_national()
    assert cached(versioned_key("test-cached", "2026-12-03"), lambda: "third") == "third"
    assert calls == [1]


# --------------------------------------------------------------------------------------------
# Breadcrumbs and the Django admin


@pytest.mark.django_db
def test_breadcrumbs_follow_the_record_up_to_home(client, local_authority, lead):
    from django.template import Context, Template

    html = Template('{% load navigation %}{% breadcrumbs la "Workforce" %}').render(
        Context({"la": local_authority})
    )
    assert html.index(">Home<") < html.index(">Local authorities<") < html.index(">Havering<")
    assert '<li class="govuk-breadcrumbs__list-item" aria-current="page">Workforce</li>' in html


@pytest.mark.django_db
def test_only_platform_administrators_use_the_django_admin(client, local_authority):
    council_admin = factories.administrator(
        username="staff-by-mistake", local_authority=local_authority, is_staff=True
    )
    client.force_login(council_admin)
    assert client.get("/admin/core/user/").status_code == 302  # sent to the admin's sign-in
    client.force_login(factories.platform_administrator(username="platform"))
    assert client.get("/admin/core/user/").status_code == 200


def test_xlsx_response_has_typed_cells_a_frozen_bold_header_and_formulas_kept_as_text():
    response = xlsx_response(
        "themes.xlsx",
        ["Theme", "Due", "Per cent", "Done"],
        [
            ['=HYPERLINK("http://x")', datetime.date(2025, 3, 31), Decimal("61.5"), True],
            ["Supervision\x1b", None, 7, False],
        ],
    )

    assert response["Content-Disposition"] == 'attachment; filename="themes.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "Theme"
    assert sheet["A1"].font.bold
    assert sheet["A2"].value == '=HYPERLINK("http://x")'
    assert sheet["A2"].data_type == "s"  # text, not a formula Excel would run
    assert sheet["B2"].value.date() == datetime.date(2025, 3, 31)
    assert sheet["B2"].number_format == "yyyy-mm-dd"
    assert sheet["C2"].value == 61.5
    assert sheet["D2"].value == "Yes"
    assert sheet["A3"].value == "Supervision"  # control characters dropped
    assert sheet["C3"].value == 7
    assert sheet.column_dimensions["A"].width > len("Theme") + 2


def test_every_csv_export_view_also_gives_the_same_table_as_a_workbook(rf):

    class Themes(CsvExportView):
        header = ["Theme", "Due"]
        filename = "themes.csv"

        def rows(self):
            return [["Supervision", datetime.date(2025, 3, 31)]]

    as_csv = Themes.as_view()(rf.get("/themes.csv"))
    as_xlsx = Themes.as_view()(rf.get("/themes.csv", {"format": "xlsx"}))

    assert as_csv.content.decode("utf-8-sig").splitlines() == [
        "Theme,Due",
        "Supervision,2025-03-31",
    ]
    assert as_xlsx["Content-Disposition"] == 'attachment; filename="themes.xlsx"'
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    assert [[c.value for c in row] for row in sheet.iter_rows(max_col=1)] == [
        ["Theme"],
        ["Supervision"],
    ]
