"""Findings in the browser: an administrator asks for one action per finding and is warned of
findings answered twice or not at all; evidence names the finding it tests, with a kind of
evidence from the seeded list; the inspection page lists each finding with its actions."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from improvement import plan_services
from tests.improvement.factories import NextStepFactory, ProgrammeFactory, ThemeFactory
from tests.inspections.factories import InspectionFactory, ensure_frameworks

TODAY = timezone.localdate()


@pytest.fixture
def havering(havering):
    ensure_frameworks()
    return havering


@pytest.fixture
def programme(havering, admin):
    programme = ProgrammeFactory(
        local_authority=havering,
        title="Ofsted improvement programme",
        start_date=TODAY - datetime.timedelta(days=300),
    )
    inspection = InspectionFactory(local_authority=havering, start_date=datetime.date(2024, 2, 5))
    programme.inspections.add(inspection)
    theme = ThemeFactory(programme=programme, title="Care leavers")
    steps = []
    for label in ("Pathway plans", "Emergency accommodation"):
        step = NextStepFactory(theme=theme, label=label, text=f"{label}.", status="in_progress")
        step.due_date = step.original_due_date = TODAY + datetime.timedelta(days=60)
        step.save()
        steps.append(step)
    for text, actions in (
        ("Support for care leavers.", steps),
        ("Visits to children.", []),
    ):
        plan_services.add_finding(
            programme=programme,
            by=admin,
            source="recommendation",
            text=text,
            inspection=inspection,
            actions=actions,
        )
    return programme


def test_one_action_per_finding_warning_and_evidence_naming_a_finding(
    page, live_server, programme, admin, sign_in, assert_accessible
):
    sign_in(page, admin)
    page.goto(f"{live_server.url}{programme.get_absolute_url()}edit/")
    page.get_by_label("Each finding is answered by exactly one action").check()
    page.get_by_role("button", name="Save").click()
    warning = page.locator("#one-action-warning")
    expect(warning).to_contain_text("Support for care leavers. (2 actions)")
    expect(page.locator("#findings-not-answered")).to_contain_text("Visits to children.")
    assert_accessible(page)

    page.get_by_role("link", name="Findings and the actions answering them", exact=True).click()
    expect(page.locator("#one-action-warning")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/programmes/{programme.pk}/evidence/new/")
    page.get_by_label("Type").select_option(label="SLIP review")
    page.get_by_label("Title").fill("Sector-led improvement partner's review")
    page.get_by_label("The finding it tests").select_option(label="Visits to children.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Evaluation evidence: SLIP review")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Visits to children.")
    assert_accessible(page)

    inspection = programme.inspections.get()
    page.goto(f"{live_server.url}{inspection.get_absolute_url()}")
    expect(page.locator("#findings-heading")).to_be_visible()
    expect(page.get_by_text("Not yet answered")).to_be_visible()
    expect(page.get_by_role("link", name="Pathway plans")).to_be_visible()
    assert_accessible(page)
