import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from improvement.models import ReminderLog
from tests.improvement.factories import NextStepFactory, ThemeFactory


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_send_reminders_emails_owners_once_a_day(programme, lead):
    theme = ThemeFactory(programme=programme, leads=[lead])
    NextStepFactory(theme=theme, owner=lead, label="Launch", due_date=datetime.date(2030, 1, 10))
    NextStepFactory(theme=theme, owner=lead, label="Later", due_date=datetime.date(2030, 3, 1))
    output = run("send_reminders", "--date", "2030-01-01", "--base-url", "https://t.example")
    assert "1 reminder sent." in output
    [message] = mail.outbox
    assert message.to == [lead.email]
    assert "Launch" in message.body
    assert "due 10 January 2030" in message.body
    assert "Later" not in message.body
    assert "0 reminders sent." in run("send_reminders", "--date", "2030-01-01")
    assert len(mail.outbox) == 1
    assert ReminderLog.objects.get().item_count == 1


def test_send_reminders_rejects_a_bad_date():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("send_reminders", "--date", "tomorrow")


def test_build_board_rota_command(programme):
    for order in range(1, 4):
        ThemeFactory(programme=programme, order=order, title=f"Theme {order}")
    output = run("build_board_rota", str(programme.pk), "--start", "2030-01-07")
    assert "07 January 2030: Theme 1; Theme 2" in output
    assert "18 February 2030: Theme 3; Theme 1" in output
    assert programme.board_meetings.count() == 2


def test_build_board_rota_command_reports_problems(programme):
    with pytest.raises(CommandError, match="Add the programme's themes"):
        run("build_board_rota", str(programme.pk), "--start", "2030-01-07")
    with pytest.raises(CommandError, match="No programme"):
        run("build_board_rota", "999999", "--start", "2030-01-07")
