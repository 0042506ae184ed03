"""What changed since a committee met: read from the records the programme keeps (RAG changes,
the next steps' history, due-date changes, evidence, inspections and indicator figures), never
typed by anyone.

- `cut_off(paper, today=None) -> CutOff`: where "since" starts. After a meeting: the end of the
  meeting's day. Before it (a paper issued for a meeting to come): the moment it was issued.
- `since_paper(paper, today=None) -> SinceMeeting`: every section with its rows, in eight
  queries whatever the data size.
- `since_counts(paper, today=None) -> SinceMeeting`: the same sections with their counts only
  (no rows), in one query.
- `last_committee_paper(local_authority, today=None)`: the paper of the council's latest
  meeting that has taken place, or None (one query).

A section counts in words ("Two RAG changes") and says "Nothing since 26 November 2019" when
it is empty.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.dates import long_date
from improvement.models import DueDateChange, EvidenceItem, NextStep, RagChange
from indicators.models import Measure, ScorecardItem, ThemeMeasure
from indicators.models import Value as Figure
from inspections.models import Inspection
from scrutiny.models import CommitteePaper
from scrutiny.paper_wording import in_words

WORDS_UP_TO = 12  # counts above twelve are given in figures


def count_words(count: int, singular: str, plural: str) -> str:
    """'No RAG changes', 'One action completed', 'Twelve actions added', '14 actions added'."""
    number = in_words(count) if count <= WORDS_UP_TO else str(count)
    words = f"{number} {singular if count == 1 else plural}"
    return words[0].upper() + words[1:]


@dataclass
class CutOff:
    """`moment`: records made after it are "since"; `day`: records dated after it are."""

    moment: datetime.datetime
    day: datetime.date
    words: str  # "the committee's meeting on 26 November 2019"
    meeting_held: bool

    @property
    def nothing_since(self) -> str:
        return f"Nothing since {long_date(self.day)}."


def _end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def cut_off(paper: CommitteePaper, today: datetime.date | None = None) -> CutOff:
    today = today or timezone.localdate()
    if paper.meeting_date <= today:
        return CutOff(
            moment=_end_of(paper.meeting_date),
            day=paper.meeting_date,
            words=f"the meeting on {long_date(paper.meeting_date)}",
            meeting_held=True,
        )
    issued = timezone.localtime(paper.issued_at)
    return CutOff(
        moment=paper.issued_at,
        day=issued.date(),
        words=f"the paper was issued on {long_date(issued.date())}",
        meeting_held=False,
    )


@dataclass
class Section:
    key: str  # the section's anchor on the page
    heading: str
    singular: str
    plural: str
    rows: list = field(default_factory=list)
    count: int = 0

    @property
    def count_text(self) -> str:
        return count_words(self.count, self.singular, self.plural)


@dataclass
class SinceMeeting:
    paper: CommitteePaper
    cut_off: CutOff
    sections: list[Section]

    @property
    def total(self) -> int:
        return sum(section.count for section in self.sections)

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)


# --------------------------------------------------------------------------------------------
# One queryset a section: `since_paper` reads their rows, `since_counts` counts them together.


def _rag_changes(programme_id, since: CutOff):
    return RagChange.objects.filter(
        theme__programme_id=programme_id, changed_at__gt=since.moment
    ).order_by("changed_at", "pk")


def _history_of_steps():
    return NextStep.history.model.objects.filter(id=OuterRef("pk"))


def _completed(programme_id, since: CutOff):
    """Done now, and not done in any record of the step up to the cut-off; `done_recorded_at`:
    when its history first says done after the cut-off."""
    done_before = _history_of_steps().filter(
        status=NextStep.Status.DONE, history_date__lte=since.moment
    )
    first_done_after = (
        _history_of_steps()
        .filter(status=NextStep.Status.DONE, history_date__gt=since.moment)
        .order_by("history_date", "history_id")
        .values("history_date")[:1]
    )
    return (
        NextStep.objects.filter(theme__programme_id=programme_id, status=NextStep.Status.DONE)
        .annotate(done_recorded_at=Subquery(first_done_after))
        .filter(done_recorded_at__isnull=False)
        .exclude(Exists(done_before))
        .order_by("done_recorded_at", "pk")
    )


def _rescheduled(programme_id, since: CutOff):
    return (
        DueDateChange.objects.filter(
            next_step__theme__programme_id=programme_id, requested_at__gt=since.moment
        )
        .exclude(decision=DueDateChange.Decision.REJECTED)
        .order_by("requested_at", "pk")
    )


def _added(programme_id, since: CutOff):
    """Next steps whose history begins after the cut-off (their creation record)."""
    created = (
        _history_of_steps()
        .filter(history_type="+")
        .order_by("history_date", "history_id")
        .values("history_date")[:1]
    )
    return (
        NextStep.objects.filter(theme__programme_id=programme_id)
        .annotate(added_at=Coalesce(Subquery(created), "created_at"))
        .filter(added_at__gt=since.moment)
        .order_by("added_at", "pk")
    )


def _evidence(programme_id, since: CutOff):
    """Evidence gathered since: dated after the cut-off's day."""
    return (
        EvidenceItem.objects.filter(programme_id=programme_id, date__gt=since.day)
        .select_related("kind")
        .order_by("date", "pk")
    )


