import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from core.dates import long_date
from core.models import ImportedFile, LocalAuthority
from inspections.importers import ImportFileError, import_inspection_outcomes
from inspections.models import Grade, Inspection, Judgement
from inspections.ods import read_sheets
from tests.factories import LocalAuthorityFactory
from tests.inspections import workbooks
from tests.inspections.factories import InspectionFactory, ensure_frameworks

WORKBOOK = Path(settings.BASE_DIR) / "data" / "LA_Inspection_Outcomes_as_at_31_March_2025.ods"


# --- the small workbooks ---------------------------------------------------------------


@pytest.fixture
def councils(frameworks):
    return {
        "havering": LocalAuthorityFactory(name="Havering", dfe_code="311", ons_code="E09000016"),
        "barnet": LocalAuthorityFactory(name="Barnet", dfe_code="302", ons_code="E09000003"),
    }


@pytest.fixture
def good_workbook(tmp_path):
    return workbooks.write_workbook(
        tmp_path / "outcomes.ods",
        latest=workbooks.havering_latest(),
        in_year=workbooks.havering_in_year(),
        history=workbooks.havering_history(),
    )


def snapshot():
    return sorted(
        Judgement.objects.values_list(
            "inspection__local_authority__name", "inspection__start_date", "area__code", "grade"
        )
    )


def test_the_reader_expands_repeated_cells_and_skips_repeated_empty_rows(tmp_path):
    path = workbooks.write_workbook(tmp_path / "w.ods", history=workbooks.havering_history())
    sheet = read_sheets(path)["ILACS_inspection_history"]
    numbers = [number for number, _ in sheet.rows]
    assert numbers == [1, 2, 3, 4, 5, 6]  # the million empty rows at the end are skipped
    havering_2018 = sheet.rows[3][1]
    assert [cell.text for cell in havering_2018][5:8] == [
        "2018-06-11",
        "2018-07-23",
        "ILACS Standard Inspection",
    ]
    assert havering_2018[0].link == workbooks.LINK
    assert len(havering_2018) == 12  # the trailing run of 16,000 empty cells is dropped


def test_the_reader_keeps_repeated_cells_and_rows_that_carry_data(tmp_path):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Sheet1")
    row = TableRow(numberrowsrepeated=2)
    first = TableCell(valuetype="string")
    first.addElement(P(text="Good"))
    row.addElement(TableCell(numbercolumnsrepeated=2))
    repeated = TableCell(valuetype="string", numbercolumnsrepeated=3)
    repeated.addElement(P(text="Good"))
    row.addElement(repeated)
    table.addElement(TableRow(numberrowsrepeated=4))
    table.addElement(row)
    document.spreadsheet.addElement(table)
    document.save(str(tmp_path / "r.ods"))
    rows = read_sheets(tmp_path / "r.ods")["Sheet1"].rows
    assert [number for number, _ in rows] == [5, 6]
    assert [cell.text for cell in rows[0][1]] == ["", "", "Good", "Good", "Good"]


def test_import_creates_inspections_visits_and_judgements(councils, good_workbook):
    result = import_inspection_outcomes(path=good_workbook)
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    havering = councils["havering"]
    history = list(Inspection.objects.for_local_authority(havering).with_judgements())
    assert [(i.start_date, i.get_inspection_type_display()) for i in history] == [
        (datetime.date(2025, 3, 26), "Monitoring visit"),
        (datetime.date(2023, 12, 11), "Standard inspection"),
        (datetime.date(2018, 6, 11), "Standard inspection"),
    ]
    visit, inadequate, good = history
    assert visit.theme == "Children in care"
    assert not visit.judgements.all()
    assert str(inadequate.framework) == "ILACS 2023"
    assert len(inadequate.judgements.all()) == 5
    assert str(good.framework) == "ILACS 2018"
    assert len(good.judgements.all()) == 4
    assert good.report_url == workbooks.LINK
    assert good.source == Inspection.Source.IMPORTED
    havering.refresh_from_db()
    assert havering.ofsted_region == "London"


