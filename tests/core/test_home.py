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


def test_an_administrator_sees_approvals_unanswered_findings_and_stale_indicators_first(
    client, admin_user, lead, theme
):
    from improvement.models import Finding
    from improvement.plan_services import change_due_date
    from indicators.services import set_scorecard
    from tests.indicators.factories import MeasureFactory

    programme = theme.programme
    programme.due_date_changes_need_approval = True
    programme.save()
    step = NextStepFactory(theme=theme, label="Supervision audit", due_date=days(20))
    change_due_date(
        next_step=step, by=lead, new_date=days(80), reason="Auditors away.", seen_version=None
    )
    Finding.objects.create(programme=programme, source="self_evaluation", text="Visits late")
    measure = MeasureFactory(name="Care leavers in education, employment or training")
    set_scorecard(local_authority=programme.local_authority, by=admin_user, measures=[measure])
    client.force_login(admin_user)

    page = client.get(HOME).content.decode()

    panel = page.split("What needs an administrator", 1)[1].split("Your actions", 1)[0]
    assert "Supervision audit" in panel
    assert "1 finding has no action answering it" in panel
    assert "Care leavers in education, employment or training</a>: no figure yet" in panel
    client.force_login(lead)
    assert "What needs an administrator" not in client.get(HOME).content.decode()


def test_an_administrator_with_nothing_waiting_is_told_so(client, admin_user, theme):
    client.force_login(admin_user)
    assert "Nothing is waiting for you" in client.get(HOME).content.decode()


def test_a_scrutiny_member_sees_the_key_indicators_on_the_home_page(
    client, scrutiny, admin_user, theme
):
    from indicators.services import set_scorecard
    from tests.indicators.factories import MeasureFactory

    measure = MeasureFactory(name="Re-referrals within 12 months")
    set_scorecard(
        local_authority=theme.programme.local_authority, by=admin_user, measures=[measure]
    )
    client.force_login(scrutiny)
    page = client.get(HOME).content.decode()
    assert page.index("For your committee") < page.index("Re-referrals within 12 months")
    assert page.index("Re-referrals within 12 months") < page.index("Across England")


@pytest.mark.parametrize("n", [1, 12])
def test_the_administrators_home_page_costs_the_same_however_much_waits(
    client, admin_user, lead, theme, n, django_assert_max_num_queries
):
    from improvement.models import Finding
    from improvement.plan_services import change_due_date

    programme = theme.programme
    programme.due_date_changes_need_approval = True
    programme.save()
    for i in range(n):
        step = NextStepFactory(theme=theme, due_date=days(20 + i))
        change_due_date(
            next_step=step, by=lead, new_date=days(90 + i), reason="Later.", seen_version=None
        )
        Finding.objects.create(programme=programme, source="self_evaluation", text=f"F{i}")
    client.force_login(admin_user)
    with django_assert_max_num_queries(18):
        client.get(HOME)
