"""The action plan: due dates that keep their history, RAG by a readable rule, milestones,
headline figures and their trend, the exception report, and undoing mistakes."""

import csv
import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from improvement import plan, plan_services, services
from improvement.models import (
    Achievement,
    ActionRag,
    DueDateChange,
    Finding,
    Milestone,
    NextStep,
)
from tests import factories
from tests.conftest import module_scoped_sizes
from tests.improvement.factories import (
    AchievementFactory,
    BoardMeetingFactory,
    NextStepFactory,
    ProgrammeFactory,
    ThemeFactory,
    days,
)

TODAY = timezone.localdate()


def step_due(theme, due, **fields):
    step = NextStepFactory(theme=theme, due_date=due, **fields)
    step.full_clean()  # keeps the first due date as the original
    step.save()
    return step


def move(step, by, to, reason="Waiting for the new manager to start"):
    step.refresh_from_db()
    return plan_services.change_due_date(
        next_step=step, by=by, new_date=to, reason=reason, seen_version=step.version
    )


def planned(step):
    return plan.with_plan(NextStep.objects.filter(pk=step.pk)).select_related("owner").get()


# --------------------------------------------------------------------------------------------
# Dates that keep their history


def test_changing_the_due_date_keeps_the_original_and_every_revision(theme, lead):
    step = step_due(theme, days(10))
    move(step, lead, days(40))
    move(step, lead, days(70), reason="The provider went into administration")

    step = planned(step)
    assert step.due_date == days(70)
    assert step.original_due_date == days(10)
    assert step.times_moved == 2
    assert plan.slip_days(step) == 60
    original = days(10).strftime("%-d %B %Y")
    assert plan.due_sentence(step) == (
        f"Due {days(70).strftime('%-d %B %Y')} (originally {original}, moved twice)"
    )
    changes = list(step.due_date_changes.order_by("requested_at"))
    assert [(c.from_date, c.to_date) for c in changes] == [
        (days(10), days(40)),
        (days(40), days(70)),
    ]
    assert changes[1].reason == "The provider went into administration"
    assert changes[1].requested_by == lead


def test_a_due_date_change_needs_a_reason_and_a_new_date(theme, lead):
    step = step_due(theme, days(10))
    with pytest.raises(ValidationError) as error:
        plan_services.change_due_date(
            next_step=step, by=lead, new_date=days(20), reason=" ", seen_version=step.version
        )
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        plan_services.change_due_date(
            next_step=step, by=lead, new_date=days(10), reason="Same", seen_version=step.version
        )
    assert not DueDateChange.objects.exists()


def test_with_approval_the_original_date_stands_until_an_administrator_approves(
    programme, theme, lead, admin_user
):
    programme.due_date_changes_need_approval = True
    programme.save()
    step = step_due(theme, days(-5))
    change = move(step, lead, days(30))

    assert change.decision == DueDateChange.Decision.PENDING
    step = planned(step)
    assert step.due_date == days(-5)
    assert step.pending_to_date == days(30)
    assert step.rag == ActionRag.RED  # still overdue on the date that stands
    assert plan.headline_figures(programme).overdue == 1

    plan_services.decide_due_date_change(change=change, by=admin_user, approve=True)
    step = planned(step)
    assert step.due_date == days(30)
    assert step.pending_to_date is None
    assert step.times_moved == 1
    assert plan.headline_figures(programme).overdue == 0


def test_an_administrators_own_change_needs_no_approval(programme, theme, admin_user):
    programme.due_date_changes_need_approval = True
    programme.save()
    step = step_due(theme, days(5))
    assert move(step, admin_user, days(50)).decision == DueDateChange.Decision.APPROVED
    step.refresh_from_db()
    assert step.due_date == days(50)


def test_done_after_the_original_date_is_done_late_even_before_the_revised_one(theme, lead):
    step = step_due(theme, days(-30))
    move(step, lead, days(30))
    step.refresh_from_db()
    plan_services.record_progress(
        next_step=step, by=lead, status="done", text="Launched.", seen_version=step.version
    )
    step = planned(step)
    assert step.completed_on == TODAY < step.due_date
    assert step.is_done_late
    assert plan.headline_figures(theme).done_late == 1


# --------------------------------------------------------------------------------------------
# RAG by a rule anyone can read


