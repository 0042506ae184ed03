"""Writes to improvement programmes. Keyword-only, atomic; edits of records people change in
forms lock the row and refuse a stale version (`StaleEdit`) so nobody overwrites anyone."""

import datetime
import math
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection, send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as format_date

from improvement.models import (
    Achievement,
    BoardMeeting,
    BoardMeetingTheme,
    EvidenceItem,
    NextStep,
    Programme,
    ProgressUpdate,
    RagChange,
    RagStatus,
    ReminderLog,
    Theme,
)

REMINDER_DAYS = 14


class StaleEdit(Exception):
    """Someone saved the record after the editor opened it. Carries the saved version."""

    def __init__(self, current, changed_by=None, changed_at=None):
        self.current = current
        self.changed_by = changed_by
        self.changed_at = changed_at
        super().__init__(self.message)

    @property
    def message(self):
        who = str(self.changed_by) if self.changed_by else "someone else"
        if self.changed_at:
            when = format_date(timezone.localtime(self.changed_at), "j F Y \\a\\t H:i")
            return f"This was changed by {who} at {when} since you opened it."
        return f"This was changed by {who} since you opened it."


def _last_change(instance):
    record = instance.history.select_related("history_user").order_by("-history_date").first()
    if record is None:
        return None, getattr(instance, "updated_at", None)
    return record.history_user, record.history_date


def _lock(instance, seen_version):
    """The row locked for update; StaleEdit if its version moved on since `seen_version`."""
    current = type(instance).objects.select_for_update().get(pk=instance.pk)
    if seen_version is not None and current.version != seen_version:
        who, when = _last_change(current)
        raise StaleEdit(current, changed_by=who, changed_at=when)
    return current


def _save(instance, by, *, m2m: dict | None = None):
    instance._history_user = by
    instance.full_clean()
    instance.save()
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)
    return instance


def _apply(*, instance, by, changes: dict, seen_version: int | None, m2m: dict | None = None):
    current = _lock(instance, seen_version)
    for field, value in changes.items():
        setattr(current, field, value)
    current.version += 1
    return _save(current, by, m2m=m2m)


def _next_order(queryset) -> int:
    return (queryset.aggregate(top=models.Max("order"))["top"] or 0) + 1


# --------------------------------------------------------------------------------------------
# Programmes and themes


@transaction.atomic
def create_programme(*, by, local_authority, inspections: Iterable = (), **fields) -> Programme:
    programme = Programme(local_authority=local_authority, **fields)
    return _save(programme, by, m2m={"inspections": list(inspections)})


@transaction.atomic
def update_programme(
    *, programme: Programme, by, changes: dict, seen_version: int | None, inspections=None
) -> Programme:
    m2m = {"inspections": list(inspections)} if inspections is not None else None
    return _apply(instance=programme, by=by, changes=changes, seen_version=seen_version, m2m=m2m)


@transaction.atomic
def create_theme(
    *, programme: Programme, by, leads: Iterable = (), recommendations: Iterable = (), **fields
) -> Theme:
    fields.setdefault("order", _next_order(programme.themes.all()))
    theme = Theme(programme=programme, **fields)
    return _save(theme, by, m2m={"leads": list(leads), "recommendations": list(recommendations)})


@transaction.atomic
def update_theme(
    *,
    theme: Theme,
    by,
    changes: dict,
    seen_version: int | None,
    leads=None,
    recommendations=None,
) -> Theme:
    """Save changes to a theme's own fields (not its RAG status: see `change_rag`)."""
    if "rag_status" in changes:
        raise ValueError("Change a theme's RAG status with change_rag, which records a reason.")
    m2m = {}
    if leads is not None:
        m2m["leads"] = list(leads)
    if recommendations is not None:
        m2m["recommendations"] = list(recommendations)
    return _apply(instance=theme, by=by, changes=changes, seen_version=seen_version, m2m=m2m)


