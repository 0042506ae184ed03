"""Scrutiny journeys in a real browser: a scrutiny member reads the summary, prints it,
downloads the committee paper and a CSV and is refused the paper form; an improvement lead
prepares and issues a paper; anyone finds other councils' journeys."""

import datetime
import io
import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from inspections.models import Grade, Inspection
from scrutiny import demo as scrutiny_demo
from tests import factories
from tests.inspections.factories import CARE_LEAVERS_JUDGED_APART_GRADES, HAVERING_2018_GRADES
from tests.scrutiny import factories as scrutiny_factories
from tests.scrutiny.word import headings, open_docx


@pytest.fixture
def havering(transactional_db):
    cache.clear()  # the summary page caches its content
    havering = factories.LocalAuthorityFactory(
        name="Havering", dfe_code="311", ons_code="E09000016"
    )
    barnet = factories.LocalAuthorityFactory(name="Barnet", dfe_code="302", ons_code="E09000003")
    factories.StatisticalNeighbourFactory(local_authority=havering, neighbour=barnet, rank=1)
    scrutiny_factories.inspection(havering, datetime.date(2016, 10, 3), kind=Inspection.Type.SIF)
    scrutiny_factories.inspection(
        havering,
        datetime.date(2018, 6, 11),
        published_on=datetime.date(2018, 7, 20),
        grades=HAVERING_2018_GRADES,
    )
    scrutiny_factories.inspection(
        barnet, datetime.date(2017, 4, 3), kind=Inspection.Type.SIF, grades=Grade.INADEQUATE
    )
    scrutiny_factories.inspection(barnet, datetime.date(2019, 5, 13), grades=Grade.GOOD)
    scrutiny_factories.monitoring_visit(barnet, datetime.date(2018, 1, 15), "Care leavers")
    scrutiny_factories.figures(havering)
    from improvement import demo as improvement_demo

    improvement_demo.load(stdout=io.StringIO())
    factories.role_group(factories.Role.ADMINISTRATOR)
    scrutiny_demo.load(stdout=io.StringIO())
    return havering


