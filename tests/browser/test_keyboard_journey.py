"""The main journey with the keyboard alone: an improvement lead signs in, skips to the content,
reaches their theme, changes its RAG status with a reason (after a mistake), adds a progress
update and sees the result. Only Tab, Enter, Space, the arrow keys and typing are used. At every
step the focused element must show a visible focus style and focus must move forward through
the page; the first Tab on every page reaches the skip link, and after a mistake the error
summary takes the focus and its links lead to the controls to fix."""

import datetime

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.improvement.factories import (
    AchievementFactory,
    NextStepFactory,
    ProgrammeFactory,
    ThemeFactory,
)

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const name = (el.labels && el.labels.length ? el.labels[0].innerText : '')
    || el.innerText || el.value || el.getAttribute('aria-label') || '';
  return {
    tag: el.tagName.toLowerCase(),
    type: el.type || '',
    id: el.id,
    classes: el.className || '',
    name: name.trim().replace(/\\s+/g, ' '),
  };
}"""

# True when the focused element shows the GOV.UK focus style: an outline or box shadow, the
# yellow focus background, or (for radios and checkboxes, whose input is hidden) a ring drawn
# by the label.
FOCUS_IS_VISIBLE = """() => {
  const el = document.activeElement;
  const shows = (style) =>
    (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
      && !/rgba\\(0, 0, 0, 0\\)|transparent/.test(style.outlineColor))
    || (style.boxShadow && style.boxShadow !== 'none')
    || style.backgroundColor === 'rgb(255, 221, 0)';
  if (shows(getComputedStyle(el))) return true;
  if ((el.type === 'radio' || el.type === 'checkbox') && el.labels.length) {
    return shows(getComputedStyle(el.labels[0], '::before'))
      || shows(getComputedStyle(el.labels[0], '::after'));
  }
  return false;
}"""

# Remembers the focused element; true if the new one comes after it in the document.
FOCUS_MOVED_FORWARD = """() => {
  const el = document.activeElement, last = window.__lastFocused;
  window.__lastFocused = el;
  return !last || last === el
    || Boolean(last.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
}"""


def tab(page):
    """Press Tab; the newly focused element must show its focus and follow the last one."""
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused, "Tab left the page"
    assert page.evaluate(FOCUS_IS_VISIBLE), f"no visible focus on {focused}"
    assert page.evaluate(FOCUS_MOVED_FORWARD), f"focus jumped backwards to {focused}"
    return focused


def tab_to(page, name, *, tag=None, most=60):
    """Tab forward until the focused element's name starts with `name`."""
    seen = []
    for _ in range(most):
        focused = tab(page)
        seen.append(focused["name"][:40])
        if focused["name"].startswith(name) and (tag is None or focused["tag"] == tag):
            return focused
    raise AssertionError(f"{name!r} not reached with Tab; focus went through {seen}")


def skip_to_content(page):
    """The first Tab on a fresh page reaches the skip link; Enter moves focus to the content."""
    page.wait_for_load_state()  # the skip link's script has started
    first = tab(page)
    assert first["name"] == "Skip to main content", first
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    page.evaluate("window.__lastFocused = document.activeElement")


def follow_from_the_top(page, name, heading, *, tag=None):
    """From the skip link, tab to the control called `name`, press Enter and expect the page
    whose heading is `heading`."""
    skip_to_content(page)
    tab_to(page, name, tag=tag)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def expect_focus_on_error_summary(page):
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    # The GOV.UK error summary moves focus to itself when its script starts.
    page.wait_for_function("() => document.activeElement.classList.contains('govuk-error-summary')")
    page.evaluate("window.__lastFocused = document.activeElement")


@pytest.fixture
def lead(havering, lead):
    # A deliberate parallel of the programme in test_improvement_journeys.py, with Supervision
    # second rather than first so that the keyboard journey has to tab past another theme.
    programme = ProgrammeFactory(
        local_authority=havering,
        title="Ofsted improvement programme",
        start_date=datetime.date(2019, 1, 1),
    )
    ThemeFactory(programme=programme, title="Quality Assurance", order=1)
    supervision = ThemeFactory(
        programme=programme, title="Supervision", order=2, rag_status="amber", leads=[lead]
    )
    AchievementFactory(theme=supervision, label="Template", text="A new supervision template.")
    NextStepFactory(
        theme=supervision,
        label="Audit",
        text="Audit supervision records.",
        owner=lead,
        due_date=datetime.date(2019, 12, 31),
    )
    return lead


def test_a_lead_changes_rag_status_and_adds_an_update_with_the_keyboard_alone(
    page, live_server, lead, assert_accessible
):
    # Sign in.
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    skip_to_content(page)
    assert tab(page)["name"] == "Username"
    page.keyboard.type(lead.username)
    assert tab(page)["name"] == "Password"
    page.keyboard.type(factories.TEST_PASSWORD)
    assert tab(page)["name"] == "Sign in"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Children's services improvement")
    assert_accessible(page)

    # Home page to the programme, then the theme.
    follow_from_the_top(page, "Havering's improvement programme", "Ofsted improvement programme")
    assert_accessible(page)
    follow_from_the_top(page, "Supervision", "Supervision", tag="a")
    assert_accessible(page)

    # Change the RAG status: submitting without a choice or reason shows the error summary,
    # which takes the focus; its first link leads to the first radio.
    follow_from_the_top(page, "Change RAG status", "Change the RAG status")
    assert_accessible(page)
    skip_to_content(page)
    tab_to(page, "Change the RAG status", tag="button")
    page.keyboard.press("Enter")
    expect(page).to_have_title("Error: Change the RAG status – Supervision – Improvement tracker")
    expect_focus_on_error_summary(page)
    assert_accessible(page)
    assert tab(page)["name"] == "Choose the new RAG status"
    page.keyboard.press("Enter")
    radio = page.evaluate(FOCUSED)
    assert (radio["type"], radio["name"]) == ("radio", "Red"), radio
    assert page.evaluate(FOCUS_IS_VISIBLE)
    page.keyboard.press("ArrowDown")  # Amber
    page.keyboard.press("ArrowDown")  # Green
    expect(page.get_by_label("Green")).to_be_checked()
    page.evaluate("window.__lastFocused = document.activeElement")
    assert tab(page)["name"] == "Reason for the change"
    page.keyboard.type("Supervision audits show the new template in use.")
    assert tab(page)["name"] == "Change the RAG status"
    page.keyboard.press("Enter")

    # Back on the theme: the status says Green in words.
    expect(page.get_by_role("heading", level=1)).to_have_text("Supervision")
    expect(page.locator("#theme-rag")).to_have_text("RAG status: Green")
    expect(page.locator("#rag-history")).to_be_visible()
    expect(page.get_by_role("region", name="RAG status changes, newest first")).to_contain_text(
        "Amber to Green"
    )
    assert_accessible(page)

    # Add a progress update, submitting with Space.
    page.evaluate("window.__lastFocused = document.activeElement")
    tab_to(page, "Add a progress update")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a progress update")
    assert_accessible(page)
    skip_to_content(page)
    assert tab(page)["name"].startswith("Update")
    page.keyboard.type("Every team manager has had supervision training.")
    assert tab(page)["name"] == "Add the update"
    page.keyboard.press("Space")

    # The result: the update on the theme page, stamped with the new status.
    expect(page.get_by_role("heading", level=1)).to_have_text("Supervision")
    update = page.locator(".app-update").first
    expect(update).to_contain_text("Every team manager has had supervision training.")
    expect(update).to_contain_text("RAG status at the time: Green")
    expect(update).to_contain_text("by Sam Patel")
    assert_accessible(page)
