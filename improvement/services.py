"""Writes to improvement programmes. Keyword-only, atomic, each naming the fields it may set.

Edits of records people change in forms go through `core.editing.model_update`: it locks the
row and refuses a stale version (`StaleEdit`), so nobody overwrites anyone. Every write bumps
the council's data version (`core.versioning.bump_council`) in the same transaction, so pages
cached by that version show the change at once.
"""

import datetime
import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import timezone

from core.editing import StaleEdit, lock_current, model_update, next_order, save_with_history
from core.versioning import bump_council
from improvement.models import (
    Achievement,
    BoardMeeting,
    BoardMeetingTheme,
    DatePrecision,
    EvidenceItem,
    NextStep,
    Programme,
    ProgressUpdate,
    RagChange,
    RagStatus,
    ReminderLog,
    Theme,
)

__all__ = ["StaleEdit"]  # re-exported: the error every edit service raises

REMINDER_DAYS = 14

# The fields each edit form may change (`model_update` ignores any other key); the forms show
# these.
PROGRAMME_FIELDS = (
    "title",
    "summary",
    "start_date",
    "end_date",
    "status",
    "governance_board",
    "reports_to",
    "themes_per_meeting",
    "due_date_changes_need_approval",
    "one_action_per_finding",
)
THEME_FIELDS = ("title", "aim_heading", "aim", "order", "pid_file", "pid_link")
ACHIEVEMENT_FIELDS = (
    "label",
    "text",
    "achieved_on",
    "achieved_precision",
    "evidence_link",
    "evidence",
    "order",
)
NEXT_STEP_FIELDS = (
    "label",
    "text",
    "owner",
    "owner_name",
    "owner_role",
    "due_date",
    "due_precision",
    "status",
    "order",
)
EVIDENCE_FIELDS = (
    "kind",
    "title",
    "date",
    "summary",
    "measure_label",
    "measure_value",
    "link",
    "finding",
)
MEETING_FIELDS = ("date", "notes")


def _council_of(programme: Programme) -> int:
    return programme.local_authority_id


# --------------------------------------------------------------------------------------------
# Programmes and themes


@transaction.atomic
def create_programme(
    *,
    by,
    local_authority,
    title: str,
    start_date: datetime.date,
    summary: str = "",
    end_date: datetime.date | None = None,
    status: str = Programme.Status.ACTIVE,
    governance_board: str = "",
    reports_to: Sequence[str] = (),
    themes_per_meeting: int = 2,
    inspections: Iterable = (),
) -> Programme:
    programme = Programme(
        local_authority=local_authority,
        title=title,
        start_date=start_date,
        summary=summary,
        end_date=end_date,
        status=status,
        governance_board=governance_board,
        reports_to=list(reports_to),
        themes_per_meeting=themes_per_meeting,
    )
    save_with_history(programme, by=by, m2m={"inspections": inspections})
    bump_council(local_authority)
    return programme


@transaction.atomic
def update_programme(
    *,
    programme: Programme,
    by,
    changes: Mapping,
    seen_version: int | None,
    inspections: Iterable | None = None,
) -> Programme:
    m2m = {"inspections": inspections} if inspections is not None else None
    programme = model_update(
        instance=programme,
        fields=PROGRAMME_FIELDS,
        data=changes,
        by=by,
        seen_version=seen_version,
        m2m=m2m,
    )
    bump_council(_council_of(programme))
    return programme


# --------------------------------------------------------------------------------------------
# Uploaded documents: a quota per council, and a replaced file deleted


def _size(size: int) -> str:
    return filesizeformat(size).replace("\xa0", " ")


def council_document_bytes(local_authority_id: int, *, excluding: Theme | None = None) -> int:
    """Bytes taken by the council's stored documents, leaving out `excluding`'s (the one an
    upload would replace). A file missing from storage counts as nothing."""
    themes = Theme.objects.filter(programme__local_authority_id=local_authority_id).exclude(
        pid_file=""
    )
    if excluding is not None and excluding.pk:
        themes = themes.exclude(pk=excluding.pk)
    storage = Theme._meta.get_field("pid_file").storage
    used = 0
    for name in themes.values_list("pid_file", flat=True):
        try:
            used += storage.size(name)
        except OSError:
            continue
    return used


def check_document_quota(*, local_authority_id: int, upload, replacing: Theme | None) -> None:
    """Refuse an upload that would take the council's documents past
    UPLOAD_QUOTA_BYTES_PER_COUNCIL, saying how much is used and allowed."""
    if not upload or getattr(upload, "_committed", False):
        return  # no new file: nothing is added
    allowed = settings.UPLOAD_QUOTA_BYTES_PER_COUNCIL
    used = council_document_bytes(local_authority_id, excluding=replacing)
    if used + upload.size > allowed:
        raise ValidationError(
            {
                "pid_file": (
                    f"Your council's documents already use {_size(used)} of the "
                    f"{_size(allowed)} allowed, so this file of {_size(upload.size)} cannot "
                    "be added. Replace a document with a smaller one, or ask your platform "
                    "administrator to raise the limit."
                )
            }
        )


