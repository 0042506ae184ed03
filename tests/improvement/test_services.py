import datetime
from collections import Counter

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from improvement import services
from improvement.models import Achievement, BoardMeeting, NextStep, ProgressUpdate, RagChange
from improvement.services import StaleEdit
from tests import factories
from tests.improvement.factories import NextStepFactory, ProgrammeFactory, ThemeFactory

TODAY = datetime.date(2019, 11, 26)


def test_change_rag_records_who_when_and_why(theme, lead):
    services.change_rag(
        theme=theme, by=lead, status="red", reason="Audits show drift", seen_version=theme.version
    )
    theme.refresh_from_db()
    assert theme.rag_status == "red"
    change = RagChange.objects.get(theme=theme)
    assert (change.from_status, change.to_status, change.reason, change.changed_by) == (
        "amber",
        "red",
        "Audits show drift",
        lead,
    )
    assert theme.history.first().history_user == lead


def test_change_rag_without_a_reason_changes_nothing(theme, lead):
    with pytest.raises(ValidationError):
        services.change_rag(
            theme=theme, by=lead, status="red", reason="   ", seen_version=theme.version
        )
    theme.refresh_from_db()
    assert theme.rag_status == "amber"
    assert not RagChange.objects.exists()


def test_stale_rag_change_is_refused_naming_who_changed_it(theme, lead, other_lead):
    opened = theme.version
    services.update_theme(theme=theme, by=other_lead, changes={"aim": "New"}, seen_version=opened)
    with pytest.raises(StaleEdit) as stale:
        services.change_rag(theme=theme, by=lead, status="green", reason="x", seen_version=opened)
    assert stale.value.changed_by == other_lead
    assert f"changed by {other_lead}" in stale.value.message
    assert stale.value.current.aim == "New"
    theme.refresh_from_db()
    assert theme.rag_status == "amber"


def test_progress_updates_are_appended_with_the_current_rag(theme, lead):
    first = services.add_progress_update(theme=theme, by=lead, text="First")
    second = services.add_progress_update(theme=theme, by=lead, text="Second")
    assert list(ProgressUpdate.objects.filter(theme=theme)) == [second, first]
    assert first.rag_status == "amber"
    assert first.author == lead


def test_an_empty_progress_update_is_refused(theme, lead):
    with pytest.raises(ValidationError):
        services.add_progress_update(theme=theme, by=lead, text="  ")
    assert not ProgressUpdate.objects.exists()


def test_completing_a_next_step_makes_it_an_achievement_linked_back(next_step, lead):
    achievement = services.complete_next_step_as_achievement(
        next_step=next_step, by=lead, seen_version=next_step.version, achieved_on=TODAY
    )
    next_step.refresh_from_db()
    assert next_step.status == NextStep.Status.DONE
    assert next_step.completed_on == TODAY
    assert achievement.from_next_step == next_step
    assert (achievement.label, achievement.text) == (next_step.label, next_step.text)
    assert achievement.achieved_on == TODAY
    with pytest.raises(ValidationError, match="already become an achievement"):
        services.complete_next_step_as_achievement(
            next_step=next_step, by=lead, seen_version=next_step.version
        )
    assert Achievement.objects.filter(from_next_step=next_step).count() == 1


def test_completing_a_stale_next_step_is_refused(next_step, lead, other_lead):
    opened = next_step.version
    services.update_next_step(
        next_step=next_step, by=other_lead, changes={"text": "Changed"}, seen_version=opened
    )
    with pytest.raises(StaleEdit):
        services.complete_next_step_as_achievement(
            next_step=next_step, by=lead, seen_version=opened
        )
    assert not Achievement.objects.exists()


def test_update_next_step_stamps_and_clears_completion(next_step, lead):
    step = services.update_next_step(
        next_step=next_step, by=lead, changes={"status": "done"}, seen_version=next_step.version
    )
    assert step.completed_on is not None
    step = services.update_next_step(
        next_step=step, by=lead, changes={"status": "slipped"}, seen_version=step.version
    )
    assert step.completed_on is None


def test_rota_brings_every_theme_round_in_turn_two_a_meeting(programme, admin_user):
    themes = [ThemeFactory(programme=programme, order=i) for i in range(1, 8)]
    meetings = services.build_board_rota(
        programme=programme, by=admin_user, start=datetime.date(2020, 1, 7), every_n_weeks=6
    )
    assert [m.date for m in meetings] == [
        datetime.date(2020, 1, 7),
        datetime.date(2020, 2, 18),
        datetime.date(2020, 3, 31),
        datetime.date(2020, 5, 12),
    ]
    agendas = [[t.pk for t in m.themes.order_by("agenda_items__order")] for m in meetings]
    assert all(len(agenda) == 2 for agenda in agendas)
    flat = [pk for agenda in agendas for pk in agenda]
    assert flat[:7] == [t.pk for t in themes]
    assert flat[7] == themes[0].pk
    counts = Counter(flat)
    assert max(counts.values()) - min(counts.values()) <= 1


