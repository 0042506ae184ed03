"""Each role signs in, reads the LA register and an LA page, and signs out."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories


@pytest.fixture
def register(transactional_db):
    havering = factories.LocalAuthorityFactory(
        name="Havering", dfe_code="311", ons_code="E09000016"
    )
    for rank, name in enumerate(["Bexley", "Bedford Borough", "Thurrock"], start=1):
        neighbour = factories.LocalAuthorityFactory(name=name)
        factories.StatisticalNeighbourFactory(
            local_authority=havering, neighbour=neighbour, rank=rank
        )
    return havering


@pytest.mark.parametrize(
    ("make_user", "role"),
    [
        (factories.administrator, "Administrators"),
        (factories.improvement_lead, "Improvement leads"),
        (factories.scrutiny_member, "Scrutiny members"),
    ],
)
def test_each_role_signs_in_reads_the_register_and_signs_out(
    page, live_server, register, sign_in, assert_accessible, make_user, role
):
    user = make_user(local_authority=register)
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert_accessible(page)

    sign_in(page, user)
    expect(page.get_by_role("heading", level=1)).to_have_text("Children's services improvement")
    expect(page.get_by_text(role)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Local authorities").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Local authorities")
    assert_accessible(page)

    page.get_by_role("link", name="Havering", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Havering")
    expect(page.get_by_text("E09000016")).to_be_visible()
    expect(page.get_by_role("link", name="Bedford Borough")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name=re.compile("Sign out")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    page.goto(f"{live_server.url}/local-authorities/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_wrong_password_shows_an_error_summary(page, live_server, register, assert_accessible):
    user = factories.improvement_lead(local_authority=register)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(page)