def test_import_twice_changes_nothing(councils, good_workbook):
    import_inspection_outcomes(path=good_workbook)
    before = snapshot()
    result = import_inspection_outcomes(path=good_workbook, force=True)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 4)
    assert snapshot() == before
    assert Inspection.objects.count() == 4


def test_an_unchanged_file_is_skipped_and_the_command_says_since_when(councils, good_workbook):
    import_inspection_outcomes(path=good_workbook)
    before = snapshot()
    history_rows = Inspection.history.count()
    skipped = import_inspection_outcomes(path=good_workbook)
    assert skipped.skipped_since is not None
    assert (skipped.created, skipped.updated, skipped.unchanged, skipped.rows_read) == (0, 0, 0, 0)
    assert snapshot() == before
    assert Inspection.history.count() == history_rows
    out = io.StringIO()
    call_command("import_inspection_outcomes", str(good_workbook), stdout=out)
    today = long_date(timezone.localdate())
    assert f"Inspections: unchanged since {today}, skipped" in out.getvalue()
    out = io.StringIO()
    call_command("import_inspection_outcomes", str(good_workbook), "--force", stdout=out)
    assert "0 created, 0 updated, 4 unchanged" in out.getvalue()


def test_a_changed_file_is_imported_again(councils, good_workbook, tmp_path):
    import_inspection_outcomes(path=good_workbook)
    rows = workbooks.havering_history()
    rows[0][8] = "Outstanding"  # Havering 2018 overall effectiveness, corrected by Ofsted
    changed = workbooks.write_workbook(
        good_workbook,
        latest=workbooks.havering_latest(),
        in_year=workbooks.havering_in_year(),
        history=rows,
    )
    result = import_inspection_outcomes(path=changed)
    assert result.skipped_since is None
    assert result.updated == 1
    inspection = Inspection.objects.get(start_date="2018-06-11")
    assert inspection.overall_grade == Grade.OUTSTANDING
    assert inspection.version == 2
    overall = inspection.judgements.get(area__strand="overall")
    assert overall.history.latest().history_change_reason == "Imported from outcomes.ods"


def test_a_failed_import_is_not_recorded_so_the_fixed_file_is_not_skipped(
    councils, good_workbook, tmp_path
):
    rows = workbooks.havering_history()
    rows[2][1] = "E09999999"
    bad = workbooks.write_workbook(tmp_path / "bad.ods", history=rows)
    with pytest.raises(ImportFileError):
        import_inspection_outcomes(path=bad)
    assert ImportedFile.objects.count() == 0
    assert import_inspection_outcomes(path=good_workbook).created == 4


def test_every_imported_row_has_a_history_row_saying_where_it_came_from(councils, good_workbook):
    import_inspection_outcomes(path=good_workbook)
    for inspection in Inspection.objects.all():
        (record,) = inspection.history.all()
        assert record.history_type == "+"
        assert record.history_change_reason == "Imported from outcomes.ods"
    assert Judgement.history.count() == Judgement.objects.count() == 13  # 4 + 5 + 4


def test_requires_improvement_is_accepted_as_an_alias(councils, tmp_path):
    rows = workbooks.havering_history()
    rows[0][10] = "Requires improvement"
    path = workbooks.write_workbook(tmp_path / "w.ods", history=rows, latest=[], in_year=[])
    import_inspection_outcomes(path=path)
    grades = Inspection.objects.get(start_date="2018-06-11").judgements.values_list(
        "grade", flat=True
    )
    assert Grade.REQUIRES_IMPROVEMENT in grades


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("history", 1, 9, "Satisfactory"),
            "Sheet ILACS_inspection_history, row 5: 'Satisfactory'",
        ),
        (
            ("history", 2, 1, "E09999999"),
            "Sheet ILACS_inspection_history, row 6: no local authority",
        ),
        (
            ("in_year", 0, 6, "Inspection of sorts"),
            "Sheet In-year_inspections, row 4: unknown inspection type",
        ),
        (("in_year", 0, 7, "Good"), "Sheet In-year_inspections, row 4: a visit is not graded"),
        (
            ("history", 0, 10, ""),
            "Sheet ILACS_inspection_history, row 4: a graded inspection has no grade",
        ),
        (
            ("latest", 1, 4, "13/13/2019"),
            "Sheet Inspections_as_at_31_March, row 5: 'inspection date' is not a date",
        ),
    ],
)
def test_a_bad_row_is_named_and_nothing_changes(councils, good_workbook, tmp_path, change, message):
    import_inspection_outcomes(path=good_workbook)
    before = snapshot()
    sheets = {
        "latest": workbooks.havering_latest(),
        "in_year": workbooks.havering_in_year(),
        "history": workbooks.havering_history(),
    }
    sheet, row, column, value = change
    sheets[sheet][row][column] = value
    bad = workbooks.write_workbook(tmp_path / "bad.ods", **sheets)
    with pytest.raises(ImportFileError, match=message.replace("(", r"\(")):
        import_inspection_outcomes(path=bad)
    assert snapshot() == before
    assert Inspection.objects.count() == 4