def _delete_after_commit(name: str) -> None:
    """Delete a replaced file once the change that replaced it is saved (not if it is undone)."""
    storage = Theme._meta.get_field("pid_file").storage
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def create_theme(
    *,
    programme: Programme,
    by,
    title: str,
    aim_heading: str = "",
    aim: str = "",
    order: int | None = None,
    pid_file=None,
    pid_link: str = "",
    leads: Iterable = (),
    recommendations: Iterable = (),
) -> Theme:
    check_document_quota(local_authority_id=_council_of(programme), upload=pid_file, replacing=None)
    theme = Theme(
        programme=programme,
        title=title,
        aim_heading=aim_heading,
        aim=aim,
        order=order or next_order(programme.themes.all()),
        pid_file=pid_file or "",
        pid_link=pid_link,
    )
    save_with_history(theme, by=by, m2m={"leads": leads, "recommendations": recommendations})
    bump_council(_council_of(programme))
    return theme


@transaction.atomic
def update_theme(
    *,
    theme: Theme,
    by,
    changes: Mapping,
    seen_version: int | None,
    leads: Iterable | None = None,
    recommendations: Iterable | None = None,
) -> Theme:
    """Save changes to a theme's own fields (not its RAG status: see `change_rag`)."""
    if "rag_status" in changes:
        raise ValueError("Change a theme's RAG status with change_rag, which records a reason.")
    m2m = {}
    if leads is not None:
        m2m["leads"] = leads
    if recommendations is not None:
        m2m["recommendations"] = recommendations
    current = lock_current(theme, seen_version)
    old_file = current.pid_file.name
    check_document_quota(
        local_authority_id=_council_of(current.programme),
        upload=changes.get("pid_file"),
        replacing=current,
    )
    theme = model_update(
        instance=current,
        fields=THEME_FIELDS,
        data=changes,
        by=by,
        seen_version=seen_version,
        m2m=m2m,
    )
    if old_file and theme.pid_file.name != old_file:
        _delete_after_commit(old_file)
    bump_council(_council_of(theme.programme))
    return theme


@transaction.atomic
def change_rag(*, theme: Theme, by, status: str, reason: str, seen_version: int | None) -> Theme:
    """Change a theme's RAG status, recording who, when and why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give a short reason for the change of RAG status."})
    if status not in RagStatus.values:
        raise ValidationError({"status": "Choose a RAG status."})
    current = lock_current(theme, seen_version)
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
    current = model_update(
        instance=current,
        fields=("rag_status",),
        data={"rag_status": status},
        by=by,
        seen_version=None,
    )
    save_with_history(change, by=by)
    bump_council(_council_of(current.programme))
    return current


@transaction.atomic
def add_progress_update(*, theme: Theme, by, text: str) -> ProgressUpdate:
    """Append a dated update to the theme's log, stamped with its current RAG status."""
    current = lock_current(theme, None)
    update = ProgressUpdate(theme=current, author=by, text=(text or "").strip())
    update.rag_status = current.rag_status
    if not update.text:
        raise ValidationError({"text": "Write the update."})
    save_with_history(update, by=by)
    bump_council(_council_of(current.programme))
    return update


# --------------------------------------------------------------------------------------------
# Achievements and next steps. add_achievement and add_next_step (and their update_*) are
# deliberately parallel: each names its own model's fields as typed keywords, and what they
# share is already one call each (next_order, save_with_history, bump_council).


@transaction.atomic
def add_achievement(
    *,
    theme: Theme,
    by,
    label: str,
    text: str,
    achieved_on: datetime.date | None = None,
    achieved_precision: str = DatePrecision.DAY,
    evidence_link: str = "",
    evidence: EvidenceItem | None = None,
    from_next_step: NextStep | None = None,
    order: int | None = None,
) -> Achievement:
    achievement = Achievement(
        theme=theme,
        label=label,
        text=text,
        achieved_on=achieved_on,
        achieved_precision=achieved_precision,
        evidence_link=evidence_link,
        evidence=evidence,
        from_next_step=from_next_step,
        order=order or next_order(theme.achievements.all()),
    )
    save_with_history(achievement, by=by)
    bump_council(_council_of(theme.programme))
    return achievement


@transaction.atomic
def update_achievement(
    *, achievement: Achievement, by, changes: Mapping, seen_version: int | None
) -> Achievement:
    achievement = model_update(
        instance=achievement,
        fields=ACHIEVEMENT_FIELDS,
        data=changes,
        by=by,
        seen_version=seen_version,
    )
    bump_council(_council_of(achievement.theme.programme))
    return achievement