@transaction.atomic
def change_rag(*, theme: Theme, by, status: str, reason: str, seen_version: int | None) -> Theme:
    """Change a theme's RAG status, recording who, when and why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give a short reason for the change of RAG status."})
    if status not in RagStatus.values:
        raise ValidationError({"status": "Choose a RAG status."})
    current = _lock(theme, seen_version)
    if current.rag_status == status:
        raise ValidationError(
            {"status": f"The theme is already {RagStatus(status).label}: choose another status."}
        )
    change = RagChange(
        theme=current,
        from_status=current.rag_status,
        to_status=status,
        reason=reason,
        changed_by=by,
    )
    current.rag_status = status
    current.version += 1
    _save(current, by)
    _save(change, by)
    return current


@transaction.atomic
def add_progress_update(*, theme: Theme, by, text: str) -> ProgressUpdate:
    """Append a dated update to the theme's log, stamped with its current RAG status."""
    current = Theme.objects.select_for_update().get(pk=theme.pk)
    update = ProgressUpdate(theme=current, author=by, text=(text or "").strip())
    update.rag_status = current.rag_status
    if not update.text:
        raise ValidationError({"text": "Write the update."})
    return _save(update, by)


# --------------------------------------------------------------------------------------------
# Achievements and next steps


@transaction.atomic
def add_achievement(*, theme: Theme, by, **fields) -> Achievement:
    fields.setdefault("order", _next_order(theme.achievements.all()))
    return _save(Achievement(theme=theme, **fields), by)


@transaction.atomic
def update_achievement(
    *, achievement: Achievement, by, changes: dict, seen_version: int | None
) -> Achievement:
    return _apply(instance=achievement, by=by, changes=changes, seen_version=seen_version)


@transaction.atomic
def add_next_step(*, theme: Theme, by, **fields) -> NextStep:
    fields.setdefault("order", _next_order(theme.next_steps.all()))
    return _save(NextStep(theme=theme, **fields), by)


@transaction.atomic
def update_next_step(
    *, next_step: NextStep, by, changes: dict, seen_version: int | None
) -> NextStep:
    changes = dict(changes)
    status = changes.get("status", next_step.status)
    if status == NextStep.Status.DONE and not changes.get("completed_on"):
        changes["completed_on"] = next_step.completed_on or timezone.localdate()
    elif status != NextStep.Status.DONE:
        changes["completed_on"] = None
    return _apply(instance=next_step, by=by, changes=changes, seen_version=seen_version)


@transaction.atomic
def complete_next_step_as_achievement(
    *,
    next_step: NextStep,
    by,
    seen_version: int | None,
    achieved_on: datetime.date | None = None,
    label: str | None = None,
    text: str | None = None,
    evidence_link: str = "",
    evidence: EvidenceItem | None = None,
) -> Achievement:
    """Mark the next step done and record it as an achievement that links back to it."""
    current = _lock(next_step, seen_version)
    if current.achievements.exists():
        raise ValidationError("This next step has already become an achievement.")
    if current.status == NextStep.Status.DROPPED:
        raise ValidationError("A dropped next step cannot become an achievement.")
    on = achieved_on or timezone.localdate()
    current.status = NextStep.Status.DONE
    current.completed_on = on
    current.version += 1
    _save(current, by)
    theme = current.theme
    achievement = Achievement(
        theme=theme,
        label=label or current.label,
        text=text or current.text,
        achieved_on=on,
        evidence_link=evidence_link,
        evidence=evidence,
        from_next_step=current,
        order=_next_order(theme.achievements.all()),
    )
    return _save(achievement, by)


# --------------------------------------------------------------------------------------------
# Evidence


@transaction.atomic
def add_evidence(*, programme: Programme, by, themes: Iterable = (), **fields) -> EvidenceItem:
    fields.setdefault("order", _next_order(programme.evidence_items.all()))
    return _save(EvidenceItem(programme=programme, **fields), by, m2m={"themes": list(themes)})


@transaction.atomic
def update_evidence(
    *, evidence: EvidenceItem, by, changes: dict, seen_version: int | None, themes=None
) -> EvidenceItem:
    m2m = {"themes": list(themes)} if themes is not None else None
    return _apply(instance=evidence, by=by, changes=changes, seen_version=seen_version, m2m=m2m)


# --------------------------------------------------------------------------------------------
# The board rota


def rota_dates(*, start: datetime.date, every_n_weeks: int, count: int) -> list[datetime.date]:
    if every_n_weeks < 1 or count < 1:
        raise ValidationError("Meetings must be at least a week apart, and at least one.")
    return [start + datetime.timedelta(weeks=every_n_weeks * i) for i in range(count)]


def meetings_for_full_cycle(programme: Programme) -> int:
    """How many meetings it takes for every theme to come round once."""
    themes = _rota_themes(programme)
    per_meeting = min(programme.themes_per_meeting, len(themes)) or 1
    return max(1, math.ceil(len(themes) / per_meeting))


