"""Performance indicators in the browser, each page checked with axe: an administrator sets a
target and sees its RAG in words, a lead enters a local figure (after a mistake) and imports a
CSV of local figures (after a bad one), and a scrutiny member reads the scorecard."""

import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from indicators import services
from tests import factories
from tests.indicators.factories import MeasureFactory, ValueFactory, england, lower_measure


@pytest.fixture
def havering(transactional_db):
    havering = factories.LocalAuthorityFactory(
        name="Havering", dfe_code="311", ons_code="E09000016", region_name="London"
    )
    neighbour = factories.LocalAuthorityFactory(name="Bexley", dfe_code="303")
    factories.StatisticalNeighbourFactory(local_authority=havering, neighbour=neighbour, rank=1)
    eet = MeasureFactory()
    rereferral = lower_measure()
    for year, own, nation in [(2024, "39", "54"), (2025, "44", "54")]:
        ValueFactory(measure=eet, local_authority=havering, year=year, value=Decimal(own))
        ValueFactory(measure=eet, local_authority=neighbour, year=year, value=Decimal("53"))
        england(eet, year, nation)
    ValueFactory(measure=rereferral, local_authority=havering, value=Decimal("16.3"))
    england(rereferral, 2025, "22.6")
    return havering


def import_figures(page, path, rows):
    """Upload a local figures file: the template's heading line, then `rows`."""
    path.write_text("measure_code,date,value,note\n" + rows)
    page.get_by_label("Upload the completed template (CSV)").set_input_files(str(path))
    page.get_by_role("button", name="Import figures").click()