@transaction.atomic
def add_next_step(
    *,
    theme: Theme,
    by,
    label: str,
    text: str,
    owner=None,
    owner_name: str = "",
    owner_role: str = "",
    due_date: datetime.date | None = None,
    due_precision: str = DatePrecision.DAY,
    status: str = NextStep.Status.PLANNED,
    order: int | None = None,
) -> NextStep:
    """A new next step, owned by a user of the council or by a named officer who does not use
    the app (`owner_name`, `owner_role`)."""
    step = NextStep(
        theme=theme,
        label=label,
        text=text,
        owner=owner,
        owner_name=owner_name,
        owner_role=owner_role,
        due_date=due_date,
        due_precision=due_precision,
        status=status,
        order=order or next_order(theme.next_steps.all()),
    )
    save_with_history(step, by=by)
    bump_council(_council_of(theme.programme))
    return step


@transaction.atomic
def update_next_step(
    *, next_step: NextStep, by, changes: Mapping, seen_version: int | None
) -> NextStep:
    """Save changes to a next step; one marked done gets today as its completion date (unless
    it has one), one no longer done loses it."""
    changes = dict(changes)
    status = changes.get("status", next_step.status)
    if status == NextStep.Status.DONE and not changes.get("completed_on"):
        changes["completed_on"] = next_step.completed_on or timezone.localdate()
    elif status != NextStep.Status.DONE:
        changes["completed_on"] = None
    next_step = model_update(
        instance=next_step,
        fields=(*NEXT_STEP_FIELDS, "completed_on"),
        data=changes,
        by=by,
        seen_version=seen_version,
    )
    bump_council(_council_of(next_step.theme.programme))
    return next_step


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
    current = lock_current(next_step, seen_version)
    if current.achievements.exists():
        raise ValidationError("This next step has already become an achievement.")
    if current.status == NextStep.Status.DROPPED:
        raise ValidationError("A dropped next step cannot become an achievement.")
    on = achieved_on or timezone.localdate()
    current = model_update(
        instance=current,
        fields=("status", "completed_on"),
        data={"status": NextStep.Status.DONE, "completed_on": on},
        by=by,
        seen_version=None,
    )
    return add_achievement(
        theme=current.theme,
        by=by,
        label=label or current.label,
        text=text or current.text,
        achieved_on=on,
        evidence_link=evidence_link,
        evidence=evidence,
        from_next_step=current,
    )


# --------------------------------------------------------------------------------------------
# Evidence


@transaction.atomic
def add_evidence(
    *,
    programme: Programme,
    by,
    kind,
    title: str,
    date: datetime.date | None = None,
    finding=None,
    summary: str = "",
    measure_label: str = "",
    measure_value: Decimal | None = None,
    link: str = "",
    order: int | None = None,
    themes: Iterable = (),
) -> EvidenceItem:
    """`kind` is an `EvidenceKind` or its code."""
    evidence = EvidenceItem(
        programme=programme,
        kind_id=getattr(kind, "code", kind),
        finding=finding,
        title=title,
        date=date,
        summary=summary,
        measure_label=measure_label,
        measure_value=measure_value,
        link=link,
        order=order or next_order(programme.evidence_items.all()),
    )
    save_with_history(evidence, by=by, m2m={"themes": themes})
    bump_council(_council_of(programme))
    return evidence


@transaction.atomic
def update_evidence(
    *,
    evidence: EvidenceItem,
    by,
    changes: Mapping,
    seen_version: int | None,
    themes: Iterable | None = None,
) -> EvidenceItem:
    m2m = {"themes": themes} if themes is not None else None
    evidence = model_update(
        instance=evidence,
        fields=EVIDENCE_FIELDS,
        data=changes,
        by=by,
        seen_version=seen_version,
        m2m=m2m,
    )
    bump_council(_council_of(evidence.programme))
    return evidence


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


def _set_agenda(meeting: BoardMeeting, themes: Sequence[Theme], by) -> None:
    meeting.agenda_items.all().delete()
    for order, theme in enumerate(themes, start=1):
        save_with_history(BoardMeetingTheme(meeting=meeting, theme=theme, order=order), by=by)


@transaction.atomic
def create_meeting(
    *,
    programme: Programme,
    by,
    date: datetime.date,
    notes: str = "",
    themes: Sequence[Theme] = (),
) -> BoardMeeting:
    meeting = save_with_history(BoardMeeting(programme=programme, date=date, notes=notes), by=by)
    _set_agenda(meeting, themes, by)
    bump_council(_council_of(programme))
    return meeting


@transaction.atomic
def update_meeting(
    *,
    meeting: BoardMeeting,
    by,
    changes: Mapping,
    seen_version: int | None,
    themes: Sequence[Theme] | None = None,
) -> BoardMeeting:
    meeting = model_update(
        instance=meeting, fields=MEETING_FIELDS, data=changes, by=by, seen_version=seen_version
    )
    if themes is not None:
        _set_agenda(meeting, themes, by)
    bump_council(_council_of(meeting.programme))
    return meeting


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
            meeting = save_with_history(BoardMeeting(programme=programme, date=date), by=by)
        else:
            meeting = model_update(instance=meeting, fields=(), data={}, by=by, seen_version=None)
        agenda = [themes[(position + i) % len(themes)] for i in range(per_meeting)]
        position += per_meeting
        _set_agenda(meeting, agenda, by)
        meetings.append(meeting)
    bump_council(_council_of(programme))
    return meetings


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
