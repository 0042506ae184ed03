"""The LA summary: everything the page scrutiny members read first shows.

- `la_summary(*, local_authority, user, today=None) -> LocalAuthoritySummary`: in eight queries
  whatever the data size.
- `current_programme(*, local_authority, user)`: the programme a summary or paper is about.
"""

import datetime
import functools
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone

from core.fingerprints import digest, rows_summary
from core.models import LocalAuthority, StatisticalNeighbour
from improvement.models import (
    Achievement,
    BoardMeeting,
    BoardMeetingTheme,
    NextStep,
    Programme,
    ProgressUpdate,
    Theme,
)
from inspections.models import Inspection
from inspections.schedule import WhatNext, what_comes_next
from inspections.services import judgement_comparison, months_between
from workforce.models import Metric, Observation
from workforce.services import headline_figures


@dataclass
class LocalAuthoritySummary:
    local_authority: object
    today: datetime.date
    inspection: object  # inspections.services.JudgementComparison
    what_next: WhatNext | None
    months_since: int | None
    programme: Programme | None
    themes: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    workforce: list = field(default_factory=list)

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


def summary_fingerprint() -> dict:
    """Annotations for a LocalAuthority queryset that, together, change whenever anything the
    LA summary shows changes: the LA's inspections (a judgement changes with its inspection),
    programmes, themes, achievements, next steps, progress updates, board meetings and their
    agendas, and the workforce figures of the LA, its neighbours, its region and England.
    One query with the LA itself; the summary page caches its content under their values."""
    la = OuterRef("pk")
    sources = {
        "inspections": (Inspection.objects.filter(local_authority=la), "updated_at"),
        "programmes": (Programme.objects.filter(local_authority=la), "updated_at"),
        "themes": (Theme.objects.filter(programme__local_authority=la), "updated_at"),
        "achievements": (
            Achievement.objects.filter(theme__programme__local_authority=la),
            "updated_at",
        ),
        "next_steps": (NextStep.objects.filter(theme__programme__local_authority=la), "updated_at"),
        "updates": (
            ProgressUpdate.objects.filter(theme__programme__local_authority=la),
            "created_at",
        ),
        "meetings": (BoardMeeting.objects.filter(programme__local_authority=la), "updated_at"),
        "agendas": (
            BoardMeetingTheme.objects.filter(meeting__programme__local_authority=la),
            None,
        ),
        "neighbours": (StatisticalNeighbour.objects.filter(local_authority=la), None),
        "metrics": (
            Metric.objects.filter(Q(local_authority__isnull=True) | Q(local_authority=la)),
            "updated_at",
        ),
        "own_figures": (Observation.objects.filter(local_authority=la), "updated_at"),
        "neighbour_figures": (
            StatisticalNeighbour.objects.filter(local_authority=la),
            "updated_at",
            "neighbour__workforce_observations__",
        ),
        "area_figures": (
            Observation.objects.filter(
                Q(area_type=Observation.AreaType.NATIONAL)
                | Q(area_type=Observation.AreaType.REGIONAL, region_code=OuterRef("region_code"))
            ),
            "updated_at",
        ),
    }
    return {
        f"fp_{name}": rows_summary(queryset, path[0] if path else "", moment)
        for name, (queryset, moment, *path) in sources.items()
    }


_ANY_CODE = "\x00dfe-code\x00"


@functools.cache
def _fingerprint_sql() -> tuple[str, tuple]:
    """The SQL of the LA-with-fingerprint query, compiled once a process (compiling its
    thirteen subqueries costs more than running them)."""
    queryset = LocalAuthority.objects.annotate(**summary_fingerprint()).filter(dfe_code=_ANY_CODE)
    return queryset.query.sql_with_params()


def local_authority_with_fingerprint(dfe_code: str):
    """The LA with the DfE code, carrying the `summary_fingerprint()` annotations; or None."""
    sql, params = _fingerprint_sql()
    params = [dfe_code if param == _ANY_CODE else param for param in params]
    return next(iter(LocalAuthority.objects.raw(sql, params)), None)


def fingerprint_of(local_authority, today) -> str:
    """A short digest of the annotations of `summary_fingerprint()`, the LA and the day."""
    values = [today.isoformat(), local_authority.name, local_authority.dfe_code]
    values += [
        value for name, value in sorted(vars(local_authority).items()) if name.startswith("fp_")
    ]
    return digest(values)


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
