"""Home pages shaped by role, and a header that names the signed-in user's council."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests.improvement.factories import NextStepFactory, ProgrammeFactory, ThemeFactory
from tests.scrutiny.factories import CommitteePaperFactory

HOME = reverse("home")


@pytest.fixture
def theme(local_authority, lead):
    return ThemeFactory(programme=ProgrammeFactory(local_authority=local_authority), leads=[lead])


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@override_settings(COUNCIL_NAME="Demonstration council")
def test_the_header_names_the_signed_in_users_council(client, lead, platform_admin):
    assert "Demonstration council" in client.get(reverse("login")).content.decode()
    client.force_login(lead)
    page = client.get(HOME).content.decode()
    assert "London Borough of Havering" in page
    assert "Demonstration council" not in page
    client.force_login(platform_admin)  # serves every council: the deployment's name
    assert "Demonstration council" in client.get(HOME).content.decode()


def test_a_lead_sees_overdue_then_due_soon_actions_first(client, lead, theme, admin_user):
    NextStepFactory(theme=theme, label="Late audit", due_date=days(-3))
    NextStepFactory(theme=theme, label="Soon training", due_date=days(10))
    NextStepFactory(theme=theme, label="Far plan", due_date=days(200))
    NextStepFactory(theme=theme, label="Done step", due_date=days(-3), status="done")
    client.force_login(lead)

    page = client.get(HOME).content.decode()

    assert page.index("Your actions") < page.index("Late audit") < page.index("Soon training")
    assert "Far plan" not in page
    assert "Done step" not in page
    assert "For your committee" not in page


def test_a_lead_with_nothing_due_is_told_so(client, lead, theme):
    NextStepFactory(theme=theme, label="Far plan", due_date=days(200))
    client.force_login(lead)
    assert "None of your actions is overdue" in client.get(HOME).content.decode()


def test_a_scrutiny_member_reads_the_summary_and_latest_paper_first_and_has_no_my_work(
    client, scrutiny, theme
):
    CommitteePaperFactory(programme=theme.programme, meeting_date=datetime.date(2019, 11, 26))
    CommitteePaperFactory(programme=theme.programme, meeting_date=datetime.date(2019, 3, 5))
    client.force_login(scrutiny)

    page = client.get(HOME).content.decode()

    assert page.index("For your committee") < page.index("Across England")
    assert (
        "Latest committee paper: Children and Learning Overview and Scrutiny Committee, "
        "26 November 2019" in page
    )
    assert "Your actions" not in page
    assert reverse("improvement:my-work") not in page


def test_the_home_page_costs_the_same_however_many_actions(
    client, lead, theme, django_assert_max_num_queries
):
    client.force_login(lead)
    NextStepFactory(theme=theme, due_date=days(-1))
    with django_assert_max_num_queries(8):
        client.get(HOME)
    for n in range(40):
        NextStepFactory(theme=theme, due_date=days(n % 20 - 10))
    with django_assert_max_num_queries(8):
        page = client.get(HOME).content.decode()
    assert "More are overdue" in page
    assert "More are due soon" in page
