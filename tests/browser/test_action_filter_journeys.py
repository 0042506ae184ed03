"""A lead narrows My work to what is late and Red, sorts it by due date and downloads exactly
the rows on the screen."""

import csv
import re

import pytest
from playwright.sync_api import expect

from tests.improvement.factories import NextStepFactory, ProgrammeFactory, ThemeFactory, days


@pytest.fixture
def lead(havering, lead):
    programme = ProgrammeFactory(local_authority=havering, start_date=days(-400))
    workforce = ThemeFactory(programme=programme, title="Workforce Development", leads=[lead])
    practice = ThemeFactory(programme=programme, title="Quality of Practice", leads=[lead])
    for theme, label, due, status in (
        (workforce, "Career Progression Scheme", days(-3), "in_progress"),
        (workforce, "Exit interviews", days(-30), "slipped"),
        (workforce, "Good Practice Awards", days(25), "in_progress"),
        (practice, "Audit of supervision", days(-10), "at_risk"),
        (practice, "Practice week", days(5), "at_risk"),
    ):
        step = NextStepFactory(theme=theme, label=label, due_date=due, status=status, owner=lead)
        step.full_clean()
        step.save()
    return lead


def table_rows(page):
    rows = page.locator("#my-next-steps tbody tr")
    return [
        [cell.strip() for cell in rows.nth(i).locator("td").all_inner_texts()]
        for i in range(rows.count())
    ]


def test_a_lead_filters_my_work_sorts_it_and_downloads_what_is_shown(
    page, live_server, sign_in, lead, assert_accessible
):
    sign_in(page, lead)
    page.goto(f"{live_server.url}/my-work/")
    expect(page.locator("#actions-shown")).to_contain_text("5 next steps shown")
    assert_accessible(page)

    page.get_by_label("Overdue only").check()
    page.get_by_label("RAG rating").select_option(label="Red")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#actions-shown")).to_contain_text("3 next steps shown")
    for row in table_rows(page):
        assert "Red" in row[5]
        assert "Overdue" in row[0]

    due = page.locator("#my-next-steps thead").get_by_role("link", name=re.compile(r"^Due"))
    due.click()
    header = page.locator("#my-next-steps th[aria-sort]")
    expect(header).to_have_attribute("aria-sort", "ascending")
    expect(header).to_contain_text("Due")
    expect(page.get_by_label("Overdue only")).to_be_checked()
    shown = table_rows(page)
    assert [row[1] for row in shown] == [
        "Exit interviews",
        "Audit of supervision",
        "Career Progression Scheme",
    ]
    assert_accessible(page)

    expect(due).to_contain_text("sorted first to last")
    due.click()
    expect(page.locator("#my-next-steps th[aria-sort]")).to_have_attribute(
        "aria-sort", "descending"
    )
    expect(page.locator("#my-next-steps tbody tr").first).to_contain_text(
        "Career Progression Scheme"
    )
    page.go_back()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download these next steps (CSV)").click()
    with open(download.value.path(), encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    assert [row["Action"] for row in rows] == [row[1] for row in shown]
    assert [row["RAG"] for row in rows] == ["Red", "Red", "Red"]
    assert [row["Theme"] for row in rows] == [row[2] for row in shown]
    assert [row["Status"] for row in rows] == [row[4] for row in shown]
    assert rows[0]["Due"] == days(-30).isoformat()
    assert all(row["Action id"] and row["Theme id"] for row in rows)


def test_a_bad_filter_value_shows_an_error_summary(
    page, live_server, sign_in, lead, assert_accessible
):
    sign_in(page, lead)
    page.goto(
        f"{live_server.url}/my-work/?rag=purple&due_after_0=31&due_after_1=2&due_after_2=2025"
    )
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select a RAG rating from the list")
    expect(summary).to_contain_text("Enter a real date")
    expect(page.locator("#actions-shown")).to_contain_text("5 next steps shown")
    assert_accessible(page)
