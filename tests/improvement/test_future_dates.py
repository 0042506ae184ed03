"""Nothing is achieved or completed in the future: the form says so on the date, keeps what
was typed, and nothing already saved changes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from improvement import services
from improvement.models import Achievement, NextStep

MESSAGE = "The date it was achieved must be today or in the past."


def date_parts(name, value):
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}


def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


def test_an_achievement_dated_tomorrow_is_refused_on_the_form(client, theme, lead):
    client.force_login(lead)
    response = client.post(
        reverse("improvement:achievement-create", args=[theme.pk]),
        {
            "label": "The Cocoon",
            "text": "Opened its doors.",
            **date_parts("achieved_on", tomorrow()),
            "achieved_precision": "day",
        },
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert MESSAGE in response.text
    assert 'value="The Cocoon"' in response.text  # what was typed stays in the form
    assert not Achievement.objects.exists()


def test_an_achievement_dated_today_is_saved(client, theme, lead):
    client.force_login(lead)
    client.post(
        reverse("improvement:achievement-create", args=[theme.pk]),
        {
            "label": "The Cocoon",
            "text": "Opened its doors.",
            **date_parts("achieved_on", timezone.localdate()),
            "achieved_precision": "day",
        },
    )
    assert Achievement.objects.get().achieved_on == timezone.localdate()


def test_moving_a_saved_achievement_into_the_future_changes_nothing(client, achievement, lead):
    client.force_login(lead)
    response = client.post(
        reverse("improvement:achievement-edit", args=[achievement.pk]),
        {
            "label": "Renamed",
            "text": achievement.text,
            **date_parts("achieved_on", tomorrow()),
            "achieved_precision": "day",
            "order": achievement.order,
            "version": achievement.version,
        },
    )
    assert MESSAGE in response.text
    achievement.refresh_from_db()
    assert (achievement.label, achievement.achieved_on, achievement.version) == (
        "Template",
        None,
        1,
    )


def test_a_next_step_cannot_be_done_as_an_achievement_tomorrow(client, next_step, lead):
    client.force_login(lead)
    response = client.post(
        reverse("improvement:next-step-complete", args=[next_step.pk]),
        {
            "label": next_step.label,
            "text": "Written before the date was checked.",
            **date_parts("achieved_on", tomorrow()),
            "version": next_step.version,
        },
    )
    assert response.status_code == 200
    assert MESSAGE in response.text
    assert "Written before the date was checked." in response.text
    next_step.refresh_from_db()
    assert (next_step.status, next_step.completed_on) == (NextStep.Status.PLANNED, None)
    assert not Achievement.objects.exists()


def test_the_services_refuse_future_achievements_and_completions(theme, next_step, lead):
    with pytest.raises(ValidationError) as refused:
        services.add_achievement(
            theme=theme, by=lead, label="Early", text="Too early", achieved_on=tomorrow()
        )
    assert MESSAGE in refused.value.message_dict["achieved_on"]
    with pytest.raises(ValidationError) as refused:
        services.complete_next_step_as_achievement(
            next_step=next_step, by=lead, seen_version=None, achieved_on=tomorrow()
        )
    assert "completed_on" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.update_next_step(
            next_step=next_step,
            by=lead,
            changes={"status": "done", "completed_on": tomorrow()},
            seen_version=None,
        )
    next_step.refresh_from_db()
    assert (next_step.status, next_step.completed_on) == (NextStep.Status.PLANNED, None)
    assert not Achievement.objects.exists()