def test_a_missing_sheet_is_named(councils, tmp_path):
    path = workbooks.write_workbook(
        tmp_path / "w.ods", history=workbooks.havering_history(), drop_sheet="In-year_inspections"
    )
    with pytest.raises(ImportFileError, match="In-year_inspections not found"):
        import_inspection_outcomes(path=path)
    assert not Inspection.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused(councils, tmp_path):
    path = tmp_path / "outcomes.ods"
    path.write_text("Local authority area code,Inspection date\n")
    with pytest.raises(ImportFileError, match="not an OpenDocument spreadsheet"):
        import_inspection_outcomes(path=path)


def test_the_command_reports_a_bad_file_and_that_nothing_changed(councils, tmp_path):
    with pytest.raises(CommandError, match="file not found. Nothing was changed."):
        call_command("import_inspection_outcomes", str(tmp_path / "missing.ods"))


def test_an_inspection_entered_by_hand_is_not_overwritten_and_the_clash_is_reported(
    councils, good_workbook
):
    by_hand = InspectionFactory(
        local_authority=councils["havering"],
        start_date=datetime.date(2018, 6, 11),
        grades=Grade.OUTSTANDING,
        lead_inspector="Entered by hand",
    )
    result = import_inspection_outcomes(path=good_workbook)
    assert len(result.clashes) == 1
    assert "entered by hand" in result.clashes[0]
    by_hand.refresh_from_db()
    assert by_hand.source == Inspection.Source.ENTERED
    assert set(by_hand.judgements.values_list("grade", flat=True)) == {Grade.OUTSTANDING}


def test_a_re_import_never_overwrites_a_correction_of_an_imported_inspection(
    councils, good_workbook
):
    from inspections.services import save_inspection
    from tests import factories

    admin_user = factories.platform_administrator(username="corrector")
    import_inspection_outcomes(path=good_workbook)
    inspection = Inspection.objects.get(start_date="2018-06-11")
    save_inspection(
        inspection=inspection,
        by=admin_user,
        values={"lead_inspector": "Corrected by hand"},
        judgements=[(j.area, Grade.OUTSTANDING, "") for j in inspection.judgements.all()],
        recommendations=[],
        seen_version=inspection.version,
    )
    result = import_inspection_outcomes(path=good_workbook, force=True)
    assert len(result.clashes) == 1
    assert "corrected by hand and was not overwritten" in result.clashes[0]
    inspection.refresh_from_db()
    assert inspection.source == Inspection.Source.CORRECTED
    assert inspection.lead_inspector == "Corrected by hand"
    assert set(inspection.judgements.values_list("grade", flat=True)) == {Grade.OUTSTANDING}


def test_a_former_council_missing_from_the_register_is_skipped_and_reported(councils, tmp_path):
    rows = workbooks.havering_history()
    rows.append(
        [
            "",
            "E06000028",
            "Bournemouth",
            "No longer exists",
            "South West",
            workbooks.d("2018-07-16"),
            workbooks.d("2018-08-24"),
            "ILACS Standard Inspection",
            "Good",
            "Good",
            "Good",
            "Good",
        ]
    )
    path = workbooks.write_workbook(tmp_path / "w.ods", history=rows)
    result = import_inspection_outcomes(path=path)
    assert result.skipped_former == [
        "Bournemouth (E06000028), sheet ILACS_inspection_history, row 7"
    ]


