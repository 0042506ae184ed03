"""Improvement leads update their themes; administrators plan the board; other LAs see nothing."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.improvement.factories import (
    AchievementFactory,
    EvidenceItemFactory,
    NextStepFactory,
    ProgrammeFactory,
    ThemeFactory,
)
from tests.inspections.factories import InspectionFactory, RecommendationFactory, ensure_frameworks


def fill_date(page, legend, day, month, year):
    """Type a date into the GOV.UK day, month and year boxes under `legend`."""
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


@pytest.fixture
def programme(havering, lead):
    programme = ProgrammeFactory(
        local_authority=havering,
        title="Ofsted improvement programme",
        start_date=datetime.date(2019, 1, 1),
    )
    theme = ThemeFactory(
        programme=programme, title="Supervision", order=1, rag_status="amber", leads=[lead]
    )
    AchievementFactory(theme=theme, label="Template", text="A revised supervision template.")
    NextStepFactory(
        theme=theme,
        label="Support",
        text="Continue to offer guidance and support.",
        owner=lead,
        due_date=datetime.date(2019, 12, 31),
    )
    ThemeFactory(programme=programme, title="Quality Assurance", order=2)
    ThemeFactory(programme=programme, title="Adolescent Safeguarding", order=3)
    EvidenceItemFactory(programme=programme, kind="peer_review", title="Peer review by Barking")
    return programme


def test_lead_updates_a_theme_and_sees_it_on_the_programme_page(
    page, live_server, programme, lead, sign_in, assert_accessible
):
    sign_in(page, lead)
    page.get_by_role("link", name="Improvement programme").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ofsted improvement programme")
    expect(page.locator("#overdue-summary")).to_contain_text("1")
    assert_accessible(page)

    page.get_by_role("link", name="Supervision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supervision")
    expect(page.get_by_role("table", name="Achievements so far and next steps")).to_contain_text(
        "Template"
    )
    expect(page.locator(".app-flag-overdue").first).to_have_text("Overdue")
    assert_accessible(page)

    # RAG change: first without a reason (refused), then with one.
    page.get_by_role("link", name="Change RAG status").click()
    page.get_by_label("Green").check()
    page.get_by_role("button", name="Change the RAG status").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Give a short reason for the change of RAG status"
    )
    assert_accessible(page)
    page.get_by_label("Green").check()
    page.get_by_label("Reason for the change").fill("Template rolled out across the service")
    page.get_by_role("button", name="Change the RAG status").click()
    expect(page.get_by_text("The RAG status is now Green.")).to_be_visible()
    expect(page.locator("#theme-rag")).to_contain_text("Green")
    assert_accessible(page)

    page.get_by_role("link", name="Add a progress update").click()
    assert_accessible(page)
    page.get_by_label("Update").fill("Supervision observations started in every team.")
    page.get_by_role("button", name="Add the update").click()
    expect(page.get_by_text("Supervision observations started in every team.")).to_be_visible()

    page.get_by_role("link", name="Add an achievement").click()
    assert_accessible(page)
    page.get_by_label("Label").fill("Obsessions Workshops")
    page.get_by_label("Text").fill("A workshop on supervision was held on 17/10/19.")
    fill_date(page, "Achieved on", "17", "10", "2019")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Achievement ‘Obsessions Workshops’ saved.")).to_be_visible()

    page.get_by_role("link", name=re.compile("Mark done as an achievement")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Mark done and record as an achievement"
    )
    assert_accessible(page)
    fill_date(page, "Achieved on", "20", "11", "2019")
    page.get_by_role("button", name="Record the achievement").click()
    expect(page.get_by_text("‘Support’ is done and is now an achievement.")).to_be_visible()
    expect(page.get_by_text("Completed next step ‘Support’.")).to_be_visible()
    expect(page.locator("#history-table")).to_contain_text("Not started → Done")
    assert_accessible(page)

    page.get_by_role("link", name="Ofsted improvement programme").first.click()
    row = page.locator("tr", has=page.get_by_role("link", name="Supervision"))
    expect(row).to_contain_text("Green")
    expect(row).to_contain_text("Supervision observations started in every team.")
    expect(row.locator("td").nth(1)).to_have_text("3")  # achievements
    expect(row.locator("td").nth(2)).to_have_text("1")  # next steps done
    expect(page.locator("#overdue-summary")).to_contain_text("0")
    assert_accessible(page)

    page.get_by_role("link", name="My work").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    assert_accessible(page)


def test_administrator_builds_the_rota_and_reads_the_board_pack_and_evidence(
    page, live_server, programme, havering, sign_in, assert_accessible
):
    admin = factories.administrator(local_authority=havering)
    sign_in(page, admin)
    page.goto(f"{live_server.url}{programme.get_absolute_url()}")
    page.get_by_role("link", name="Board meetings and packs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Board meetings")
    assert_accessible(page)
    fill_date(page, "Date of the first meeting", "7", "1", "2030")
    page.get_by_label("Weeks between meetings").fill("6")
    page.get_by_role("button", name="Build the rota").click()
    expect(page.get_by_text("The rota has 2 meetings, 2 themes at each.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("7 January 2030")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Board pack, 7 January 2030")
    expect(page.get_by_role("heading", name="Supervision")).to_be_visible()
    expect(page.get_by_role("heading", name="Quality Assurance")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}{programme.get_absolute_url()}")
    page.get_by_role("link", name="Evaluation evidence", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluation evidence")
    page.get_by_label("Type").select_option("peer_review")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("link", name="Peer review by Barking")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Peer review by Barking").click()
    assert_accessible(page)


def test_another_las_lead_gets_not_found(page, live_server, programme, sign_in, assert_accessible):
    barnet = factories.LocalAuthorityFactory(name="Barnet", dfe_code="302")
    outsider = factories.improvement_lead(local_authority=barnet)
    sign_in(page, outsider)
    response = page.goto(f"{live_server.url}{programme.get_absolute_url()}")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_contain_text("not found")
    assert_accessible(page)
    theme = programme.themes.first()
    assert page.goto(f"{live_server.url}{theme.get_absolute_url()}").status == 404


def test_scrutiny_member_reads_but_cannot_edit(
    page, live_server, programme, havering, sign_in, assert_accessible
):
    member = factories.scrutiny_member(local_authority=havering)
    sign_in(page, member)
    theme = programme.themes.get(title="Supervision")
    page.goto(f"{live_server.url}{theme.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Supervision")
    expect(page.get_by_role("link", name="Change RAG status")).to_have_count(0)
    assert_accessible(page)
    response = page.goto(f"{live_server.url}/themes/{theme.pk}/rag/")
    assert response.status == 403
    assert_accessible(page)


def test_administrator_links_a_theme_to_recommendations_grouped_by_inspection(
    page, live_server, programme, havering, sign_in, assert_accessible
):
    ensure_frameworks()
    standard = InspectionFactory(local_authority=havering, start_date=datetime.date(2018, 6, 11))
    visit = InspectionFactory(
        local_authority=havering,
        inspection_type="focused_visit",
        start_date=datetime.date(2019, 10, 1),
        theme="Children in need",
    )
    programme.inspections.set([standard, visit])
    long_text = (
        "Improve the quality and consistency of supervision so that social workers are helped "
        "to reflect on their practice and to progress plans for children without delay."
    )
    RecommendationFactory(inspection=standard, order=1, text=long_text)
    RecommendationFactory(
        inspection=visit, order=1, text="Make sure that strategy meetings include the police."
    )
    admin = factories.administrator(local_authority=havering)
    theme = programme.themes.get(title="Supervision")
    sign_in(page, admin)
    page.goto(f"{live_server.url}{theme.get_absolute_url()}")
    page.get_by_role("link", name="Change theme details").click()

    inspection_group = page.get_by_role("group", name="Standard inspection, 11 June 2018")
    expect(inspection_group).to_contain_text(long_text)
    visit_group = page.get_by_role("group", name="Focused visit, 1 October 2019: Children in need")
    expect(visit_group).to_contain_text("strategy meetings include the police")
    assert_accessible(page)
    visit_group.get_by_label("What needs to improve: point 1").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The theme has been updated.")).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile("Make sure that strategy meetings"))
    ).to_be_visible()
    assert_accessible(page)
