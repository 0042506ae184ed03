"""The action plan, read: each next step's RAG by a rule anyone can read, its dates and slip,
the headline figures members hold a programme to account with, their trend over past meetings
(worked out from the history, never stored by hand) and the exception report.

Public API:
- `RAG_RULE`: the rule, in words, shown on every page that shows an action's RAG.
- `with_plan(queryset, on=None)`: next steps annotated with `rag`, `slip` (timedelta or None),
  `is_rescheduled`, `is_done_late`, `times_moved`, `pending_to_date`, `percent_complete`,
  `milestone_count`, `milestones_done`, `latest_note_text`, `latest_note_as_at`.
- `headline_figures(programme_or_theme, as_at=None)`: a `Figures` for today, or as the plan
  stood at the end of `as_at` (from the history).
- `figures_by_theme(programme, as_at=None)`: [(theme, Figures)] in the programme's order.
- `trend(programme)`: [(meeting date, meeting name, Figures)] at each past board or committee
  meeting, oldest first (at most `TREND_MEETINGS`).
- `exception_report(programme)`: `ExceptionReport` of every action that is Red, overdue,
  rescheduled since the last meeting, or done late.
- `findings(programme)`: the programme's findings, each with `answering` (its actions, with
  `with_plan` annotations), in order; `unanswered_count(programme)`;
  `findings_of_inspection(inspection, user)`: the same for the findings taken from one
  inspection; `one_action_warning(programme)`: findings answered twice or not at all where
  the council answers each finding with exactly one action.
- `due_sentence(step)`, `owner_label(step)`: how an action's dates and owner read.

Every function takes a fixed number of queries, however many actions a programme has.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateformat import format as format_date

from improvement.models import (
    ActionNote,
    ActionRag,
    BoardMeeting,
    DueDateChange,
    Finding,
    Milestone,
    NextStep,
    Programme,
    Theme,
)

TOLERANCE_DAYS = 90
SOON_DAYS = 28
TREND_MEETINGS = 8

Status = NextStep.Status
CLOSED = [Status.DONE, Status.DROPPED]

RAG_RULE = [
    "Done and dropped actions have no RAG rating.",
    "Someone may override the rating for an action, giving a reason; the override is shown "
    "with its reason.",
    "Red: the action is past its due date and not done, or its status is off track, or its due "
    f"date has moved more than {TOLERANCE_DAYS} days past the original due date.",
    "Amber: the action's status is at risk, or its due date has been moved, or it is due within "
    f"{SOON_DAYS} days and not started.",
    "Green: every other open action.",
]


class Median(models.Aggregate):
    """PostgreSQL's median (percentile_cont), for dates' differences."""

    function = "PERCENTILE_CONT"
    name = "median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = models.DurationField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite has no median: on a developer's laptop the mean stands in for it (PostgreSQL,
        # which every deployment uses, gives the median).
        mean = self.copy()
        mean.function = "AVG"
        mean.template = "%(function)s(%(distinct)s%(expressions)s)"
        return super(Median, mean).as_sql(compiler, connection, **extra_context)


def _today():
    return timezone.localdate()


def _moved():
    return Q(original_due_date__isnull=False, due_date__isnull=False) & ~Q(
        due_date=F("original_due_date")
    )


def _with_rule(queryset, on: datetime.date):
    """`slip`, `is_rescheduled`, `is_done_late` and `rag` from the row's own fields, so the same
    rule applies to a next step now and to its historical record at a past meeting."""
    soon = on + datetime.timedelta(days=SOON_DAYS)
    tolerance = datetime.timedelta(days=TOLERANCE_DAYS)
    return queryset.annotate(
        slip=ExpressionWrapper(
            F("due_date") - F("original_due_date"), output_field=models.DurationField()
        ),
        is_rescheduled=ExpressionWrapper(_moved(), output_field=models.BooleanField()),
        is_done_late=ExpressionWrapper(
            Q(status=Status.DONE, completed_on__gt=F("original_due_date")),
            output_field=models.BooleanField(),
        ),
    ).annotate(
        rag=Case(
            When(status__in=CLOSED, then=Value("")),
            When(~Q(rag_override=""), then=F("rag_override")),
            When(
                Q(due_date__lt=on) | Q(status=Status.SLIPPED) | Q(slip__gt=tolerance),
                then=Value(ActionRag.RED),
            ),
            When(
                Q(status=Status.AT_RISK) | _moved() | Q(status=Status.PLANNED, due_date__lte=soon),
                then=Value(ActionRag.AMBER),
            ),
            default=Value(ActionRag.GREEN),
            output_field=models.CharField(),
        )
    )


def _count(model, **filters):
    return Coalesce(
        Subquery(
            model.objects.filter(next_step=OuterRef("pk"), **filters)
            .order_by()
            .values("next_step")
            .annotate(total=Count("pk"))
            .values("total")[:1],
            output_field=models.IntegerField(),
        ),
        Value(0),
    )


def with_plan(queryset, on: datetime.date | None = None):
    """Next steps with everything an action plan page shows, in the same query."""
    on = on or _today()
    latest_note = ActionNote.objects.filter(next_step=OuterRef("pk")).order_by(
        "-as_at", "-created_at", "-pk"
    )
    pending = DueDateChange.objects.filter(
        next_step=OuterRef("pk"), decision=DueDateChange.Decision.PENDING
    )
    annotated = _with_rule(queryset, on).annotate(
        times_moved=_count(DueDateChange, decision=DueDateChange.Decision.APPROVED),
        pending_to_date=Subquery(pending.values("to_date")[:1]),
        pending_reason=Subquery(pending.values("reason")[:1]),
        pending_change_id=Subquery(pending.values("pk")[:1]),
        milestone_count=_count(Milestone),
        milestones_done=_count(Milestone, completed_on__isnull=False),
        latest_note_text=Subquery(latest_note.values("text")[:1]),
        latest_note_as_at=Subquery(latest_note.values("as_at")[:1]),
    )
    return annotated.annotate(
        percent_complete=Case(
            When(status=Status.DONE, then=Value(100)),
            When(milestone_count__gt=0, then=F("milestones_done") * 100 / F("milestone_count")),
            default=Value(0),
            output_field=models.IntegerField(),
        )
    )


# --------------------------------------------------------------------------------------------
# Headline figures


@dataclass
class Figures:
    """The headline figures of a programme or theme on one day."""

    on: datetime.date
    actions: int = 0  # not dropped
    done: int = 0
    red: int = 0
    amber: int = 0
    green: int = 0
    overdue: int = 0
    rescheduled: int = 0
    total_slip_days: int = 0
    median_slip_days: int = 0
    done_late: int = 0
    due_soon: int = 0

    @property
    def percent_complete(self) -> int:
        return round(100 * self.done / self.actions) if self.actions else 0

    @property
    def how_counted(self) -> str:
        return (
            f"{self.done} of {self.actions} action{'s' if self.actions != 1 else ''} done; "
            "dropped actions are not counted"
        )


def _days(value) -> int:
    return round(value.total_seconds() / 86400) if value else 0


def _figure_aggregates(on: datetime.date) -> dict:
    """The aggregates behind `Figures` of next steps (with `_with_rule`) as they stand on `on`:
    for `aggregate` over them all or `annotate` by group."""
    soon = on + datetime.timedelta(days=SOON_DAYS)
    is_open = ~Q(status__in=CLOSED)
    moved = Q(is_rescheduled=True) & ~Q(status=Status.DROPPED)
    return {
        "actions": Count("pk", filter=~Q(status=Status.DROPPED)),
        "done": Count("pk", filter=Q(status=Status.DONE)),
        "red": Count("pk", filter=Q(rag=ActionRag.RED)),
        "amber": Count("pk", filter=Q(rag=ActionRag.AMBER)),
        "green": Count("pk", filter=Q(rag=ActionRag.GREEN)),
        "overdue": Count("pk", filter=is_open & Q(due_date__lt=on)),
        "rescheduled": Count("pk", filter=moved),
        "total_slip": Sum("slip", filter=moved),
        "median_slip": Median("slip", filter=moved),
        "done_late": Count("pk", filter=Q(is_done_late=True)),
        "due_soon": Count("pk", filter=is_open & Q(due_date__gte=on, due_date__lte=soon)),
    }


def _figures_of(row: dict, on: datetime.date) -> Figures:
    """`Figures` from one row of `_figure_aggregates`."""
    total_slip, median_slip = row.pop("total_slip"), row.pop("median_slip")
    return Figures(
        on=on,
        total_slip_days=_days(total_slip),
        median_slip_days=_days(median_slip),
        **row,
    )


def _figures(queryset, on: datetime.date) -> Figures:
    return _figures_of(_with_rule(queryset, on).aggregate(**_figure_aggregates(on)), on)


def _steps_of(subject):
    if isinstance(subject, Programme):
        return {"theme__programme": subject}
    if isinstance(subject, Theme):
        return {"theme": subject}
    raise TypeError("Give a programme or a theme.")


def _end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def _as_they_stood(on: datetime.date, **filters):
    """The next steps' historical records as they stood at the end of `on`."""
    history = NextStep.history.model
    end = _end_of(on)
    latest_of_the_same_step = (
        history.objects.filter(id=OuterRef("id"), history_date__lte=end)
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return (
        history.objects.filter(history_date__lte=end, **filters)
        .filter(history_id=Subquery(latest_of_the_same_step))
        .exclude(history_type="-")
    )


def headline_figures(subject, as_at: datetime.date | None = None) -> Figures:
    """The figures for a programme or a theme: now, or as they stood at the end of `as_at`."""
    today = _today()
    filters = _steps_of(subject)
    if as_at is None or as_at >= today:
        return _figures(NextStep.objects.filter(**filters), as_at or today)
    return _figures(_as_they_stood(as_at, **filters), as_at)


def figures_by_theme(programme: Programme, as_at: datetime.date | None = None):
    """[(theme, Figures)] for each theme of the programme, in order (one query per theme is
    avoided: the figures are grouped in one query)."""
    on = as_at or _today()
    themes = list(programme.themes.order_by("order", "pk"))
    if as_at is None or as_at >= _today():
        rows = NextStep.objects.filter(theme__programme=programme)
    else:
        rows = _as_they_stood(as_at, theme__programme=programme)
    grouped = _with_rule(rows, on).order_by().values("theme_id").annotate(**_figure_aggregates(on))
    by_theme = {}
    for row in grouped:
        theme_id = row.pop("theme_id")
        by_theme[theme_id] = _figures_of(row, on)
    return [(theme, by_theme.get(theme.pk, Figures(on=on))) for theme in themes]


@dataclass
class Meeting:
    date: datetime.date
    name: str


def past_meetings(programme: Programme, before: datetime.date | None = None) -> list[Meeting]:
    """The programme's past board meetings and committee meetings, oldest first, at most
    `TREND_MEETINGS` (the latest)."""
    on = before or _today()
    board = programme.governance_board or "Improvement board"
    meetings = {
        date: Meeting(date, board)
        for date in BoardMeeting.objects.filter(programme=programme, date__lt=on).values_list(
            "date", flat=True
        )
    }
    paper_model = apps.get_model("scrutiny", "CommitteePaper")
    for date, committee in paper_model.objects.filter(
        programme=programme, meeting_date__lt=on
    ).values_list("meeting_date", "committee_name"):
        meetings[date] = Meeting(date, committee)
    return sorted(meetings.values(), key=lambda m: m.date)[-TREND_MEETINGS:]


def trend(programme: Programme) -> list[tuple[Meeting, Figures]]:
    """The headline figures as they stood at each past meeting, oldest first."""
    return [
        (meeting, headline_figures(programme, as_at=meeting.date))
        for meeting in past_meetings(programme)
    ]


# --------------------------------------------------------------------------------------------
# The exception report


@dataclass
class ExceptionReport:
    programme: Programme
    since: datetime.date | None
    since_name: str
    rows: list = field(default_factory=list)


def _last_meeting(programme: Programme) -> Meeting | None:
    meetings = past_meetings(programme)
    return meetings[-1] if meetings else None


def exception_report(programme: Programme, refine=None) -> ExceptionReport:
    """Every action that is Red, overdue, rescheduled since the last board or committee
    meeting, or done late; each row a next step with `with_plan` annotations, `reasons` (why it
    is in the report) and `latest_change_reason`. `refine(queryset)`, if given, filters and
    sorts the rows in the database (the report's filters)."""
    today = _today()
    last = _last_meeting(programme)
    since = last.date if last else programme.start_date
    moved_since = DueDateChange.objects.filter(
        next_step=OuterRef("pk"), requested_at__gte=_end_of(since - datetime.timedelta(days=1))
    ).exclude(decision=DueDateChange.Decision.REJECTED)
    latest_change = DueDateChange.objects.filter(next_step=OuterRef("pk")).order_by(
        "-requested_at", "-pk"
    )
    steps = (
        with_plan(NextStep.objects.filter(theme__programme=programme), today)
        .annotate(
            moved_since=Exists(moved_since),
            latest_change_reason=Subquery(latest_change.values("reason")[:1]),
        )
        .filter(
            Q(rag=ActionRag.RED)
            | (~Q(status__in=CLOSED) & Q(due_date__lt=today))
            | Q(moved_since=True)
            | Q(is_done_late=True)
        )
        .select_related("theme", "owner")
        .order_by("theme__order", "theme__pk", "order", "pk")
    )
    if refine is not None:
        steps = refine(steps)
    rows = []
    for step in steps:
        reasons = []
        if step.rag == ActionRag.RED:
            reasons.append("Red")
        if step.is_open and step.due_date and step.due_date < today:
            reasons.append("Overdue")
        if step.moved_since:
            reasons.append("Rescheduled since the last meeting")
        if step.is_done_late:
            reasons.append("Done late")
        step.reasons = reasons
        rows.append(step)
    return ExceptionReport(
        programme=programme,
        since=since,
        since_name=last.name if last else "the start of the programme",
        rows=rows,
    )


# --------------------------------------------------------------------------------------------
# Findings and the actions answering them


def findings(programme: Programme) -> list[Finding]:
    """The programme's findings in order, each with `answering`: its actions with their plan
    figures (two queries however many)."""
    return _with_answering(Finding.objects.filter(programme=programme))


def findings_of_inspection(inspection, user) -> list[Finding]:
    """The findings taken from `inspection` in the programmes `user` may see, each with
    `answering` as `findings` gives it (two queries however many)."""
    return _with_answering(
        Finding.objects.visible_to(user)
        .filter(inspection=inspection)
        .order_by("programme__start_date", "programme_id", "order", "pk")
    )


def _with_answering(queryset) -> list[Finding]:
    return list(
        queryset.select_related("inspection", "programme").prefetch_related(
            Prefetch(
                "actions",
                queryset=with_plan(NextStep.objects.select_related("theme", "owner")).order_by(
                    "theme__order", "order", "pk"
                ),
                to_attr="answering",
            )
        )
    )


def unanswered_count(programme: Programme) -> int:
    return Finding.objects.filter(programme=programme).unanswered().count()


@dataclass
class OneActionWarning:
    """Where a programme that answers each finding with exactly one action falls short."""

    answered_twice: list  # findings answered by more than one action, with `action_count`
    unanswered: list

    def __bool__(self):
        return bool(self.answered_twice or self.unanswered)


def one_action_warning(programme: Programme) -> OneActionWarning | None:
    """None unless the programme answers each finding with exactly one action; then the
    findings answered by more than one action or by none (one query)."""
    if not programme.one_action_per_finding:
        return None
    off = list(
        Finding.objects.filter(programme=programme)
        .annotate(action_count=Count("actions"))
        .exclude(action_count=1)
        .order_by("order", "pk")
    )
    return OneActionWarning(
        answered_twice=[finding for finding in off if finding.action_count > 1],
        unanswered=[finding for finding in off if finding.action_count == 0],
    )


# --------------------------------------------------------------------------------------------
# How an action's dates and owner read


def times_word(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def due_sentence(step, start="Due") -> str:
    """'Due 31 March 2026 (originally 30 June 2025, moved twice)'."""
    if not step.due_date:
        return "No due date"
    text = f"{start} {step.due_display}"
    moved = getattr(step, "times_moved", 0)
    if step.original_due_date and step.original_due_date != step.due_date:
        original = format_date(step.original_due_date, "j F Y")
        text += f" (originally {original}, moved {times_word(moved or 1)})"
    return text


def owner_label(step) -> str:
    if step.owner_id:
        return str(step.owner)
    if step.owner_name:
        return f"{step.owner_name}, {step.owner_role}" if step.owner_role else step.owner_name
    return ""


def slip_days(step) -> int | None:
    slip = getattr(step, "slip", None)
    if slip is None and step.due_date and step.original_due_date:
        return (step.due_date - step.original_due_date).days
    return slip.days if slip is not None else None