def test_the_command_prints_counts_without_a_progress_bar_when_not_on_a_terminal(
    councils, good_workbook
):
    out = io.StringIO()
    call_command("import_inspection_outcomes", str(good_workbook), stdout=out)
    text = out.getvalue()
    assert "4 created, 0 updated, 0 unchanged" in text
    assert "[#" not in text


# --- Ofsted's real workbook, imported once for this module ---------------------------------


@pytest.fixture(scope="module")
def official(django_db_setup, django_db_blocker):
    from core.importers import import_local_authorities

    with django_db_blocker.unblock():
        ensure_frameworks()
        import_local_authorities()
        result = import_inspection_outcomes(path=WORKBOOK)
    yield result
    with django_db_blocker.unblock():
        for model in (Judgement, Inspection):
            model.objects.all().delete()
            model.history.model.objects.all().delete()
        ImportedFile.objects.all().delete()
        LocalAuthority.objects.all().delete()


@pytest.fixture
def official_db(official, db):
    return official


def test_the_official_workbook_imports_every_row(official_db):
    assert official_db.rows_read == 536
    assert official_db.created == 331
    assert Inspection.objects.graded().count() == 271
    assert Inspection.objects.visits().count() == 60
    assert official_db.skipped_former == []  # Bournemouth's 2018 inspection is kept
    assert official_db.clashes == []
    assert official_db.warnings == []


def test_importing_the_official_workbook_again_changes_nothing(official_db):
    before = snapshot()
    result = import_inspection_outcomes(path=WORKBOOK, force=True)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 331)
    assert snapshot() == before


def test_havering_history_matches_the_done_when(official_db):
    havering = LocalAuthority.objects.get(dfe_code="311")
    inspections = list(
        Inspection.objects.for_local_authority(havering).with_judgements().order_by("start_date")
    )
    good, inadequate, visit = inspections
    assert good.start_date == datetime.date(2018, 6, 11)
    assert good.published_on == datetime.date(2018, 7, 23)
    assert {j.area.name: j.get_grade_display() for j in good.judgements.all()} == {
        "Overall effectiveness": "Good",
        "The impact of leaders on social work practice with children and families": "Good",
        "The experiences and progress of children who need help and protection": (
            "Requires improvement to be good"
        ),
        "The experiences and progress of children in care and care leavers": "Good",
    }
    assert inadequate.start_date.year == 2023
    assert str(inadequate.framework) == "ILACS 2023"
    grades = {j.area.short_name: j.get_grade_display() for j in inadequate.judgements.all()}
    assert len(grades) == 5
    assert grades["Overall effectiveness"] == "Inadequate"
    assert grades["Care leavers"] == "Requires improvement to be good"
    assert visit.inspection_type == Inspection.Type.MONITORING_VISIT
    assert visit.start_date == datetime.date(2025, 3, 26)
    assert visit.theme == "Children in care"
    assert not visit.judgements.all()
    assert havering.ofsted_region == "London"


def test_every_las_latest_judgements_and_dates_equal_the_workbooks_first_sheet(official_db):
    sheet = read_sheets(WORKBOOK)["Inspections_as_at_31_March"]
    headings = [cell.text for cell in sheet.rows[2][1]]
    rows = [dict(zip(headings, cells, strict=False)) for _, cells in sheet.rows[3:]]
    assert len(rows) == 153
    strands = {
        "Overall effectiveness": "overall",
        "The impact of leaders on social work practice with children and families": "leadership",
        "The experiences and progress of children who need help and protection": (
            "help-and-protection"
        ),
        "The experiences and progress of children in care": "children-in-care",
        "The experiences and progress of care leavers": "care-leavers",
    }
    latest = {
        i.local_authority.ons_code: i
        for i in Inspection.objects.graded().with_judgements().order_by("start_date")
    }
    for row in rows:
        code = row["Local authority area code"].text
        inspection = latest[code]
        assert inspection.start_date == row["Inspection date"].value, code
        assert inspection.published_on == row["Publication date"].value, code
        expected = {
            strand: row[heading].text for heading, strand in strands.items() if heading in row
        }
        expected = {strand: words for strand, words in expected.items() if words}
        actual = {j.area.strand: j.get_grade_display() for j in inspection.judgements.all()}
        assert actual == expected, code


