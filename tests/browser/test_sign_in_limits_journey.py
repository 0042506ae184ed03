"""Signing in when something is wrong: a forgotten password, a paused account, too many
attempts from one address. Each page says what to do next and passes axe."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def attempt(page, url, username, password):
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_a_paused_account_says_who_sets_a_new_password(page, live_server, assert_accessible):
    user = factories.improvement_lead()
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="If you have forgotten your password")).to_be_visible()
    expect(page.get_by_text("Ask your council's administrator to set a new one")).to_be_visible()
    assert_accessible(page)

    for _ in range(5):
        attempt(page, live_server.url, user.username, "not-the-password")
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts to sign in")
    expect(page.get_by_text(re.compile("paused for 15 minutes"))).to_be_visible()
    expect(page.get_by_text(re.compile("ask your council's administrator"))).to_be_visible()
    assert_accessible(page)


def test_too_many_attempts_from_one_address_locks_no_account(
    page, live_server, settings, assert_accessible
):
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = 2
    for n in range(3):
        attempt(page, live_server.url, f"someone-{n}", "a guess")
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts to sign in")
    expect(page.get_by_text("No account has been locked.")).to_be_visible()
    assert_accessible(page)
