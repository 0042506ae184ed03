"""A lead searches from the navigation, reads the marked results and opens one."""

from playwright.sync_api import expect

from tests import factories
from tests.improvement.factories import NextStepFactory, ProgrammeFactory, ThemeFactory


def test_a_lead_searches_and_opens_an_action(
    page, live_server, transactional_db, sign_in, assert_accessible
):
    havering = factories.LocalAuthorityFactory(name="Havering", dfe_code="311")
    lead = factories.improvement_lead(local_authority=havering)
    theme = ThemeFactory(
        programme=ProgrammeFactory(local_authority=havering), title="Adolescent safeguarding"
    )
    NextStepFactory(
        theme=theme, label="Return home interviews", text="Offer every child a return interview."
    )
    sign_in(page, lead)

    page.get_by_role("link", name="Search").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter words to search for")
    assert_accessible(page)

    page.get_by_role("searchbox", name="Search").fill("return interview")
    page.get_by_role("button", name="Search").click()
    expect(
        page.get_by_role("heading", level=2, name="1 match for ‘return interview’")
    ).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Return home interviews").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Adolescent safeguarding")
