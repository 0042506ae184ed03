"""Every inspection write bumps the data versions that cached pages key on, so every page that
shows inspections shows a change at once; downloads escape spreadsheet formulas."""

import csv
import datetime
import io

import pytest

from core.models import LocalAuthority
from core.versioning import council_version, national_version
from inspections.importers import import_inspection_outcomes
from inspections.models import Framework, Grade, Inspection
from inspections.services import save_inspection
from tests.inspections import workbooks
from tests.inspections.factories import InspectionFactory

pytestmark = pytest.mark.usefixtures("frameworks")


def versions(la):
    return council_version(la), national_version()


def entered(la, by, start=datetime.date(2024, 9, 2), grade=Grade.INADEQUATE, inspection=None):
    """An inspection saved through the service, every area given `grade`."""
    values = {
        "local_authority": la,
        "inspection_type": Inspection.Type.STANDARD,
        "start_date": start,
        "end_date": start + datetime.timedelta(days=11),
        "published_on": start + datetime.timedelta(days=49),
    }
    framework = Framework.for_date(start)
    values["framework"] = framework
    return save_inspection(
        inspection=inspection,
        by=by,
        values=values,
        judgements=[(area, grade, "") for area in framework.areas.all()],
        recommendations=[],
        seen_version=inspection.version if inspection else None,
    )


def test_saving_an_inspection_bumps_its_councils_and_the_national_version(
    local_authority, other_local_authority, admin_user
):
    before, other_before = versions(local_authority), council_version(other_local_authority)
    inspection = entered(local_authority, admin_user)
    after = versions(local_authority)
    assert after[0] > before[0]
    assert after[1] > before[1]
    assert council_version(other_local_authority) == other_before  # another council's cache stays

    entered(local_authority, admin_user, grade=Grade.GOOD, inspection=inspection)
    assert versions(local_authority) > after


def test_an_import_bumps_the_national_version(local_authority, other_local_authority, tmp_path):
    path = workbooks.write_workbook(
        tmp_path / "outcomes.ods",
        latest=workbooks.havering_latest(),
        in_year=workbooks.havering_in_year(),
        history=workbooks.havering_history(),
    )
    before = national_version()
    import_inspection_outcomes(path=path)
    assert national_version() > before


def test_importing_the_register_bumps_the_national_version(db):
    from core.importers import import_local_authorities

    before = national_version()
    import_local_authorities()
    assert national_version() > before


def test_a_deletion_in_the_django_admin_bumps_the_versions_and_shows_at_once(
    client, scrutiny, admin_user, local_authority
):
    from tests import factories

    inspection = entered(local_authority, admin_user)
    client.force_login(scrutiny)
    assert "Havering" in inadequate_now(client)
    client.force_login(factories.platform_administrator(username="root", is_superuser=True))
    before = versions(local_authority)
    response = client.post(
        f"/admin/inspections/inspection/{inspection.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Inspection.objects.filter(pk=inspection.pk).exists()
    after = versions(local_authority)
    assert after[0] > before[0]
    assert after[1] > before[1]
    client.force_login(scrutiny)
    assert "Havering" not in inadequate_now(client)


def inadequate_now(client):
    page = client.get("/inspections/national/").text
    return page.split("Judged inadequate now", 1)[1].split("Journeys between", 1)[0]


def test_every_cached_inspections_page_shows_a_write_at_once(
    client, scrutiny, admin_user, local_authority, django_assert_max_num_queries
):
    client.force_login(scrutiny)
    assert "Havering" not in inadequate_now(client)
    with django_assert_max_num_queries(3):  # session, user, national version: content cached
        inadequate_now(client)

    inspection = entered(local_authority, admin_user)  # a hand-entered inspection
    assert "Havering" in inadequate_now(client)
    history = client.get("/local-authorities/311/inspections/").text
    assert "Inadequate" in history

    entered(local_authority, admin_user, grade=Grade.GOOD, inspection=inspection)  # an edit
    assert "Havering" not in inadequate_now(client)


def test_an_import_shows_at_once_on_the_cached_overview(
    client, scrutiny, local_authority, other_local_authority, tmp_path
):
    client.force_login(scrutiny)
    assert "Havering" not in client.get("/inspections/national/").text.split("Latest grades")[1]
    path = workbooks.write_workbook(
        tmp_path / "outcomes.ods",
        latest=workbooks.havering_latest(),
        in_year=workbooks.havering_in_year(),
        history=workbooks.havering_history(),
    )
    import_inspection_outcomes(path=path)
    assert "Havering" in client.get("/inspections/national/").text.split("Latest grades")[1]


def test_a_renamed_council_shows_at_once_on_the_cached_overview(
    client, scrutiny, admin_user, local_authority
):
    from tests import factories

    entered(local_authority, admin_user)
    client.force_login(scrutiny)
    assert "Havering" in inadequate_now(client)
    client.force_login(factories.platform_administrator(username="root", is_superuser=True))
    data = {
        "name": "Havering upon Thames",
        "ons_code": local_authority.ons_code,
        "dfe_code": local_authority.dfe_code,
        "status": LocalAuthority.Status.CURRENT,
        "neighbour_links-TOTAL_FORMS": 0,
        "neighbour_links-INITIAL_FORMS": 0,
    }
    response = client.post(f"/admin/core/localauthority/{local_authority.pk}/change/", data)
    assert response.status_code == 302, response.content[:3000]
    client.force_login(scrutiny)
    assert "Havering upon Thames" in inadequate_now(client)


@pytest.mark.parametrize("theme", ['=HYPERLINK("https://evil.example";"x")', "+1", "＝1+1"])
def test_a_visit_theme_that_looks_like_a_formula_is_kept_as_text_in_every_download(
    client, scrutiny, outsider, local_authority, theme
):
    InspectionFactory(
        local_authority=local_authority,
        inspection_type=Inspection.Type.MONITORING_VISIT,
        start_date=datetime.date(2025, 3, 26),
        theme=theme,
    )
    for user in (scrutiny, outsider):  # this council's member and another council's user
        client.force_login(user)
        response = client.get("/inspections/?format=csv")
        (row,) = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert row["Theme"] == f"'{theme}"