def _inspections(local_authority_id, since: CutOff):
    return Inspection.objects.filter(
        local_authority_id=local_authority_id, start_date__gt=since.day
    ).order_by("start_date", "pk")


def _council_figures(local_authority_id):
    return Figure.objects.filter(
        area_type=Figure.AreaType.LOCAL,
        local_authority_id=local_authority_id,
        measure=OuterRef("pk"),
        value__isnull=False,
    ).order_by("-date", "-source", "-pk")  # on the same day, the council's own figure first


def _indicators(local_authority_id, programme_id, since: CutOff):
    """The council's key indicators, its themes' measures of success and any measure with a
    local figure, where the council has a figure dated after the cut-off's day; each with the
    latest such figure (`now_*`) and the latest figure dated on or before it (`then_*`) from
    `_with_figures`."""
    after = _council_figures(local_authority_id).filter(date__gt=since.day)
    followed = (
        Q(
            pk__in=ScorecardItem.objects.filter(local_authority_id=local_authority_id).values(
                "measure"
            )
        )
        | Q(pk__in=ThemeMeasure.objects.filter(theme__programme_id=programme_id).values("measure"))
        | Q(
            pk__in=Figure.objects.filter(
                local_authority_id=local_authority_id,
                source=Figure.Source.LOCAL,
                date__gt=since.day,
            ).values("measure")
        )
    )
    return Measure.objects.filter(followed).filter(Exists(after))


def _with_figures(measures, local_authority_id, since: CutOff):
    figures = _council_figures(local_authority_id)
    after, before = figures.filter(date__gt=since.day), figures.filter(date__lte=since.day)
    return measures.annotate(
        now_value=Subquery(after.values("value")[:1]),
        now_date=Subquery(after.values("date")[:1]),
        now_source=Subquery(after.values("source")[:1]),
        then_value=Subquery(before.values("value")[:1]),
        then_date=Subquery(before.values("date")[:1]),
        then_source=Subquery(before.values("source")[:1]),
    ).order_by("topic", "display_order", "name")


def _sections() -> list[Section]:
    return [
        Section("rag-changes", "RAG changes", "RAG change", "RAG changes"),
        Section("completed", "Actions completed", "action completed", "actions completed"),
        Section("rescheduled", "Actions rescheduled", "action rescheduled", "actions rescheduled"),
        Section("added", "Actions added", "action added", "actions added"),
        Section("evidence", "New evidence", "piece of evidence", "pieces of evidence"),
        Section(
            "inspections",
            "Inspections and visits",
            "inspection or visit",
            "inspections and visits",
        ),
        Section(
            "indicators",
            "Indicator movements",
            "indicator with a new figure",
            "indicators with new figures",
        ),
    ]


