"""The LA summary: everything the page scrutiny members read first shows.

- `la_summary(*, local_authority, user, today=None) -> LocalAuthoritySummary`: in a fixed
  number of queries whatever the data size (eight; the action plan's figures and the
  scorecard are read when first used, ten more).
- `current_programme(*, local_authority, user)`: the programme a summary or paper is about.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Case, IntegerField, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone

from improvement import plan
from improvement.models import BoardMeeting, Programme, Theme
from indicators.services import scorecard_rows
from inspections.models import JudgementArea
from inspections.schedule import WhatNext, what_comes_next
from inspections.services import (
    AreaComparison,
    JudgementComparison,
    judgement_comparison,
    months_between,
)
from workforce.services import headline_figures


@dataclass
class JudgementRow:
    """One row of the summary's judgements table, saying where a comparison crosses
    frameworks: `note` when the two judgements are not the same judgement (ILACS 2023's
    "children in care" against ILACS 2018's "children in care and care leavers"), and
    `latest_missing` / `previous_missing` when a framework had no such separate judgement."""

    area: AreaComparison
    note: str = ""
    latest_missing: str = "Not judged"
    previous_missing: str = "Not judged"


def _missing(inspection, area: AreaComparison, strands: set[str]) -> str:
    """Why `inspection` has no judgement in the area: not judged, or not a separate judgement
    under its framework (saying which judgement covered it, where one did)."""
    if inspection is None or area.strand in strands:
        return "Not judged"
    words = f"Not a separate judgement under {inspection.framework.short_name}"
    present = area.latest or area.previous
    short = present.area.short_name.lower() if present else ""
    for judgement in inspection.judgements.all():
        if short and short in judgement.area.name.lower():
            return f"{words}: part of “{judgement.area.name}”"
    return words


def judgement_rows(comparison: JudgementComparison) -> list[JudgementRow]:
    """The comparison's areas, labelled where they compare across frameworks. One query when
    the two inspections are under different frameworks, none otherwise."""
    latest, previous = comparison.latest, comparison.previous
    strands = {}
    if comparison.framework_changed:
        for framework_id, strand in JudgementArea.objects.filter(
            framework_id__in=[latest.framework_id, previous.framework_id]
        ).values_list("framework_id", "strand"):
            strands.setdefault(framework_id, set()).add(strand)
    rows = []
    for area in comparison.areas:
        row = JudgementRow(area)
        if area.latest and area.previous and area.latest.area.name != area.previous.area.name:
            row.note = (
                f"Not the same judgement: {previous.framework.short_name} judged "
                f"“{area.previous.area.name}”."
            )
        if strands:
            row.latest_missing = _missing(latest, area, strands.get(latest.framework_id, set()))
            row.previous_missing = _missing(
                previous, area, strands.get(previous.framework_id, set())
            )
        rows.append(row)
    return rows


@dataclass
class LocalAuthoritySummary:
    local_authority: object
    today: datetime.date
    inspection: JudgementComparison
    what_next: WhatNext | None
    months_since: int | None
    programme: Programme | None
    themes: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    workforce: list = field(default_factory=list)
    soon_days: int = plan.SOON_DAYS

    # The action plan's figures (improvement.plan) and the council's scorecard (indicators),
    # read when a page shows them: one query for the figures, two by theme, one for the
    # findings not yet answered, six for the scorecard.

    @cached_property
    def plan_figures(self) -> plan.Figures | None:
        return plan.headline_figures(self.programme) if self.programme else None

    @cached_property
    def plan_by_theme(self) -> list:
        return plan.figures_by_theme(self.programme) if self.programme else []

    @cached_property
    def unanswered(self) -> int | None:
        return plan.unanswered_count(self.programme) if self.programme else None

    @cached_property
    def scorecard(self) -> list:
        return scorecard_rows(self.local_authority, on=self.today)

    @cached_property
    def judgements(self) -> list[JudgementRow]:
        """The judgements table's rows (one query when the frameworks differ)."""
        return judgement_rows(self.inspection)

    @property
    def totals(self) -> dict:
        return {
            "achievements": sum(t.achievement_count for t in self.themes),
            "done": sum(t.next_steps_done for t in self.themes),
            "due": sum(t.next_steps_due for t in self.themes),
            "overdue": sum(t.next_steps_overdue for t in self.themes),
        }


def current_programme(*, local_authority, user):
    """The LA's programme a summary shows: the active one started last, else the latest."""
    return (
        Programme.objects.visible_to(user)
        .for_local_authority(local_authority)
        .annotate(
            is_active=Case(
                When(status=Programme.Status.ACTIVE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("is_active", "-start_date", "-pk")
        .first()
    )


@dataclass
class UpcomingMeeting:
    """A board meeting to come, with the themes on its agenda in order."""

    pk: int
    date: datetime.date
    themes: list = field(default_factory=list)

    def get_absolute_url(self):
        return reverse("improvement:meeting-detail", kwargs={"pk": self.pk})


def upcoming_meetings(programme, *, themes, today, limit=3) -> list[UpcomingMeeting]:
    """The programme's next `limit` board meetings with the themes on their agendas, in one
    query (`themes`: the programme's themes, already loaded)."""
    next_ones = BoardMeeting.objects.filter(programme=programme).upcoming(today).values("pk")
    rows = (
        BoardMeeting.objects.filter(pk__in=Subquery(next_ones[:limit]))
        .order_by("date", "pk", "agenda_items__order", "agenda_items__pk")
        .values_list("pk", "date", "agenda_items__theme_id")
    )
    by_id = {theme.pk: theme for theme in themes}
    meetings: dict[int, UpcomingMeeting] = {}
    for pk, day, theme_id in rows:
        meeting = meetings.setdefault(pk, UpcomingMeeting(pk=pk, date=day))
        if theme_id in by_id:
            meeting.themes.append(by_id[theme_id])
    return list(meetings.values())


def la_summary(*, local_authority, user, today=None) -> LocalAuthoritySummary:
    """Everything the LA summary page shows. Eight queries at most, whatever the data size:
    inspections (2), programme (1), themes with counts (1), meetings (1), workforce (3)."""
    today = today or timezone.localdate()
    comparison = judgement_comparison(local_authority)
    latest = comparison.latest
    months_since = None
    if latest is not None:
        months_since = months_between(latest.end_date or latest.start_date, today)
    programme = current_programme(local_authority=local_authority, user=user)
    themes, meetings = [], []
    if programme is not None:
        themes = list(
            Theme.objects.filter(programme=programme).with_counts(today).order_by("order", "pk")
        )
        meetings = upcoming_meetings(programme, themes=themes, today=today)
    return LocalAuthoritySummary(
        local_authority=local_authority,
        today=today,
        inspection=comparison,
        what_next=what_comes_next(latest),
        months_since=months_since,
        programme=programme,
        themes=themes,
        meetings=meetings,
        workforce=headline_figures(local_authority, user=user),
    )
