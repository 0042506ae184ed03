"""The action plan in the browser: a lead moves a due date with a reason and records progress;
an administrator approves a revised date; members read the exception report; a step created in
error is deleted after a confirmation page."""

import pytest
from playwright.sync_api import expect

from tests.improvement.factories import (
    BoardMeetingFactory,
    NextStepFactory,
    ProgrammeFactory,
    ThemeFactory,
    days,
)


def long(value):
    return f"{value.day} {value:%B %Y}"


@pytest.fixture
def programme(havering, lead):
    programme = ProgrammeFactory(
        local_authority=havering, title="Ofsted improvement programme", start_date=days(-400)
    )
    BoardMeetingFactory(programme=programme, date=days(-14))
    theme = ThemeFactory(programme=programme, title="Workforce Development", leads=[lead])
    for label, due, status in (
        ("Career Progression Scheme", days(20), "in_progress"),
        ("HSCA Good Practice Awards", days(-3), "in_progress"),
    ):
        step = NextStepFactory(
            theme=theme, label=label, text=f"{label}: to be relaunched.", owner=lead, status=status
        )
        step.due_date = step.original_due_date = due
        step.save()
    return programme


def open_step(page, live_server, programme, label):
    page.goto(f"{live_server.url}{programme.themes.get().get_absolute_url()}")
    page.get_by_role("link", name=f"Dates, milestones and notes of ‘{label}’").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(label)


def change_due_date(page, new, *, reason):
    """Fill in and submit the due date form: the new date and why it is changing."""
    page.get_by_label("Day").fill(str(new.day))
    page.get_by_label("Month").fill(str(new.month))
    page.get_by_label("Year").fill(str(new.year))
    page.get_by_label("Why is the due date changing?").fill(reason)
    page.get_by_role("button", name="Change the due date").click()


def test_lead_moves_a_due_date_with_a_reason_then_records_progress_in_one_save(
    page, live_server, programme, lead, sign_in, assert_accessible
):
    sign_in(page, lead)
    open_step(page, live_server, programme, "Career Progression Scheme")
    expect(page.locator("#action-rag")).to_contain_text("Green")
    expect(page.get_by_text("How RAG is worked out")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Change the due date").click()
    page.get_by_role("button", name="Change the due date").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the new due date")
    expect(page.get_by_role("alert")).to_contain_text("Give the reason the due date is changing")
    assert_accessible(page)

    new = days(75)
    change_due_date(page, new, reason="The panel could not meet in time")
    expect(page.locator("#action-due")).to_contain_text(
        f"Due {long(new)} (originally {long(days(20))}, moved once)"
    )
    expect(page.locator("#action-rag")).to_contain_text("Amber")
    expect(page.locator("#due-date-changes")).to_contain_text("The panel could not meet in time")
    assert_accessible(page)

    page.get_by_role("link", name="Record progress").click()
    page.get_by_label("At risk").check()
    page.get_by_label("What happened?").fill("Two of the panel members have left.")
    page.get_by_role("button", name="Save progress").click()
    expect(page.get_by_text("Progress saved: the action is at risk.")).to_be_visible()
    expect(page.locator("#action-status")).to_have_text("At risk")
    expect(page.locator("#notes")).to_be_visible()
    expect(page.get_by_text("Two of the panel members have left.")).to_be_visible()
    assert_accessible(page)


def test_an_administrator_approves_a_revised_date(
    page, live_server, programme, lead, admin, sign_in, assert_accessible
):
    programme.due_date_changes_need_approval = True
    programme.save()
    sign_in(page, lead)
    open_step(page, live_server, programme, "Career Progression Scheme")
    page.get_by_role("link", name="Change the due date").click()
    expect(page.get_by_text("An administrator must approve the new date")).to_be_visible()
    new = days(60)
    change_due_date(page, new, reason="Budget decision deferred")
    expect(page.locator("#pending-change")).to_contain_text(long(new))
    expect(page.locator("#action-due")).to_contain_text(f"Due {long(days(20))}")
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, admin)
    open_step(page, live_server, programme, "Career Progression Scheme")
    page.get_by_role("link", name="Approve or refuse the new due date").click()
    expect(page.locator("#requested-change")).to_contain_text("Budget decision deferred")
    assert_accessible(page)
    page.get_by_label("Yes, approve the new due date").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text("The new due date is approved.")).to_be_visible()
    expect(page.locator("#action-due")).to_contain_text(
        f"Due {long(new)} (originally {long(days(20))}, moved once)"
    )
    assert_accessible(page)


def test_members_read_the_exception_report(
    page, live_server, programme, lead, sign_in, assert_accessible
):
    sign_in(page, lead)
    page.goto(f"{live_server.url}{programme.get_absolute_url()}")
    expect(page.locator("#plan-overdue")).to_have_text("1")
    expect(page.locator("#plan-trend")).to_contain_text(long(days(-14)))
    assert_accessible(page)
    page.get_by_role("link", name="Exception report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exception report")
    row = page.locator("#exceptions tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("HSCA Good Practice Awards")
    expect(row).to_contain_text("Red; Overdue")
    assert_accessible(page)


def test_a_next_step_created_in_error_is_deleted_after_confirming(
    page, live_server, programme, lead, sign_in, assert_accessible
):
    sign_in(page, lead)
    open_step(page, live_server, programme, "HSCA Good Practice Awards")
    page.get_by_role("link", name="Delete this action (created in error)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete this next step?")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose yes or no")
    assert_accessible(page)
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Next step ‘HSCA Good Practice Awards’ deleted.")).to_be_visible()
    expect(page.locator(".app-next-step")).to_have_count(1)
    expect(page.locator("#history")).to_be_visible()
    assert_accessible(page)