def test_the_rag_rule_gives_each_colour(theme, lead):
    S = NextStep.Status
    overdue = step_due(theme, days(-1), status=S.IN_PROGRESS)
    off_track = step_due(theme, days(100), status=S.SLIPPED)
    at_risk = step_due(theme, days(100), status=S.AT_RISK)
    soon_not_started = step_due(theme, days(10), status=S.PLANNED)
    soon_started = step_due(theme, days(10), status=S.IN_PROGRESS)
    later = step_due(theme, days(60), status=S.PLANNED)
    rescheduled = step_due(theme, days(60), status=S.IN_PROGRESS)
    move(rescheduled, lead, days(90))
    far = step_due(theme, days(10), status=S.IN_PROGRESS)
    move(far, lead, days(200))
    done = step_due(theme, days(-10), status=S.DONE, completed_on=days(-20))
    overridden = step_due(theme, days(60), status=S.IN_PROGRESS)
    overridden.rag_override, overridden.rag_override_reason = "red", "Funding withdrawn"
    overridden.save()

    rags = dict(plan.with_plan(NextStep.objects.filter(theme=theme)).values_list("pk", "rag"))
    assert rags[overdue.pk] == "red"
    assert rags[off_track.pk] == "red"
    assert rags[far.pk] == "red"  # moved more than the tolerance past its original date
    assert rags[at_risk.pk] == "amber"
    assert rags[soon_not_started.pk] == "amber"
    assert rags[rescheduled.pk] == "amber"
    assert rags[soon_started.pk] == "green"
    assert rags[later.pk] == "green"
    assert rags[done.pk] == ""
    assert rags[overridden.pk] == "red"


def test_an_override_needs_a_reason(next_step, lead):
    with pytest.raises(ValidationError) as error:
        plan_services.record_progress(
            next_step=next_step,
            by=lead,
            status="in_progress",
            text="Going well.",
            rag_override="green",
            seen_version=next_step.version,
        )
    assert "rag_override_reason" in error.value.message_dict


# --------------------------------------------------------------------------------------------
# Milestones and % complete


def test_percent_complete_comes_from_milestones_or_done(theme, lead):
    with_milestones = step_due(theme, days(30))
    for title, done_on in (("Draft", days(-3)), ("Consult", days(-1)), ("Publish", None)):
        plan_services.add_milestone(
            next_step=with_milestones, by=lead, title=title, completed_on=done_on
        )
    plain = step_due(theme, days(30))
    assert planned(with_milestones).percent_complete == 66
    assert planned(plain).percent_complete == 0
    plain.status, plain.completed_on = NextStep.Status.DONE, TODAY
    plain.save()
    assert planned(plain).percent_complete == 100


def test_a_milestone_cannot_be_done_in_the_future(next_step, lead):
    with pytest.raises(ValidationError):
        plan_services.add_milestone(
            next_step=next_step, by=lead, title="Later", completed_on=days(3)
        )
    assert not Milestone.objects.exists()


# --------------------------------------------------------------------------------------------
# Headline figures and their trend


def test_headline_figures_equal_a_count_by_hand(programme, theme, other_theme, lead):
    S = NextStep.Status
    step_due(theme, days(-3), status=S.IN_PROGRESS)  # red, overdue
    step_due(theme, days(5), status=S.PLANNED)  # amber, due soon
    step_due(other_theme, days(60), status=S.IN_PROGRESS)  # green
    step_due(other_theme, days(-40), status=S.DONE, completed_on=days(-50))  # done on time
    step_due(other_theme, days(-40), status=S.DROPPED)  # not counted
    late = step_due(theme, days(-20), status=S.IN_PROGRESS)
    move(late, lead, days(10))
    move(late, lead, days(20))  # rescheduled, 40 days of slip, amber, due soon

    figures = plan.headline_figures(programme)
    assert (figures.actions, figures.done, figures.percent_complete) == (5, 1, 20)
    assert (figures.red, figures.amber, figures.green) == (1, 2, 1)
    assert figures.overdue == 1
    assert (figures.rescheduled, figures.total_slip_days, figures.median_slip_days) == (1, 40, 40)
    assert figures.due_soon == 2
    assert figures.done_late == 0
    by_theme = dict(plan.figures_by_theme(programme))
    assert by_theme[theme].actions == 3
    assert by_theme[other_theme].actions == 2


def _as_if_created(step, when):
    step.history.update(history_date=when)