def test_administrator_sets_a_target_and_reads_its_rag(
    page, live_server, havering, sign_in, assert_accessible
):
    admin = factories.administrator(local_authority=havering)
    sign_in(page, admin)
    page.goto(f"{live_server.url}/local-authorities/311/indicators/?topic=children-looked-after")
    expect(page.get_by_role("heading", level=1)).to_have_text("Performance indicators")
    expect(page.get_by_text(re.compile("Havering's care leavers in education"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role(
        "link", name="Care leavers in education, employment or training (%)"
    ).first.click()
    expect(page.get_by_role("img", name=re.compile("^Care leavers in education"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Set a target").click()
    assert_accessible(page)
    page.get_by_label("Target", exact=True).fill("50")
    page.get_by_label("Tolerance (Amber band)").fill("5")
    page.get_by_role("group", name="Target applies from").get_by_label("Day").fill("1")
    page.get_by_role("group", name="Target applies from").get_by_label("Month").fill("4")
    page.get_by_role("group", name="Target applies from").get_by_label("Year").fill("2025")
    page.get_by_role("group", name="Target applies until").get_by_label("Day").fill("31")
    page.get_by_role("group", name="Target applies until").get_by_label("Month").fill("3")
    page.get_by_role("group", name="Target applies until").get_by_label("Year").fill("2024")
    page.get_by_role("button", name="Save target").click()
    expect(page.get_by_role("alert")).to_contain_text("The end of the period must be on or after")
    assert_accessible(page)
    page.get_by_role("group", name="Target applies until").get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Save target").click()
    expect(page.get_by_text("Red", exact=True)).to_be_visible()
    expect(page.get_by_text("6 points short of the 50% target")).to_be_visible()
    assert_accessible(page)


def test_lead_enters_a_local_figure_and_imports_a_csv(
    page, live_server, havering, sign_in, assert_accessible, tmp_path
):
    lead = factories.improvement_lead(local_authority=havering)
    sign_in(page, lead)
    page.goto(f"{live_server.url}/local-authorities/311/indicators/scorecard/")
    page.get_by_role("link", name="Enter a local figure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter a local indicator figure")
    assert_accessible(page)
    page.get_by_label("Measure").select_option(
        label="Care leavers in education, employment or training (%)"
    )
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2019")
    page.get_by_label("Figure", exact=True).fill("610")
    page.get_by_role("button", name="Save figure").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a percentage between 0 and 100")
    assert_accessible(page)
    page.get_by_label("Figure", exact=True).fill("61")
    page.get_by_role("button", name="Save figure").click()
    expect(page.get_by_text(re.compile("Local figure saved"))).to_be_visible()

    page.goto(f"{live_server.url}/local-authorities/311/indicators/local-figures/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import local figures")
    assert_accessible(page)
    import_figures(
        page, tmp_path / "bad.csv", "ReReferral,2019-07-31,21.4,\nReReferral,31/08/2019,19.8,\n"
    )
    expect(page.get_by_role("alert")).to_contain_text("Line 3: enter the date as year-month-day")
    assert_accessible(page)
    import_figures(
        page, tmp_path / "good.csv", "ReReferral,2019-07-31,21.4,\nReReferral,2019-08-31,19.8,\n"
    )
    expect(page.get_by_text("2 local figures saved.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scorecard")


def test_scrutiny_member_reads_the_scorecard(
    page, live_server, havering, sign_in, assert_accessible
):
    admin = factories.administrator(local_authority=havering)
    eet = MeasureFactory()
    services.set_scorecard(local_authority=havering, by=admin, measures=[eet, lower_measure()])
    services.set_target(
        local_authority=havering,
        by=admin,
        measure=eet,
        value=Decimal("60"),
        tolerance=Decimal("5"),
        applies_from=date(2024, 4, 1),
        applies_to=date(2026, 3, 31),
    )
    member = factories.scrutiny_member(local_authority=havering)
    sign_in(page, member)
    page.goto(f"{live_server.url}/local-authorities/311/indicators/scorecard/")
    table = page.get_by_role("table", name="Key indicators")
    expect(table.get_by_role("row", name=re.compile("^Care leavers"))).to_contain_text(
        "Red: 16 points short of the 60% target"
    )
    expect(table.get_by_role("row", name=re.compile("^Re-referrals"))).to_contain_text("16.3%")
    expect(page.get_by_role("link", name="Set a target")).to_have_count(0)
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)


def test_administrator_defines_an_own_measure_and_enters_its_figure(
    page, live_server, havering, sign_in, assert_accessible
):
    admin = factories.administrator(local_authority=havering)
    sign_in(page, admin)
    page.goto(f"{live_server.url}/local-authorities/311/indicators/scorecard/")
    page.get_by_role("link", name="Define a measure of Havering's own").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Define a measure of the council's own"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Create measure").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the measure's name")
    expect(page.get_by_role("alert")).to_contain_text("Choose the measure's unit")
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill("Care leavers in EET (own count)")
    page.get_by_role("group", name="Unit").get_by_label("Percentage").check()
    page.get_by_label("Higher is better").check()
    page.get_by_label("Decimal places").select_option("0")
    page.get_by_role("button", name="Create measure").click()
    expect(page.get_by_text(re.compile("Measure created: Care leavers in EET"))).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/local-authorities/311/indicators/scorecard/")
    page.get_by_role("link", name="Choose the key indicators").click()
    page.get_by_role("textbox", name=re.compile("Key indicators")).fill(
        "care-leavers-in-eet-own-count-311"
    )
    page.get_by_role("button", name="Save scorecard").click()
    expect(page.get_by_text("Scorecard saved.")).to_be_visible()
    page.get_by_role("link", name="Enter a local figure").click()
    page.get_by_label("Measure").select_option(label="Care leavers in EET (own count)")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2019")
    page.get_by_label("Figure", exact=True).fill("61")
    page.get_by_role("button", name="Save figure").click()
    expect(page.get_by_text(re.compile("Local figure saved"))).to_be_visible()
    page.goto(f"{live_server.url}/local-authorities/311/indicators/scorecard/")
    table = page.get_by_role("table", name="Key indicators")
    expect(table.get_by_role("row", name=re.compile("^Care leavers in EET"))).to_contain_text(
        "61%, local, unpublished"
    )
    assert_accessible(page)