# --- former councils and their successors (the data-truth audit) ---------------------------


def history_page(client, dfe_code):
    from tests import factories

    client.force_login(factories.scrutiny_member(username=f"member-{dfe_code}"))
    response = client.get(f"/local-authorities/{dfe_code}/inspections/")
    assert response.status_code == 200
    return response.content.decode()


def test_bournemouths_2018_inspection_is_kept_and_shown_on_bcps_history(client, official_db):
    bournemouth = Inspection.objects.get(local_authority__dfe_code="837")
    assert bournemouth.local_authority.name == "Bournemouth"
    assert bournemouth.local_authority.status == LocalAuthority.Status.NO_LONGER_EXISTS
    assert (bournemouth.start_date, bournemouth.published_on) == (
        datetime.date(2018, 7, 16),
        datetime.date(2018, 8, 24),
    )
    assert bournemouth.inspection_type == Inspection.Type.STANDARD
    page = history_page(client, "839")  # Bournemouth, Christchurch and Poole
    assert "Standard inspection, 16 July 2018, of Bournemouth" in page
    assert "Predecessor council" in page
    assert "includes the inspections of Bournemouth and Poole" in page
    # BCP's own grades are its own: the latest is its December 2024 inspection
    current = page.split("Current grades", 1)[1].split("</p>", 1)[0]
    assert "2 December 2024" in current


@pytest.mark.parametrize(
    ("successor", "former", "started"),
    [
        ("942", "Cumbria", "20 September 2022"),  # Cumberland
        ("943", "Cumbria", "20 September 2022"),  # Westmorland and Furness
        ("940", "Northamptonshire", "17 June 2019"),  # North Northamptonshire
        ("941", "Northamptonshire", "17 June 2019"),  # West Northamptonshire
    ],
)
def test_successors_show_their_predecessors_inspections_labelled(
    client, official_db, successor, former, started
):
    page = history_page(client, successor)
    assert f"Standard inspection, {started}, of {former}" in page


@pytest.mark.parametrize(
    ("dfe_code", "abolished"),
    [("909", "1 April 2023"), ("928", "1 April 2021"), ("837", "1 April 2019")],
)
def test_a_former_councils_page_gives_its_last_grades_before_abolition(
    client, official_db, dfe_code, abolished
):
    page = history_page(client, dfe_code)
    assert f"Last grades before it was abolished on {abolished}" in page
    assert "Current grades" not in page


def test_dorset_county_and_bournemouth_are_in_the_register_as_former_councils(official_db):
    former = LocalAuthority.objects.filter(status=LocalAuthority.Status.NO_LONGER_EXISTS)
    assert set(former.values_list("dfe_code", "name")) >= {
        ("835", "Dorset County"),
        ("837", "Bournemouth"),
        ("836", "Poole"),
        ("909", "Cumbria"),
        ("928", "Northamptonshire"),
    }


@pytest.mark.parametrize(
    ("council", "address"),
    [
        ("Cheshire East", "https://reports.ofsted.gov.uk/provider/44/80447"),
        ("Havering", "https://reports.ofsted.gov.uk/provider/44/80500"),
        ("Barking and Dagenham", "https://reports.ofsted.gov.uk/provider/44/80486"),
        (
            "Bournemouth, Christchurch and Poole",
            "https://reports.ofsted.gov.uk/provider/44/2532287",
        ),
        ("Dorset", "https://reports.ofsted.gov.uk/provider/44/2532283"),
    ],
)
def test_report_links_use_the_councils_ofsted_urn(official_db, council, address):
    links = set(
        Inspection.objects.filter(local_authority__name=council).values_list(
            "report_url", flat=True
        )
    )
    assert links == {address}