def _rota_themes(programme: Programme) -> list[Theme]:
    themes = list(programme.themes.order_by("order", "pk"))
    still_running = [t for t in themes if t.rag_status != RagStatus.COMPLETE]
    return still_running or themes


@transaction.atomic
def build_board_rota(
    *,
    programme: Programme,
    by,
    dates: Sequence[datetime.date] | None = None,
    start: datetime.date | None = None,
    every_n_weeks: int | None = None,
    count: int | None = None,
) -> list[BoardMeeting]:
    """Put `programme.themes_per_meeting` themes on each meeting's agenda so every theme comes
    round in turn, continuing from the last theme reviewed before the first date. Give `dates`,
    or `start` with `every_n_weeks` (and optionally `count`, by default one full cycle).
    Meetings already on those dates keep their notes and get the new agenda."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if dates is None:
        if start is None or not every_n_weeks:
            raise ValidationError("Give the dates, or a first date and the weeks between.")
        dates = rota_dates(
            start=start,
            every_n_weeks=every_n_weeks,
            count=count or meetings_for_full_cycle(programme),
        )
    dates = sorted(set(dates))
    if not dates:
        raise ValidationError("Give at least one meeting date.")
    themes = _rota_themes(programme)
    if not themes:
        raise ValidationError("Add the programme's themes before building the board rota.")
    per_meeting = min(programme.themes_per_meeting, len(themes))

    position = 0
    last_item = (
        BoardMeetingTheme.objects.filter(meeting__programme=programme, meeting__date__lt=dates[0])
        .order_by("-meeting__date", "-order", "-pk")
        .first()
    )
    if last_item is not None:
        ids = [t.pk for t in themes]
        if last_item.theme_id in ids:
            position = ids.index(last_item.theme_id) + 1

    meetings = []
    for date in dates:
        meeting = BoardMeeting.objects.filter(programme=programme, date=date).first()
        if meeting is None:
            meeting = _save(BoardMeeting(programme=programme, date=date), by)
        else:
            meeting.agenda_items.all().delete()
            meeting.version += 1
            _save(meeting, by)
        for order in range(1, per_meeting + 1):
            theme = themes[position % len(themes)]
            _save(BoardMeetingTheme(meeting=meeting, theme=theme, order=order), by)
            position += 1
        meetings.append(meeting)
    return meetings


@transaction.atomic
def update_meeting(
    *, meeting: BoardMeeting, by, changes: dict, seen_version: int | None, themes=None
) -> BoardMeeting:
    meeting = _apply(instance=meeting, by=by, changes=changes, seen_version=seen_version)
    if themes is not None:
        meeting.agenda_items.all().delete()
        for order, theme in enumerate(themes, start=1):
            _save(BoardMeetingTheme(meeting=meeting, theme=theme, order=order), by)
    return meeting


# --------------------------------------------------------------------------------------------
# Reminders


def send_reminders(
    *, today: datetime.date | None = None, base_url: str = "", days: int = REMINDER_DAYS
) -> list[ReminderLog]:
    """Email each next-step owner their open items overdue or due within `days` days, at most
    once a day per owner. Returns the reminders sent."""
    on = today or timezone.localdate()
    items = (
        NextStep.objects.needing_reminder(days=days, today=on)
        .filter(
            owner__isnull=False,
            owner__is_active=True,
            theme__programme__status=Programme.Status.ACTIVE,
        )
        .exclude(owner__email="")
        .exclude(owner__improvement_reminders__sent_on=on)
        .with_theme()
        .by_due_date()
    )
    by_owner: dict = {}
    for item in items:
        by_owner.setdefault(item.owner, []).append(item)

    sent = []
    connection = get_connection()
    for owner, owner_items in by_owner.items():
        with transaction.atomic():
            log, created = ReminderLog.objects.get_or_create(
                owner=owner, sent_on=on, defaults={"item_count": len(owner_items)}
            )
            if not created:
                continue
            overdue = [item for item in owner_items if item.is_overdue(on)]
            context = {
                "owner": owner,
                "items": [(item, item.is_overdue(on)) for item in owner_items],
                "overdue_count": len(overdue),
                "days": days,
                "base_url": base_url.rstrip("/"),
                "today": on,
            }
            subject = (
                f"{len(owner_items)} improvement next step{'s' if len(owner_items) != 1 else ''}"
                f" due or overdue"
            )
            send_mail(
                subject,
                render_to_string("improvement/email/reminder.txt", context),
                settings.DEFAULT_FROM_EMAIL,
                [owner.email],
                connection=connection,
            )
            sent.append(log)
    return sent