def _querysets(paper: CommitteePaper, since: CutOff) -> dict:
    programme, council = paper.programme_id, paper.local_authority_id
    return {
        "rag-changes": _rag_changes(programme, since),
        "completed": _completed(programme, since),
        "rescheduled": _rescheduled(programme, since),
        "added": _added(programme, since),
        "evidence": _evidence(programme, since),
        "inspections": _inspections(council, since),
        "indicators": _indicators(council, programme, since),
    }


def _count_of(queryset):
    """COUNT of the queryset as a scalar subquery (no GROUP BY: one row, 0 when empty)."""
    return Coalesce(
        Subquery(
            queryset.order_by()
            .annotate(_all=Value(1))
            .values("_all")
            .annotate(total=Count("pk"))
            .values("total")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def since_counts(paper: CommitteePaper, today: datetime.date | None = None) -> SinceMeeting:
    """Each section's count, in one query."""
    since = cut_off(paper, today)
    querysets = _querysets(paper, since)
    names = {key: f"n{index}" for index, key in enumerate(querysets)}
    counts = (
        CommitteePaper.objects.filter(pk=paper.pk)
        .values(**{names[key]: _count_of(queryset) for key, queryset in querysets.items()})
        .get()
    )
    sections = _sections()
    for section in sections:
        section.count = counts[names[section.key]]
    return SinceMeeting(paper=paper, cut_off=since, sections=sections)


# --------------------------------------------------------------------------------------------
# The rows a page shows


@dataclass
class IndicatorMovement:
    measure: Measure
    now: str
    now_when: str
    then: str
    then_when: str
    direction: str  # "improving", "worsening", "no change", "higher", "lower" or ""


def _when(measure: Measure, day: datetime.date, source: str) -> str:
    if source == Figure.Source.LOCAL:
        return f"{long_date(day)}, local, unpublished"
    return measure.period_words(day)


def _movement(measure: Measure) -> IndicatorMovement:
    has_then = measure.then_date is not None
    return IndicatorMovement(
        measure=measure,
        now=measure.format_value(measure.now_value),
        now_when=_when(measure, measure.now_date, measure.now_source),
        then=measure.format_value(measure.then_value) if has_then else "",
        then_when=_when(measure, measure.then_date, measure.then_source) if has_then else "",
        direction=measure.direction_of_travel(measure.then_value, measure.now_value)
        if has_then
        else "",
    )


def since_paper(paper: CommitteePaper, today: datetime.date | None = None) -> SinceMeeting:
    """Every section's rows (one query a section, seven in all; the paper is already read)."""
    since = cut_off(paper, today)
    querysets = _querysets(paper, since)
    rows = {
        "rag-changes": list(querysets["rag-changes"].select_related("theme", "changed_by")),
        "completed": list(querysets["completed"].select_related("theme")),
        "rescheduled": list(
            querysets["rescheduled"].select_related("next_step", "next_step__theme")
        ),
        "added": list(querysets["added"].select_related("theme")),
        "evidence": list(querysets["evidence"]),
        "inspections": list(querysets["inspections"]),
        "indicators": [
            _movement(measure)
            for measure in _with_figures(querysets["indicators"], paper.local_authority_id, since)
        ],
    }
    sections = _sections()
    for section in sections:
        section.rows = rows[section.key]
        section.count = len(section.rows)
    return SinceMeeting(paper=paper, cut_off=since, sections=sections)


def last_committee_paper(local_authority, today: datetime.date | None = None):
    """The paper of the council's latest committee meeting held by `today`, or None."""
    today = today or timezone.localdate()
    return (
        CommitteePaper.objects.for_local_authority(local_authority)
        .filter(meeting_date__lte=today)
        .select_related("local_authority")
        .defer("docx", "html", "content")
        .latest_first()
        .first()
    )