def test_the_trend_follows_progress_recorded_as_at_an_earlier_date(programme, theme, lead):
    long_ago = timezone.now() - datetime.timedelta(days=90)
    step = step_due(theme, days(120), status=NextStep.Status.IN_PROGRESS)
    _as_if_created(step, long_ago)
    BoardMeetingFactory(programme=programme, date=days(-30))
    BoardMeetingFactory(programme=programme, date=days(-10))

    plan_services.record_progress(
        next_step=step,
        by=lead,
        status="done",
        text="Launched at the practice week.",
        as_at=days(-20),
        seen_version=step.version,
    )

    points = [
        (meeting.date, figures.percent_complete) for meeting, figures in plan.trend(programme)
    ]
    assert points == [(days(-30), 0), (days(-10), 100)]
    note = step.notes.get()
    assert note.as_at == days(-20)
    assert timezone.localtime(note.created_at).date() == TODAY


# --------------------------------------------------------------------------------------------
# The exception report


def test_the_exception_report_lists_red_overdue_rescheduled_and_late_actions(
    programme, theme, lead
):
    S = NextStep.Status
    BoardMeetingFactory(programme=programme, date=days(-7))
    red = step_due(theme, days(100), status=S.SLIPPED, label="Off track")
    overdue = step_due(theme, days(-2), status=S.IN_PROGRESS, label="Overdue")
    moved = step_due(theme, days(60), status=S.IN_PROGRESS, label="Moved")
    move(moved, lead, days(80))
    late = step_due(theme, days(-30), status=S.DONE, completed_on=days(-1), label="Late")
    step_due(theme, days(60), status=S.IN_PROGRESS, label="Fine")

    report = plan.exception_report(programme)
    reasons = {step.label: step.reasons for step in report.rows}
    assert set(reasons) == {red.label, overdue.label, moved.label, late.label}
    assert reasons["Overdue"] == ["Red", "Overdue"]
    assert reasons["Moved"] == ["Rescheduled since the last meeting"]
    assert reasons["Late"] == ["Done late"]
    assert report.since == days(-7)


# --------------------------------------------------------------------------------------------
# Pages


def test_a_lead_changes_a_due_date_with_a_reason(client, theme, lead):
    step = step_due(theme, days(10), owner=lead)
    client.force_login(lead)
    url = reverse("improvement:action-due-date", args=[step.pk])
    new = days(45)
    response = client.post(
        url, {"new_date_0": "", "new_date_1": "", "new_date_2": "", "version": step.version}
    )
    assert response.status_code == 200
    assert "Enter the new due date" in response.text
    assert "Give the reason the due date is changing" in response.text
    response = client.post(
        url,
        {
            "new_date_0": new.day,
            "new_date_1": new.month,
            "new_date_2": new.year,
            "reason": "Recruitment to the post took longer",
            "version": step.version,
        },
        follow=True,
    )
    assert "The due date is changed." in response.text
    assert "moved once" in response.text
    assert "Recruitment to the post took longer" in response.text
    theme_page = client.get(theme.get_absolute_url()).text
    assert f"originally {days(10).strftime('%-d %B %Y')}, moved once" in theme_page


def test_a_stale_due_date_change_is_refused(client, theme, lead, admin_user):
    step = step_due(theme, days(10))
    opened = step.version
    move(step, admin_user, days(20))
    client.force_login(lead)
    new = days(45)
    response = client.post(
        reverse("improvement:action-due-date", args=[step.pk]),
        {
            "new_date_0": new.day,
            "new_date_1": new.month,
            "new_date_2": new.year,
            "reason": "Late",
            "version": opened,
        },
    )
    assert response.status_code == 409
    step.refresh_from_db()
    assert step.due_date == days(20)


def test_note_and_status_are_saved_together(client, next_step, lead):
    client.force_login(lead)
    response = client.post(
        reverse("improvement:action-progress", args=[next_step.pk]),
        {
            "status": "at_risk",
            "text": "The trainer is off sick.",
            "as_at_0": "",
            "as_at_1": "",
            "as_at_2": "",
            "rag_override": "",
            "rag_override_reason": "",
            "version": next_step.version,
        },
        follow=True,
    )
    assert "Progress saved: the action is at risk." in response.text
    next_step.refresh_from_db()
    assert next_step.status == NextStep.Status.AT_RISK
    assert next_step.notes.get().text == "The trainer is off sick."


