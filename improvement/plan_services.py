"""Writes to the action plan: changing a due date (with its reason, kept for ever, approved
when the programme asks for approval), recording progress on an action (note and status in one
save, optionally as at an earlier date), milestones, and undoing mistakes. Each write is one
transaction, locks the row a form edits (refusing a stale version) and bumps the council's
data version."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as format_date

from core.editing import lock_current, model_update, next_order, save_with_history
from core.versioning import bump_council
from improvement.models import (
    Achievement,
    ActionNote,
    DueDateChange,
    Finding,
    Milestone,
    NextStep,
)


def _council_of(step: NextStep):
    return step.theme.programme.local_authority_id


def needs_approval(next_step: NextStep, by) -> bool:
    """A changed due date waits for approval when the programme asks for it, unless an
    administrator of the council makes the change."""
    programme = next_step.theme.programme
    return programme.due_date_changes_need_approval and not by.can_administer_local_authority(
        programme.local_authority_id
    )


@transaction.atomic
def change_due_date(
    *,
    next_step: NextStep,
    by,
    new_date: datetime.date | None,
    reason: str,
    seen_version: int | None,
) -> DueDateChange:
    """Move the due date, keeping the original and every revision with its reason. When the
    change needs approval it waits, and the current due date stands."""
    reason = (reason or "").strip()
    errors = {}
    if new_date is None:
        errors["new_date"] = "Enter the new due date"
    if not reason:
        errors["reason"] = "Give the reason the due date is changing"
    if errors:
        raise ValidationError(errors)
    step = lock_current(next_step, seen_version)
    if not step.is_open:
        raise ValidationError("A done or dropped action keeps its dates: reopen it first.")
    if step.due_date is None:
        raise ValidationError(
            {"new_date": "This action has no due date yet: set one by changing the action."}
        )
    if new_date == step.due_date:
        raise ValidationError(
            {"new_date": f"The action is already due {format_date(new_date, 'j F Y')}."}
        )
    start = step.theme.programme.start_date
    if new_date < start:
        raise ValidationError(
            {
                "new_date": "The due date must be on or after the programme's start, "
                f"{format_date(start, 'j F Y')}."
            }
        )
    if step.due_date_changes.filter(decision=DueDateChange.Decision.PENDING).exists():
        raise ValidationError(
            "A change of this due date is already waiting for an administrator's approval."
        )
    waits = needs_approval(step, by)
    change = DueDateChange(
        next_step=step,
        from_date=step.due_date,
        to_date=new_date,
        reason=reason,
        requested_by=by,
        decision=DueDateChange.Decision.PENDING if waits else DueDateChange.Decision.APPROVED,
        decided_by=None if waits else by,
        decided_at=None if waits else timezone.now(),
    )
    save_with_history(change, by=by)
    if not waits:
        _move(step, new_date, by)
    bump_council(_council_of(step))
    return change


def _move(step: NextStep, new_date: datetime.date, by) -> None:
    step.due_date = new_date
    step.version += 1
    save_with_history(step, by=by)


@transaction.atomic
def decide_due_date_change(*, change: DueDateChange, by, approve: bool) -> DueDateChange:
    """An administrator approves (the new date counts from now) or refuses a waiting change."""
    change = DueDateChange.objects.select_for_update().get(pk=change.pk)
    if change.decision != DueDateChange.Decision.PENDING:
        raise ValidationError("This change has already been decided.")
    step = lock_current(change.next_step, None)
    change.decision = (
        DueDateChange.Decision.APPROVED if approve else DueDateChange.Decision.REJECTED
    )
    change.decided_by = by
    change.decided_at = timezone.now()
    if approve:
        change.from_date = step.due_date
        if change.from_date == change.to_date:
            raise ValidationError("The action is already due on the requested date.")
    save_with_history(change, by=by)
    if approve:
        _move(step, change.to_date, by)
    bump_council(_council_of(step))
    return change


@transaction.atomic
def record_progress(
    *,
    next_step: NextStep,
    by,
    status: str,
    text: str,
    seen_version: int | None,
    as_at: datetime.date | None = None,
    rag_override: str = "",
    rag_override_reason: str = "",
) -> ActionNote:
    """Record what happened on an action and its status in one save. `as_at` (a past date)
    dates the note and the status change in the history, so figures at past meetings are
    right; the note keeps when it was really entered."""
    today = timezone.localdate()
    as_at = as_at or today
    text = (text or "").strip()
    errors = {}
    if not text:
        errors["text"] = "Write what happened"
    if as_at > today:
        errors["as_at"] = "The date of the note cannot be in the future"
    if status not in NextStep.Status.values:
        errors["status"] = "Choose the action's status"
    if rag_override and not (rag_override_reason or "").strip():
        errors["rag_override_reason"] = "Give the reason for overriding the RAG rating"
    if errors:
        raise ValidationError(errors)
    step = lock_current(next_step, seen_version)
    step.status = status
    if status == NextStep.Status.DONE:
        step.completed_on = step.completed_on or as_at
    else:
        step.completed_on = None
    step.rag_override = rag_override or ""
    step.rag_override_reason = (rag_override_reason or "").strip() if rag_override else ""
    step.version += 1
    if as_at < today:
        step._history_date = timezone.make_aware(
            datetime.datetime.combine(as_at, datetime.time(12))
        )
    save_with_history(step, by=by)
    note = ActionNote(next_step=step, text=text, status=status, as_at=as_at, author=by)
    save_with_history(note, by=by)
    bump_council(_council_of(step))
    return note


@transaction.atomic
def add_milestone(*, next_step: NextStep, by, **fields) -> Milestone:
    fields.setdefault("order", next_order(next_step.milestones.all()))
    milestone = save_with_history(Milestone(next_step=next_step, **fields), by=by)
    bump_council(_council_of(next_step))
    return milestone


MILESTONE_FIELDS = ["title", "due_date", "completed_on", "order"]


@transaction.atomic
def update_milestone(*, milestone: Milestone, by, data: dict, seen_version: int | None):
    saved = model_update(
        instance=milestone, fields=MILESTONE_FIELDS, data=data, by=by, seen_version=seen_version
    )
    bump_council(_council_of(milestone.next_step))
    return saved


# --------------------------------------------------------------------------------------------
# Undoing mistakes


@transaction.atomic
def delete_next_step(*, next_step: NextStep, by, seen_version: int | None) -> None:
    """Delete a next step created in error (its milestones, notes and date changes with it);
    the history keeps who deleted it and when."""
    step = lock_current(next_step, seen_version)
    council = _council_of(step)
    for achievement in step.achievements.all():
        achievement.from_next_step = None
        achievement.version += 1
        save_with_history(achievement, by=by)
    for related in (
        *step.milestones.all(),
        *step.notes.all(),
        *step.due_date_changes.all(),
    ):
        related._history_user = by
        related.delete()
    step._history_user = by
    step.delete()
    bump_council(council)


@transaction.atomic
def delete_achievement(*, achievement: Achievement, by, seen_version: int | None) -> None:
    """Delete an achievement recorded in error; the history keeps who deleted it and when."""
    current = lock_current(achievement, seen_version)
    council = current.theme.programme.local_authority_id
    current._history_user = by
    current.delete()
    bump_council(council)


@transaction.atomic
def reopen_next_step(*, next_step: NextStep, by, seen_version: int | None) -> NextStep:
    """Reopen a next step marked done by mistake: it is on track again, with no completion
    date, and the achievement recorded from it (if any) is deleted."""
    step = lock_current(next_step, seen_version)
    if step.status != NextStep.Status.DONE:
        raise ValidationError("Only a done action can be reopened.")
    for achievement in step.achievements.all():
        achievement._history_user = by
        achievement.delete()
    step.status = NextStep.Status.IN_PROGRESS
    step.completed_on = None
    step.version += 1
    save_with_history(step, by=by)
    bump_council(_council_of(step))
    return step


# --------------------------------------------------------------------------------------------
# Findings


FINDING_FIELDS = ["source", "source_detail", "text", "inspection", "order"]


def _own_actions(programme, actions):
    actions = list(actions)
    if any(step.theme.programme_id != programme.pk for step in actions):
        raise ValidationError({"actions": "Choose actions from this programme."})
    return actions


@transaction.atomic
def add_finding(*, programme, by, actions=(), **fields) -> Finding:
    fields.setdefault("order", next_order(programme.findings.all()))
    finding = save_with_history(
        Finding(programme=programme, **fields),
        by=by,
        m2m={"actions": _own_actions(programme, actions)},
    )
    bump_council(programme.local_authority_id)
    return finding


@transaction.atomic
def update_finding(*, finding: Finding, by, data: dict, seen_version: int | None) -> Finding:
    m2m = None
    if "actions" in data:
        m2m = {"actions": _own_actions(finding.programme, data["actions"])}
    saved = model_update(
        instance=finding,
        fields=FINDING_FIELDS,
        data=data,
        by=by,
        seen_version=seen_version,
        m2m=m2m,
    )
    bump_council(finding.programme.local_authority_id)
    return saved
