"""An administrator enters an inspection; a scrutiny member reads it and cannot edit it."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from inspections.models import Grade, Inspection
from tests import factories
from tests.inspections.factories import InspectionFactory, ensure_frameworks


@pytest.fixture
def havering(transactional_db):
    ensure_frameworks()
    havering = factories.LocalAuthorityFactory(
        name="Havering", dfe_code="311", ons_code="E09000016", ofsted_region="London"
    )
    InspectionFactory(
        local_authority=havering,
        start_date=datetime.date(2016, 10, 3),
        inspection_type=Inspection.Type.SIF,
        grades={"overall": Grade.REQUIRES_IMPROVEMENT},
    )
    barnet = factories.LocalAuthorityFactory(name="Barnet", dfe_code="302", ons_code="E09000003")
    InspectionFactory(
        local_authority=barnet,
        inspection_type=Inspection.Type.SIF,
        start_date=datetime.date(2017, 4, 3),
        grades={"overall": Grade.INADEQUATE},
    )
    InspectionFactory(local_authority=barnet, start_date=datetime.date(2019, 5, 13))
    return havering


def fill_date(page, legend, day_month_year):
    """Type a date into the GOV.UK day, month and year boxes under `legend`."""
    group = page.get_by_role("group", name=legend)
    for label, value in zip(("Day", "Month", "Year"), day_month_year.split(), strict=True):
        group.get_by_label(label, exact=True).fill(value)


def test_admin_enters_an_inspection_and_a_scrutiny_member_reads_it(
    page, live_server, havering, sign_in, assert_accessible
):
    admin = factories.administrator(local_authority=havering)
    member = factories.scrutiny_member(local_authority=havering)

    sign_in(page, admin)
    page.get_by_role("link", name="Inspections", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inspections and visits")
    assert_accessible(page)
    page.get_by_role("link", name="Enter an inspection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter an inspection")
    assert_accessible(page)

    page.get_by_label("Local authority").select_option(label="Havering")
    page.get_by_label("Type of inspection").select_option(label="Standard inspection")
    fill_date(page, "Start date", "11 6 2018")
    fill_date(page, "End date", "1 6 2018")  # before the start: refused
    fill_date(page, "Publication date", "23 7 2018")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The end date must be the same as or after the start date"
    )
    expect(page.get_by_label("Type of inspection")).to_have_value(Inspection.Type.STANDARD)
    assert_accessible(page)

    fill_date(page, "End date", "22 6 2018")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Step 2 of 3")).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile("Judgements: .*ILACS.* 2018"))
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Overall effectiveness", exact=True).select_option(label="Good")
    page.get_by_label(
        "The impact of leaders on social work practice with children and families", exact=True
    ).select_option(label="Good")
    page.get_by_label(
        "The experiences and progress of children who need help and protection", exact=True
    ).select_option(label="Requires improvement to be good")
    page.get_by_label(
        "The experiences and progress of children in care and care leavers", exact=True
    ).select_option(label="Good")
    page.get_by_label("Findings: Help and protection").fill(
        "Supervision is too focused on compliance with timescales."
    )
    page.get_by_label("Recommendation 1", exact=True).fill(
        "Improve pathway planning and transitions to adulthood."
    )
    # "Add another" works without JavaScript: the page comes back with every value kept
    for number in range(2, 8):
        page.get_by_role("button", name="Add another recommendation").click()
        page.get_by_label(f"Recommendation {number}", exact=True).fill(
            f"Recommendation number {number}." if number > 2 else "Improve supervision."
        )
    expect(page.get_by_label("Recommendation 1", exact=True)).to_have_value(
        "Improve pathway planning and transitions to adulthood."
    )
    expect(page.get_by_label("Overall effectiveness", exact=True)).to_have_value(Grade.GOOD)
    page.get_by_role("button", name="Add another recommendation").click()
    expect(page.get_by_label("Recommendation 8", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Remove recommendation 8").click()
    expect(page.get_by_label("Recommendation 8", exact=True)).to_have_count(0)
    expect(page.get_by_label("Recommendation 7", exact=True)).to_have_value(
        "Recommendation number 7."
    )
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before saving")
    expect(page.get_by_text("22 June 2018")).to_be_visible()
    expect(page.get_by_text("Recommendation number 7.")).to_be_visible()
    assert_accessible(page)
    # "Change" goes straight to the date, then back to the check page
    page.get_by_role("link", name="Change end date").click()
    expect(page.get_by_text("Step 1 of 3")).to_be_visible()
    fill_date(page, "End date", "21 6 2018")
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before saving")
    expect(page.get_by_text("21 June 2018")).to_be_visible()
    expect(page.get_by_text("Recommendation number 7.")).to_be_visible()
    page.get_by_role("button", name="Save inspection", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Standard inspection, 11 June 2018")
    expect(page.get_by_text("saved.")).to_be_visible()
    expect(page.get_by_text("Requires improvement to be good", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Sign out")).click()

    sign_in(page, member)
    page.goto(f"{live_server.url}/local-authorities/311/")
    page.get_by_role("link", name="Ofsted inspections and visits of Havering").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ofsted inspections and visits")
    expect(
        page.get_by_text("From the standard inspection that began on 11 June 2018")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Enter an inspection")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Standard inspection, 11 June 2018").click()
    expect(
        page.get_by_text("Improve pathway planning and transitions to adulthood.")
    ).to_be_visible()
    expect(page.get_by_text("Improve supervision.", exact=True)).to_be_visible()
    expect(page.get_by_text("Recommendation number 7.")).to_be_visible()
    expect(page.get_by_text("Supervision is too focused on compliance")).to_be_visible()
    expect(page.get_by_role("link", name="Edit this inspection")).to_have_count(0)
    assert_accessible(page)

    inspection = Inspection.objects.get(start_date=datetime.date(2018, 6, 11))
    response = page.goto(f"{live_server.url}/inspections/{inspection.pk}/edit/")
    assert response.status == 403
    assert_accessible(page)

    page.goto(f"{live_server.url}/inspections/national/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inspection outcomes across England")
    expect(page.get_by_text("2 years 1 month")).to_be_visible()  # Barnet, 2017 to 2019
    assert_accessible(page)