def test_nothing_is_achieved_in_the_future(client, theme, lead):
    client.force_login(lead)
    tomorrow = days(1)
    response = client.post(
        reverse("improvement:achievement-create", args=[theme.pk]),
        {
            "label": "Future",
            "text": "Not yet.",
            "achieved_on_0": tomorrow.day,
            "achieved_on_1": tomorrow.month,
            "achieved_on_2": tomorrow.year,
            "achieved_precision": "day",
        },
    )
    assert response.status_code == 200
    assert "must be today or in the past" in response.text
    assert not Achievement.objects.exists()


def test_deleting_a_next_step_asks_first_and_is_recorded(client, next_step, lead):
    client.force_login(lead)
    url = reverse("improvement:next-step-delete", args=[next_step.pk])
    page = client.get(url)
    assert "Delete this next step?" in page.text
    assert NextStep.objects.filter(pk=next_step.pk).exists()
    refused = client.post(url, {"version": next_step.version})
    assert "Choose yes or no" in refused.text
    assert NextStep.objects.filter(pk=next_step.pk).exists()
    response = client.post(url, {"version": next_step.version, "confirm": "yes"})
    assert response.status_code == 302
    assert not NextStep.objects.filter(pk=next_step.pk).exists()
    deleted = NextStep.history.filter(id=next_step.pk, history_type="-").get()
    assert deleted.history_user == lead


def test_reopening_a_step_done_by_mistake_removes_its_achievement(client, next_step, lead):
    services.complete_next_step_as_achievement(
        next_step=next_step, by=lead, seen_version=next_step.version
    )
    next_step.refresh_from_db()
    client.force_login(lead)
    url = reverse("improvement:next-step-reopen", args=[next_step.pk])
    assert "is deleted" in client.get(url).text
    client.post(url, {"version": next_step.version, "confirm": "yes"})
    next_step.refresh_from_db()
    assert next_step.status == NextStep.Status.IN_PROGRESS
    assert next_step.completed_on is None
    assert not next_step.achievements.exists()


def test_another_councils_action_is_not_found(client, outsider, next_step):
    client.force_login(outsider)
    for name in ("action-detail", "action-due-date", "action-progress", "next-step-delete"):
        assert client.get(reverse(f"improvement:{name}", args=[next_step.pk])).status_code == 404