def test_scrutiny_member_reads_prints_downloads_and_cannot_edit(
    page, live_server, havering, sign_in, assert_accessible
):
    member = factories.scrutiny_member(local_authority=havering)
    sign_in(page, member)
    page.get_by_role("link", name="Summary for scrutiny: Havering").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Summary for scrutiny")
    expect(page.get_by_role("heading", name="Ofsted inspection")).to_be_visible()
    expect(
        page.get_by_role("link", name="Pathway Planning and Transitions to Adulthood", exact=True)
    ).to_be_visible()
    expect(
        page.get_by_text("Havering's agency rate, 26.0%, is above England's 15.0%.", exact=True)
    ).to_be_visible()
    assert_accessible(page)

    page.emulate_media(media="print")
    expect(page.get_by_text(re.compile(r"^Printed \d+ \w+ \d{4}"))).to_be_visible()
    expect(page.locator(".govuk-service-navigation")).to_be_hidden()
    expect(page.get_by_role("button", name="Print this page")).to_be_hidden()
    page.emulate_media(media="screen")

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Download the themes (CSV)").click()
    content = open(csv_download.value.path(), encoding="utf-8-sig").read()
    assert content.startswith("Theme,RAG status,Achievements")
    assert "Supervision,Amber,2" in content

    page.get_by_role("link", name="Committee papers issued for Havering").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Committee papers")
    expect(page.get_by_role("link", name="Prepare a committee paper")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Ofsted improvement update").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ofsted improvement update")
    expect(page.locator("#issued")).to_contain_text("Issued on 18 November 2019")
    # The paper itself says so too, as its Word document does.
    expect(page.get_by_text("Issued on 18 November 2019 by Ali Omar")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as paper_download:
        page.get_by_role("link", name="Download the paper (.docx)").click()
    assert paper_download.value.suggested_filename.endswith("2019-11-26.docx")
    document = open_docx(open(paper_download.value.path(), "rb").read())
    assert headings(document, 1)[1:3] == ["SUMMARY", "RECOMMENDATIONS"]

    page.goto(f"{live_server.url}/local-authorities/311/committee-papers/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot do this")
    assert_accessible(page)


def test_lead_previews_and_issues_a_paper(page, live_server, havering, sign_in, assert_accessible):
    lead = factories.improvement_lead(local_authority=havering)
    sign_in(page, lead)
    page.goto(f"{live_server.url}/local-authorities/311/summary/")
    page.get_by_role("link", name="Prepare a committee paper").click()
    expect(page.get_by_label("Committee")).to_have_value(
        "Children and Learning Overview and Scrutiny Committee"
    )
    assert_accessible(page)

    page.get_by_role("button", name="Issue the paper").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the date of the meeting.")
    assert_accessible(page)

    meeting_date = page.get_by_role("group", name="Date of the meeting")
    meeting_date.get_by_label("Day").fill("28")
    meeting_date.get_by_label("Month").fill("1")
    meeting_date.get_by_label("Year").fill("2020")
    page.get_by_label("SLT lead").fill("Robert South, Director of Children's Services")
    page.get_by_role("button", name="Preview the paper").click()
    expect(page.get_by_text("It has not been issued.")).to_be_visible()
    expect(page.get_by_role("heading", name="PROGRESS")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Issue the paper").click()
    expect(
        page.get_by_text("The paper for the meeting on 28 January 2020 has been issued.")
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ofsted improvement update")
    assert_accessible(page)


def test_anyone_finds_barnets_journey_and_visits_by_theme(
    page, live_server, havering, sign_in, assert_accessible
):
    reader = factories.improvement_lead(local_authority=havering)
    sign_in(page, reader)
    page.get_by_role("link", name="Learning from elsewhere").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning from elsewhere")
    journeys = page.locator("#journeys")
    expect(journeys.get_by_role("row", name=re.compile("Barnet"))).to_contain_text("25")
    assert_accessible(page)

    page.get_by_role("textbox", name="Theme").fill("care leavers")
    page.get_by_label("Statistical neighbours of").select_option(label="Havering")
    page.get_by_role("button", name="Apply filters").click()
    expect(
        page.locator("#visits").get_by_role("link", name=re.compile("Monitoring visit"))
    ).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as visits:
        page.get_by_role("link", name=re.compile("Download these visits")).click()
    assert "Barnet" in open(visits.value.path(), encoding="utf-8-sig").read()


def test_a_member_sees_which_judgements_compare_across_frameworks(
    page, live_server, transactional_db, sign_in, assert_accessible
):
    cache.clear()
    havering = factories.LocalAuthorityFactory(
        name="Havering", dfe_code="311", ons_code="E09000016"
    )
    scrutiny_factories.inspection(havering, datetime.date(2018, 6, 11), grades=Grade.GOOD)
    scrutiny_factories.inspection(
        havering,
        datetime.date(2024, 1, 8),
        grades=CARE_LEAVERS_JUDGED_APART_GRADES,
    )
    sign_in(page, factories.scrutiny_member(local_authority=havering))
    page.goto(f"{live_server.url}/local-authorities/311/summary/")
    table = page.locator("#judgements")
    care = table.get_by_role(
        "row", name=re.compile("^The experiences and progress of children in care ")
    )
    expect(care).to_contain_text("Not the same judgement: ILACS 2018 judged")
    leavers = table.get_by_role(
        "row", name=re.compile("^The experiences and progress of care leavers")
    )
    expect(leavers).to_contain_text("Not a separate judgement under ILACS 2018")
    expect(
        page.get_by_text("under different frameworks (ILACS 2023 and ILACS 2018)")
    ).to_be_visible()
    assert_accessible(page)


def test_scrutiny_member_reads_what_changed_since_the_committee(
    page, live_server, havering, sign_in, assert_accessible
):
    from improvement import services as improvement_services
    from improvement.models import Theme

    theme = Theme.objects.get(
        programme__local_authority=havering, title="Pathway Planning and Transitions to Adulthood"
    )
    improvement_services.change_rag(
        theme=theme,
        by=None,
        status="green",
        reason="Audits in January found plans of consistently good quality.",
        seen_version=None,
    )
    member = factories.scrutiny_member(local_authority=havering)
    sign_in(page, member)
    page.get_by_role("link", name="What changed since the committee on 26 November 2019").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Since the committee on 26 November 2019"
    )
    expect(page.get_by_text("One RAG change since 26 November 2019.")).to_be_visible()
    expect(
        page.get_by_text("Audits in January found plans of consistently good quality.")
    ).to_be_visible()
    expect(page.locator("#added-count")).to_have_text("Nothing since 26 November 2019.")
    assert_accessible(page)

    page.get_by_role("link", name="Summary for scrutiny").click()
    block = page.locator(
        "section", has=page.get_by_role("heading", name="Since the last committee")
    )
    expect(block.get_by_role("link", name="One RAG change")).to_be_visible()
    expect(block.get_by_text("Actions added: nothing since 26 November 2019")).to_be_visible()
    assert_accessible(page)
    block.get_by_role("link", name="One RAG change").click()
    expect(page).to_have_url(re.compile(r"/committee-papers/\d+/since/#rag-changes$"))