def test_rota_is_fair_over_several_cycles_and_carries_on(programme, admin_user):
    themes = [ThemeFactory(programme=programme, order=i) for i in range(1, 6)]
    services.build_board_rota(
        programme=programme, by=admin_user, dates=[datetime.date(2020, 1, d) for d in (6, 13)]
    )
    services.build_board_rota(
        programme=programme,
        by=admin_user,
        start=datetime.date(2020, 2, 3),
        every_n_weeks=2,
        count=8,
    )
    flat = [
        item.theme_id
        for meeting in BoardMeeting.objects.filter(programme=programme).order_by("date")
        for item in meeting.agenda_items.all()
    ]
    assert flat[:5] == [t.pk for t in themes]
    assert flat[4:6] == [themes[4].pk, themes[0].pk]
    counts = Counter(flat)
    assert set(counts) == {t.pk for t in themes}
    assert max(counts.values()) - min(counts.values()) <= 1


def test_rebuilding_the_rota_keeps_meeting_notes(programme, admin_user):
    ThemeFactory.create_batch(3, programme=programme)
    [meeting] = services.build_board_rota(
        programme=programme, by=admin_user, dates=[datetime.date(2020, 1, 6)]
    )
    meeting.notes = "Minutes agreed"
    meeting.save()
    services.build_board_rota(programme=programme, by=admin_user, dates=[datetime.date(2020, 1, 6)])
    meeting.refresh_from_db()
    assert meeting.notes == "Minutes agreed"
    assert meeting.agenda_items.count() == 2


def test_rota_without_themes_is_refused(programme, admin_user):
    with pytest.raises(ValidationError, match="Add the programme's themes"):
        services.build_board_rota(
            programme=programme, by=admin_user, dates=[datetime.date(2020, 1, 6)]
        )


# ------------------------------------------------------------------------------------------
# Reminders


@pytest.fixture
def reminder_items(programme, lead, other_lead):
    theme = ThemeFactory(programme=programme, leads=[lead])
    items = {
        "overdue": NextStepFactory(
            theme=theme, owner=lead, label="Overdue one", due_date=TODAY - datetime.timedelta(1)
        ),
        "soon": NextStepFactory(
            theme=theme, owner=lead, label="Due soon", due_date=TODAY + datetime.timedelta(14)
        ),
        "later": NextStepFactory(
            theme=theme, owner=lead, label="Not yet", due_date=TODAY + datetime.timedelta(15)
        ),
        "done": NextStepFactory(
            theme=theme,
            owner=lead,
            label="Finished",
            due_date=TODAY - datetime.timedelta(5),
            status=NextStep.Status.DONE,
        ),
        "other": NextStepFactory(
            theme=theme, owner=other_lead, label="Theirs", due_date=TODAY + datetime.timedelta(2)
        ),
    }
    return items


def test_reminders_email_each_owner_their_due_and_overdue_items(reminder_items, lead, other_lead):
    sent = services.send_reminders(today=TODAY, base_url="https://tracker.example")
    assert {log.owner for log in sent} == {lead, other_lead}
    by_recipient = {message.to[0]: message for message in mail.outbox}
    mine = by_recipient[lead.email]
    assert "Overdue one" in mine.body
    assert "OVERDUE" in mine.body
    assert "Due soon" in mine.body
    assert "Not yet" not in mine.body
    assert "Finished" not in mine.body
    assert "Theirs" not in mine.body
    assert "https://tracker.example/next-steps/" in mine.body
    assert "Theirs" in by_recipient[other_lead.email].body


def test_reminders_are_sent_at_most_once_a_day(reminder_items):
    assert len(services.send_reminders(today=TODAY)) == 2
    assert services.send_reminders(today=TODAY) == []
    assert len(mail.outbox) == 2
    assert len(services.send_reminders(today=TODAY + datetime.timedelta(1))) == 2
    assert len(mail.outbox) == 4


def test_reminders_skip_owners_without_email_and_closed_programmes(local_authority):
    silent = factories.improvement_lead(
        username="silent", email="", local_authority=local_authority
    )
    NextStepFactory(
        theme=ThemeFactory(programme=ProgrammeFactory(local_authority=local_authority)),
        owner=silent,
        due_date=TODAY,
    )
    closed = ProgrammeFactory(local_authority=local_authority, status="closed")
    owner = factories.improvement_lead(username="owner", local_authority=local_authority)
    NextStepFactory(theme=ThemeFactory(programme=closed), owner=owner, due_date=TODAY)
    assert services.send_reminders(today=TODAY) == []
    assert mail.outbox == []