def test_next_steps_csv_gives_the_dates_history(client, theme, lead, programme):
    step = step_due(theme, days(10), label="Career progression")
    move(step, lead, days(40), reason="Budget not yet agreed")
    client.force_login(lead)
    response = client.get(reverse("improvement:next-steps-csv", args=[programme.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = next(r for r in rows if r["Label"] == "Career progression")
    assert row["Original due"] == days(10).isoformat()
    assert row["Current due"] == days(40).isoformat()
    assert row["Times moved"] == "1"
    assert row["Slip in days"] == "30"
    assert row["Reason for the latest change"] == "Budget not yet agreed"


def test_exception_report_csv_matches_the_page(client, programme, theme, lead):
    step_due(theme, days(-2), status=NextStep.Status.IN_PROGRESS, label="Overdue thing")
    client.force_login(lead)
    page = client.get(reverse("improvement:exception-report", args=[programme.pk]))
    assert "Overdue thing" in page.text
    response = client.get(reverse("improvement:exception-report-csv", args=[programme.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["Action"], r["Why it is here"]) for r in rows] == [("Overdue thing", "Red; Overdue")]


def test_reminders_link_to_the_action_and_go_only_to_users(theme, lead, mailoutbox):
    lead.email = "sam@example.org"
    lead.save()
    mine = step_due(theme, days(-1), owner=lead, status=NextStep.Status.IN_PROGRESS)
    step_due(theme, days(-1), owner_name="Jo Bloggs", owner_role="Head of Service")
    services.send_reminders(base_url="https://tracker.example")
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert f"https://tracker.example/next-steps/{mine.pk}/" in body
    assert "Record progress" in body
    assert "Jo Bloggs" not in body


# --------------------------------------------------------------------------------------------
# Findings and the actions answering them


def test_a_finding_without_an_action_is_flagged_not_yet_answered(
    client, programme, theme, admin_user
):
    step = step_due(theme, days(30), label="Audit plan")
    client.force_login(admin_user)
    response = client.post(
        reverse("improvement:finding-create", args=[programme.pk]),
        {
            "source": "improvement_notice",
            "source_detail": "Improvement notice, 2024",
            "text": "Strengthen management oversight of casework.",
            "actions": [step.pk],
        },
        follow=True,
    )
    assert "Finding saved." in response.text
    plan_services.add_finding(
        programme=programme, by=admin_user, source="monitoring_visit", text="Visits to children."
    )
    page = client.get(reverse("improvement:findings", args=[programme.pk])).text
    assert "DfE improvement notice requirement: Improvement notice, 2024" in page
    assert "Audit plan" in page
    assert page.count("Not yet answered") == 1
    assert plan.unanswered_count(programme) == 1
    programme_page = client.get(programme.get_absolute_url()).text
    assert "1 not yet answered" in programme_page


def test_the_finding_forms_source_radios_offer_only_real_sources(client, programme, admin_user):
    """GOV.UK radios start with none chosen: no "---------" choice, and none chosen is refused."""
    client.force_login(admin_user)
    url = reverse("improvement:finding-create", args=[programme.pk])
    page = client.get(url).text
    radios = re.findall(r'<input[^>]*name="source"[^>]*>', page)
    assert len(radios) == len(Finding.Source.choices)
    assert not [radio for radio in radios if 'value=""' in radio]
    response = client.post(url, {"text": "Strengthen management oversight of casework."})
    assert "Choose where the finding comes from" in response.text
    assert not programme.findings.exists()


def test_a_finding_cannot_be_answered_by_another_programmes_action(programme, admin_user):
    elsewhere = NextStepFactory(theme=ThemeFactory(programme=ProgrammeFactory()))
    with pytest.raises(ValidationError):
        plan_services.add_finding(
            programme=programme,
            by=admin_user,
            source="self_evaluation",
            text="Audit",
            actions=[elsewhere],
        )


def test_a_council_answering_each_finding_with_one_action_is_warned_of_doubles_and_gaps(
    client, programme, theme, admin_user
):
    first = step_due(theme, days(30), label="Audit plan")
    second = step_due(theme, days(40), label="Supervision plan")
    plan_services.add_finding(
        programme=programme, by=admin_user, source="recommendation", text="Twice answered."
    ).actions.set([first, second])
    plan_services.add_finding(
        programme=programme, by=admin_user, source="recommendation", text="Once answered."
    ).actions.set([first])
    plan_services.add_finding(
        programme=programme, by=admin_user, source="monitoring_visit", text="Never answered."
    )
    client.force_login(admin_user)
    findings_url = reverse("improvement:findings", args=[programme.pk])
    assert "one-action-warning" not in client.get(findings_url).text  # the setting is off

    programme.refresh_from_db()
    response = client.post(
        reverse("improvement:programme-edit", args=[programme.pk]),
        {
            "title": programme.title,
            "start_date_0": programme.start_date.day,
            "start_date_1": programme.start_date.month,
            "start_date_2": programme.start_date.year,
            "status": programme.status,
            "themes_per_meeting": 2,
            "one_action_per_finding": "on",
            "version": programme.version,
        },
        follow=True,
    )
    assert response.status_code == 200
    programme.refresh_from_db()
    assert programme.one_action_per_finding
    for url in (findings_url, programme.get_absolute_url()):
        page = client.get(url).text
        warning = page[page.index('id="one-action-warning"') :]
        twice = warning[warning.index('id="findings-answered-twice"') :]
        twice = twice[: twice.index("</ul>")]
        gaps = warning[warning.index('id="findings-not-answered"') :]
        gaps = gaps[: gaps.index("</ul>")]
        assert "Twice answered. (2 actions)" in " ".join(twice.replace("</a>", "").split())
        assert "Once answered." not in twice + gaps
        assert "Never answered." in gaps
        assert "Twice answered." not in gaps


def test_the_programme_page_shows_percent_complete_and_rag_counted_by_hand(
    client, programme, theme, lead
):
    S = NextStep.Status
    step_due(theme, days(-3), status=S.IN_PROGRESS)  # Red: overdue
    step_due(theme, days(5), status=S.PLANNED)  # Amber: due soon, not started
    step_due(theme, days(60), status=S.IN_PROGRESS)  # Green
    step_due(theme, days(-40), status=S.DONE, completed_on=days(-50))  # done
    step_due(theme, days(-40), status=S.DROPPED)  # not counted
    client.force_login(lead)
    page = " ".join(client.get(programme.get_absolute_url()).text.split())
    assert "<strong>25%</strong> of actions complete" in page  # 1 done of 4
    by_rag = page[page.index('id="plan-by-rag"') :]
    by_rag = by_rag[: by_rag.index("</dd>")]
    assert "Red</strong> 1" in by_rag
    assert "Amber</strong> 1" in by_rag
    assert "Green</strong> 1" in by_rag


# --------------------------------------------------------------------------------------------
# Queries do not grow (last in the module: the worlds they share are there until its end)


def _plan_world(local_authority, lead, n):
    programme = ProgrammeFactory(local_authority=local_authority, start_date=days(-400))
    BoardMeetingFactory(programme=programme, date=days(-30))
    BoardMeetingFactory(programme=programme, date=days(-10))
    first = None
    for i in range(n):
        theme = ThemeFactory(programme=programme, leads=[lead])
        AchievementFactory(theme=theme)
        step = step_due(theme, days(i - 5), owner=lead, status=NextStep.Status.IN_PROGRESS)
        move(step, lead, days(i + 20))
        plan_services.add_milestone(next_step=step, by=lead, title="First", completed_on=TODAY)
        step.refresh_from_db()
        plan_services.record_progress(
            next_step=step, by=lead, status="at_risk", text="Note", seen_version=step.version
        )
        first = first or (theme, step)
    return programme, first


SIZES = [1, 12]


@pytest.fixture(scope="module")
def plan_worlds(django_db_setup, django_db_blocker):
    """For each size, a council of its own with a lead, an administrator and a programme of
    that many themes: built once for the module and rolled back after it (what a test adds,
    such as findings, is rolled back after the test)."""

    def build(n):
        council = factories.LocalAuthorityFactory()
        lead = factories.improvement_lead(username=f"lead-{n}", local_authority=council)
        admin = factories.administrator(username=f"admin-{n}", local_authority=council)
        return (lead, admin, *_plan_world(council, lead, n))

    yield from module_scoped_sizes(django_db_blocker, SIZES, build)


@pytest.mark.parametrize("n", SIZES)
def test_action_plan_pages_take_a_fixed_number_of_queries(
    db, client, plan_worlds, django_assert_max_num_queries, n
):
    lead, _, programme, (theme, step) = plan_worlds[n]
    client.force_login(lead)
    pages = {
        reverse("improvement:programme-detail", args=[programme.pk]): 40,
        theme.get_absolute_url(): 45,
        reverse("improvement:action-detail", args=[step.pk]): 20,
        reverse("improvement:exception-report", args=[programme.pk]): 16,
        reverse("improvement:exception-report-csv", args=[programme.pk]): 14,
        reverse("improvement:next-steps-csv", args=[programme.pk]): 12,
    }
    for url, limit in pages.items():
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("n", SIZES)
def test_findings_page_takes_a_fixed_number_of_queries(
    db, client, plan_worlds, django_assert_max_num_queries, n
):
    lead, admin_user, programme, _ = plan_worlds[n]
    steps = list(NextStep.objects.filter(theme__programme=programme))
    for i in range(n):
        plan_services.add_finding(
            programme=programme, by=admin_user, source="recommendation", text=f"F{i}", actions=steps
        )
    client.force_login(lead)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("improvement:findings", args=[programme.pk])).status_code == 200


@pytest.mark.parametrize("n", SIZES)
def test_one_action_warning_takes_a_fixed_number_of_queries(
    db, client, plan_worlds, django_assert_max_num_queries, n
):
    lead, admin_user, shared, _ = plan_worlds[n]
    programme = type(shared).objects.get(pk=shared.pk)  # changed here, not in the shared one
    programme.one_action_per_finding = True
    programme.save()
    steps = list(NextStep.objects.filter(theme__programme=programme))
    for i in range(n):
        plan_services.add_finding(
            programme=programme, by=admin_user, source="recommendation", text=f"F{i}", actions=steps
        )
        plan_services.add_finding(
            programme=programme, by=admin_user, source="self_evaluation", text=f"G{i}"
        )
    client.force_login(lead)
    with django_assert_max_num_queries(11):
        page = client.get(reverse("improvement:findings", args=[programme.pk]))
    assert 'id="findings-not-answered"' in page.text
