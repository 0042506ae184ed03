"""A lead reads the workforce figures, enters a local figure (after a mistake) and sees it; the
national table ranks every council."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.workforce.factories import (
    ObservationFactory,
    england,
    ensure_metrics,
    metric,
    region,
)


@pytest.fixture
def havering(transactional_db):
    ensure_metrics()
    havering = factories.LocalAuthorityFactory(
        name="Havering", dfe_code="311", ons_code="E09000016", region_name="London"
    )
    for rank, (name, code) in enumerate([("Bexley", "303"), ("Thurrock", "883")], start=1):
        neighbour = factories.LocalAuthorityFactory(name=name, dfe_code=code)
        factories.StatisticalNeighbourFactory(
            local_authority=havering, neighbour=neighbour, rank=rank
        )
        for year in (2024, 2025):
            ObservationFactory(local_authority=neighbour, year=year, value=Decimal("16.5"))
    for year, own, nation, london in [
        (2024, "40.0", "16.2", "21.9"),
        (2025, "41.7", "13.0", "17.9"),
    ]:
        ObservationFactory(local_authority=havering, year=year, value=Decimal(own))
        england("agency-rate", year, Decimal(nation))
        region("agency-rate", year, Decimal(london))
    ObservationFactory(
        local_authority=havering,
        metric=metric("absence-rate"),
        year=2024,
        value=None,
        special_value="c",
    )
    return havering


def test_lead_enters_a_local_figure_and_sees_it_on_the_workforce_page(
    page, live_server, havering, sign_in, assert_accessible
):
    lead = factories.improvement_lead(local_authority=havering)
    sign_in(page, lead)
    page.goto(f"{live_server.url}/local-authorities/311/")
    page.get_by_role("link", name=re.compile("^Social work workforce of Havering")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Social work workforce")
    expect(
        page.get_by_text("Havering's agency rate, 41.7%, is above England's 13.0%.").first
    ).to_be_visible()
    expect(
        page.get_by_role("img", name=re.compile("^Agency rate: Havering against England"))
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_text("Show the figures for agency rate").click()
    figures = page.get_by_role("table", name=re.compile("^Agency rate: Havering against England"))
    expect(figures.get_by_role("row", name=re.compile("^2025"))).to_contain_text("41.7%")
    assert_accessible(page)

    # A deliberate parallel of the local indicator figure in test_indicator_journeys.py: the
    # workforce figures have a form of their own, which must refuse the same mistake.
    page.get_by_role("link", name="Enter a local figure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter a local figure")
    assert_accessible(page)
    page.get_by_label("Metric").select_option(label="Permanent social workers (%)")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("10")
    page.get_by_label("Year").fill("2019")
    page.get_by_label("Figure", exact=True).fill("820")
    page.get_by_role("button", name="Save figure").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a percentage between 0 and 100")
    assert_accessible(page)

    page.get_by_label("Figure", exact=True).fill("82")
    page.get_by_role("button", name="Save figure").click()
    expect(page.get_by_text("Figure saved")).to_be_visible()
    expect(
        page.get_by_text(
            "Havering's share of social workers who are permanent was 82% on 31 October 2019."
        ).first
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Local figures entered for Havering").click()
    page.get_by_role("link", name=re.compile("^History")).click()
    expect(page.get_by_role("table")).to_contain_text(str(lead))
    assert_accessible(page)


def test_national_table_ranks_every_council(
    page, live_server, havering, sign_in, assert_accessible
):
    sign_in(page, factories.scrutiny_member(local_authority=havering))
    page.get_by_role("link", name="Workforce", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agency rate at 30 September 2025")
    table = page.get_by_role("table", name=re.compile("^Agency rate at 30 September 2025"))
    expect(table.get_by_role("row").nth(1)).to_contain_text("Bexley")
    expect(table.get_by_role("row", name=re.compile("Havering"))).to_contain_text("41.7%")
    assert_accessible(page)
    page.get_by_label("Order").select_option(label="Name (A to Z)")
    page.get_by_role("button", name="Show figures").click()
    expect(table.get_by_role("row").nth(1)).to_contain_text("Bexley")
    expect(table.get_by_role("row").nth(3)).to_contain_text("Thurrock")
    assert_accessible(page)
