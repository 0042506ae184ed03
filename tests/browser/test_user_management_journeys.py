"""A council administrator manages their council's users in the browser: invites someone, who
sets a password from the emailed link and signs in; changes a role (and meets another
administrator's change); deactivates someone, who is signed out at once, and reactivates them;
sends someone who has forgotten their password a link to set a new one. Every page is checked
with axe-core."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from core.roles import Role
from tests import factories
from tests.improvement.factories import ProgrammeFactory, ThemeFactory

NEW_PASSWORD = "plum-orchard-lantern-42"


@pytest.fixture
def council(transactional_db):
    return factories.LocalAuthorityFactory(name="Havering", dfe_code="311", ons_code="E09000016")


@pytest.fixture
def admin(council):
    return factories.administrator(
        username="admin", first_name="Priya", last_name="Shah", local_authority=council
    )


def heading(page):
    return page.get_by_role("heading", level=1)


def open_users(page):
    page.get_by_role("link", name="Users", exact=True).click()
    expect(heading(page)).to_have_text("Users")


def confirm_page(page, person, action, question):
    """From the users list, open `person`'s account and follow `action` to the page that asks
    `question` before anything is done."""
    open_users(page)
    page.get_by_role("link", name=person).click()
    page.get_by_role("link", name=action).click()
    expect(heading(page)).to_have_text(question)


def test_administrator_invites_a_user_who_sets_a_password_and_signs_in(
    page, browser, live_server, council, admin, sign_in, assert_accessible
):
    sign_in(page, admin)
    open_users(page)
    assert_accessible(page)

    page.get_by_role("link", name="Invite a user").click()
    expect(heading(page)).to_have_text("Invite a user")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter their first name")
    expect(page.get_by_role("alert")).to_contain_text("Choose at least one role")
    assert_accessible(page)

    page.get_by_label("First name").fill("Amara")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("Email address").fill("amara.okafor@example.org")
    page.get_by_label("Job title (optional)").fill("Head of service")
    page.get_by_label("Improvement lead", exact=True).check()
    assert_accessible(page)
    page.get_by_role("button", name="Send invitation").click()

    expect(heading(page)).to_have_text("Amara Okafor")
    expect(page.get_by_text("has been invited")).to_be_visible()
    expect(page.locator("#account-status")).to_contain_text("Invited")
    expect(page.locator("#account-roles")).to_have_text("Improvement lead")
    assert_accessible(page)

    (message,) = mail.outbox
    link = re.search(r"(http://\S+/accounts/invitation/\S+/)", message.body).group(1)
    assert "works once" in message.body

    invitee = browser.new_page(locale="en-GB", timezone_id="Europe/London")
    try:
        invitee.goto(link)
        expect(heading(invitee)).to_have_text("Set your password")
        invitee.get_by_role("button", name="Set password").click()
        expect(invitee.get_by_role("alert")).to_contain_text("Enter a password")
        assert_accessible(invitee)
        invitee.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
        invitee.get_by_label("Type the password again").fill(NEW_PASSWORD)
        invitee.get_by_role("button", name="Set password").click()

        expect(heading(invitee)).to_have_text("Sign in")
        expect(invitee.get_by_text("Your password has been set")).to_be_visible()
        assert_accessible(invitee)
        invitee.get_by_label("Username").fill("amara.okafor@example.org")
        invitee.get_by_label("Password").fill(NEW_PASSWORD)
        invitee.get_by_role("button", name="Sign in").click()
        expect(invitee.get_by_text("Signed in as Amara Okafor")).to_be_visible()

        # The link worked once.
        invitee.goto(link)
        expect(heading(invitee)).to_have_text("This link does not work")
        assert_accessible(invitee)
    finally:
        invitee.context.close()

    page.reload()
    expect(page.locator("#account-status")).to_contain_text("Active")
    expect(page.locator("#account-history")).to_contain_text("Set their password")


def test_administrator_changes_a_role_and_meets_another_administrators_change(
    page, browser, live_server, council, admin, sign_in, assert_accessible
):
    member = factories.scrutiny_member(
        username="sam", first_name="Sam", last_name="Lee", local_authority=council
    )
    ThemeFactory(
        programme=ProgrammeFactory(local_authority=council), title="Front door", leads=[admin]
    )
    sign_in(page, admin)
    open_users(page)
    expect(page.locator("#users")).to_contain_text("Front door")
    page.get_by_role("link", name="Sam Lee").click()
    expect(heading(page)).to_have_text("Sam Lee")
    page.get_by_role("link", name="Change roles").click()
    expect(heading(page)).to_have_text("Change roles")
    assert_accessible(page)

    # Meanwhile another administrator makes Sam an administrator.
    other_admin = factories.administrator(
        username="other-admin", first_name="Jo", last_name="Bell", local_authority=council
    )
    from core.users.services import change_roles

    change_roles(
        member=member,
        by=other_admin,
        roles=[Role.SCRUTINY_MEMBER, Role.ADMINISTRATOR],
        seen_version=member.version,
    )

    page.get_by_label("Improvement lead", exact=True).check()
    page.get_by_role("button", name="Save roles").click()
    expect(page.get_by_role("alert")).to_contain_text("This was changed by Jo Bell")
    expect(page.locator("#stale-comparison")).to_contain_text("Administrator; Scrutiny member")
    expect(page.locator("#stale-comparison")).to_contain_text("Improvement lead; Scrutiny member")
    assert_accessible(page)

    page.get_by_role("button", name="Save roles").click()
    expect(heading(page)).to_have_text("Sam Lee")
    expect(page.get_by_text("Sam Lee’s roles have been saved")).to_be_visible()
    expect(page.locator("#account-roles")).to_have_text("Improvement lead, Scrutiny member")
    expect(page.locator("#account-history")).to_contain_text(
        "From Administrator, Scrutiny member to Improvement lead, Scrutiny member"
    )
    assert_accessible(page)


def test_administrator_deactivates_and_reactivates_a_user(
    page, browser, live_server, council, admin, sign_in, assert_accessible
):
    member = factories.improvement_lead(
        username="kim", first_name="Kim", last_name="Noor", local_authority=council
    )
    theirs = browser.new_page(locale="en-GB", timezone_id="Europe/London")
    try:
        sign_in(theirs, member)
        expect(theirs.get_by_text("Signed in as Kim Noor")).to_be_visible()

        sign_in(page, admin)
        confirm_page(page, "Kim Noor", "Deactivate account", "Deactivate Kim Noor’s account?")
        assert_accessible(page)
        page.get_by_role("button", name="Deactivate account").click()
        expect(
            page.get_by_text("has been deactivated and they have been signed out")
        ).to_be_visible()
        expect(page.locator("#account-status")).to_contain_text("Deactivated")
        assert_accessible(page)

        theirs.reload()
        expect(theirs).to_have_url(re.compile(r"/accounts/login/"))
        sign_in(theirs, member)
        expect(theirs.get_by_role("alert")).to_contain_text("There is a problem")

        page.get_by_role("link", name="Reactivate account").click()
        expect(heading(page)).to_have_text("Reactivate Kim Noor’s account?")
        assert_accessible(page)
        page.get_by_role("button", name="Reactivate account").click()
        expect(page.locator("#account-status")).to_contain_text("Active")
        history = page.locator("#account-history")
        expect(history).to_contain_text("Deactivated")
        expect(history).to_contain_text("Reactivated")
        expect(history).to_contain_text("Priya Shah")

        sign_in(theirs, member)
        expect(theirs.get_by_text("Signed in as Kim Noor")).to_be_visible()
    finally:
        theirs.context.close()

    # Their own page offers no way to deactivate themselves.
    page.goto(f"{live_server.url}/users/{admin.pk}/")
    expect(page.get_by_text("You cannot deactivate your own account")).to_be_visible()
    expect(page.get_by_role("link", name="Deactivate account")).to_have_count(0)


def test_administrator_sends_a_forgotten_password_a_link_to_set_a_new_one(
    page, browser, live_server, council, admin, sign_in, assert_accessible
):
    member = factories.scrutiny_member(
        username="sam", first_name="Sam", last_name="Reed", local_authority=council
    )
    member.email = "sam.reed@example.org"
    member.save(update_fields=["email"])
    theirs = browser.new_page(locale="en-GB", timezone_id="Europe/London")
    try:
        # They cannot remember it: the sign-in page says whom to ask.
        sign_in(theirs, member, password="not-the-password")
        expect(theirs.get_by_text("Ask your council's administrator")).to_be_visible()

        sign_in(page, admin)
        confirm_page(
            page,
            "Sam Reed",
            "Send a link to set a new password",
            "Send Sam Reed a link to set a new password?",
        )
        assert_accessible(page)
        page.get_by_role("button", name="Send the link").click()
        expect(page.get_by_text("has been sent a link to set a new password")).to_be_visible()
        expect(page.locator("#account-history")).to_contain_text(
            "Sent a link to set a new password"
        )
        assert_accessible(page)

        (message,) = mail.outbox
        link = re.search(r"(http://\S+/accounts/invitation/\S+/)", message.body).group(1)
        theirs.goto(link)
        expect(heading(theirs)).to_have_text("Set your password")
        assert_accessible(theirs)
        theirs.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
        theirs.get_by_label("Type the password again").fill(NEW_PASSWORD)
        theirs.get_by_role("button", name="Set password").click()
        expect(theirs.get_by_text("Your password has been set")).to_be_visible()
        sign_in(theirs, member, password=NEW_PASSWORD)
        expect(theirs.get_by_text("Signed in as Sam Reed")).to_be_visible()
    finally:
        theirs.context.close()
