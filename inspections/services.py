"""Reads that combine several inspections, and the write behind the entry form.

Public functions other apps may call:

- `judgement_comparison(local_authority) -> JudgementComparison`: the LA's latest graded
  inspection, the previous one, area by area (better/same/worse), and the visits since the
  latest graded inspection. Four queries whatever the history.
- `journeys(*, queryset=None, direction=None) -> list[Journey]`: LAs whose overall
  effectiveness moved from inadequate to good or better ("improved") or from good or better to
  inadequate ("declined"), with both inspections, their dates and the months taken.
- `national_overview() -> NationalOverview`: latest grades of every LA, counts by grade and by
  Ofsted region, the LAs now judged inadequate and the journeys.
- `save_inspection(...)`: create or update an inspection with its judgements and
  recommendations, refusing stale edits (`core.editing.StaleEdit`); bumps the council's and
  the national data versions, so every cached page that shows inspections shows the change.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.editing import lock_current
from core.models import LocalAuthority
from core.versioning import bump_for_council_and_nation
from inspections.models import (
    GOOD_OR_BETTER,
    Framework,
    Grade,
    Inspection,
    Judgement,
    JudgementArea,
    Recommendation,
)

BETTER, SAME, WORSE = "better", "same", "worse"
IMPROVED, DECLINED = "improved", "declined"


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from `start` to `end` (rounded to the nearest month)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day - start.day >= 15:
        months += 1
    elif start.day - end.day > 15:
        months -= 1
    return max(months, 0)


def compare_grades(latest: str | None, previous: str | None) -> str | None:
    """ "better", "same" or "worse" from `previous` to `latest`; None if either has no grade."""
    new, old = Grade.code(latest), Grade.code(previous)
    if new is None or old is None:
        return None
    return BETTER if new < old else WORSE if new > old else SAME


@dataclass
class AreaComparison:
    strand: str
    name: str  # the area's name in the latest inspection's framework (or the previous one's)
    latest: Judgement | None
    previous: Judgement | None

    @property
    def direction(self) -> str | None:
        return compare_grades(
            self.latest.grade if self.latest else None,
            self.previous.grade if self.previous else None,
        )


@dataclass
class JudgementComparison:
    local_authority: LocalAuthority
    latest: Inspection | None
    previous: Inspection | None
    areas: list[AreaComparison] = field(default_factory=list)
    visits_since: list[Inspection] = field(default_factory=list)

    @property
    def framework_changed(self) -> bool:
        return bool(self.latest and self.previous) and (
            self.latest.framework_id != self.previous.framework_id
        )


def judgement_comparison(local_authority) -> JudgementComparison:
    """The LA's latest and previous graded inspections compared area by area (by strand, so
    areas that changed name between frameworks still line up), and the ungraded visits since
    the latest graded inspection, newest first. `local_authority` is an instance. Two queries
    (the LA's inspections, their judgements) however long the LA's history."""
    inspections = list(
        Inspection.objects.for_local_authority(local_authority).with_judgements().latest_first()
    )
    graded = [inspection for inspection in inspections if inspection.is_graded]
    latest = graded[0] if graded else None
    previous = graded[1] if len(graded) > 1 else None
    areas, seen = [], set()
    for inspection in (latest, previous):
        for judgement in inspection.judgements.all() if inspection else []:
            strand = judgement.area.strand
            if strand in seen:
                continue
            seen.add(strand)
            areas.append(
                AreaComparison(
                    strand=strand,
                    name=judgement.area.name,
                    latest=latest.judgement_for(strand),
                    previous=previous.judgement_for(strand) if previous else None,
                )
            )
    visits = [
        inspection
        for inspection in inspections
        if not inspection.is_graded
        and (latest is None or inspection.start_date > latest.start_date)
    ]
    return JudgementComparison(
        local_authority=local_authority,
        latest=latest,
        previous=previous,
        areas=areas,
        visits_since=visits,
    )


@dataclass
class Journey:
    local_authority: LocalAuthority
    direction: str  # IMPROVED or DECLINED
    start: Inspection
    end: Inspection

    @property
    def months(self) -> int:
        return months_between(self.start.start_date, self.end.start_date)

    @property
    def start_grade(self):
        return self.start.overall_grade

    @property
    def end_grade(self):
        return self.end.overall_grade


def _journeys_of(inspections: list[Inspection]) -> list[Journey]:
    """Journeys in one LA's graded inspections (oldest first), by overall effectiveness.

    An improvement runs from the last inadequate inspection before the first later good or
    outstanding one; a decline from the last good or outstanding inspection before the first
    later inadequate one.
    """
    found = []
    last_inadequate = last_good = None
    for inspection in inspections:
        grade = inspection.overall_grade
        if grade == Grade.INADEQUATE:
            if last_good is not None:
                found.append(Journey(inspection.local_authority, DECLINED, last_good, inspection))
                last_good = None
            last_inadequate = inspection
        elif grade in GOOD_OR_BETTER:
            if last_inadequate is not None:
                found.append(
                    Journey(inspection.local_authority, IMPROVED, last_inadequate, inspection)
                )
                last_inadequate = None
            last_good = inspection
    return found


def journeys(*, queryset=None, direction: str | None = None) -> list[Journey]:
    """LAs whose overall effectiveness moved inadequate -> good or better (IMPROVED) or good or
    better -> inadequate (DECLINED), most recent first. `queryset` narrows the inspections
    considered (e.g. to some LAs); `direction` keeps one kind. Three queries."""
    queryset = (queryset if queryset is not None else Inspection.objects.all()).graded()
    by_la = defaultdict(list)
    for inspection in queryset.with_judgements().order_by("start_date", "pk"):
        by_la[inspection.local_authority_id].append(inspection)
    found = [journey for items in by_la.values() for journey in _journeys_of(items)]
    if direction:
        found = [journey for journey in found if journey.direction == direction]
    return sorted(found, key=lambda j: (j.end.start_date, j.local_authority.name), reverse=True)


@dataclass
class LatestGrades:
    local_authority: LocalAuthority
    inspection: Inspection

    @property
    def overall(self):
        return self.inspection.judgement_for("overall")

    @property
    def leadership(self):
        return self.inspection.judgement_for("leadership")


@dataclass
class NationalOverview:
    latest: list[LatestGrades]
    by_grade: list[tuple[str, str, int]]  # (grade value, label, count)
    by_region: list[tuple[str, list[int], int]]  # (region, counts in Grade order, total)
    inadequate_now: list[tuple[LatestGrades, int]]  # with months since the inspection
    journeys: list[Journey]
    grades: list[tuple[str, str]]
    today: datetime.date


def national_overview(today: datetime.date | None = None) -> NationalOverview:
    """Every current LA's latest graded inspection and the national picture. Three queries."""
    today = today or timezone.localdate()
    inspections = list(
        Inspection.objects.graded()
        .filter(local_authority__status=LocalAuthority.Status.CURRENT)
        .with_judgements()
        .order_by("start_date", "pk")
    )
    by_la = defaultdict(list)
    for inspection in inspections:
        by_la[inspection.local_authority_id].append(inspection)
    latest = sorted(
        (LatestGrades(items[-1].local_authority, items[-1]) for items in by_la.values()),
        key=lambda row: row.local_authority.name,
    )
    grades = [(g.value, g.label) for g in Grade if g != Grade.NOT_JUDGED]
    counts = Counter(row.inspection.overall_grade for row in latest)
    regions = defaultdict(Counter)
    for row in latest:
        region = row.local_authority.ofsted_region or row.local_authority.region_name or "Unknown"
        regions[region][row.inspection.overall_grade] += 1
    by_region = [
        (region, [counter[value] for value, _ in grades], sum(counter.values()))
        for region, counter in sorted(regions.items())
    ]
    inadequate = sorted(
        (
            (row, months_between(row.inspection.published_on or row.inspection.start_date, today))
            for row in latest
            if row.inspection.overall_grade == Grade.INADEQUATE
        ),
        key=lambda pair: (-pair[1], pair[0].local_authority.name),
    )
    found = [j for items in by_la.values() for j in _journeys_of(items)]
    found.sort(key=lambda j: (j.end.start_date, j.local_authority.name), reverse=True)
    return NationalOverview(
        latest=latest,
        by_grade=[(value, label, counts[value]) for value, label in grades],
        by_region=by_region,
        inadequate_now=inadequate,
        journeys=found,
        grades=grades,
        today=today,
    )


def ordered_strands(frameworks) -> list[tuple[str, str]]:
    """(strand, name) for every strand of `frameworks` (with prefetched areas), named and
    ordered as the newest framework has them; strands only older frameworks had are slotted in
    where those frameworks put them (e.g. overall effectiveness first, SIF's adoption
    performance before care leavers)."""
    merged: list[str] = []
    names: dict[str, str] = {}
    for framework in sorted(frameworks, key=lambda f: f.starts_on, reverse=True):
        strands = [area.strand for area in framework.areas.all()]
        for index, strand in enumerate(strands):
            names.setdefault(
                strand, next(a.name for a in framework.areas.all() if a.strand == strand)
            )
            if strand in merged:
                continue
            following = next((s for s in strands[index + 1 :] if s in merged), None)
            merged.insert(merged.index(following) if following else len(merged), strand)
    return [(strand, names[strand]) for strand in merged]


@dataclass
class HistoryGrid:
    """An LA's graded inspections (columns, oldest first) by strand (rows)."""

    columns: list[Inspection]
    rows: list[tuple[str, list]]  # (row heading, cells: Judgement, or None if not in framework)
    framework_starts: set[int]  # pks of columns whose framework differs from the one before


def history_grid(inspections: list[Inspection], frameworks: list[Framework]) -> HistoryGrid:
    """Build the grid from graded inspections with prefetched judgements and frameworks with
    prefetched areas (no queries). Rows follow `ordered_strands`; a strand no inspection
    was judged on is left out."""
    columns = sorted(inspections, key=lambda i: (i.start_date, i.pk))
    strands = dict(ordered_strands(frameworks))
    used = {j.area.strand for i in columns for j in i.judgements.all()}
    framework_strands = {f.pk: {a.strand for a in f.areas.all()} for f in frameworks}
    rows = []
    for strand, name in strands.items():
        if strand not in used:
            continue
        cells = []
        for inspection in columns:
            judgement = inspection.judgement_for(strand)
            in_framework = strand in framework_strands.get(inspection.framework_id, set())
            cells.append(judgement if judgement else ("missing" if in_framework else None))
        rows.append((name, cells))
    starts = {
        column.pk
        for before, column in zip(columns, columns[1:], strict=False)
        if before.framework_id != column.framework_id
    }
    return HistoryGrid(columns=columns, rows=rows, framework_starts=starts)


@transaction.atomic
def save_inspection(
    *,
    inspection: Inspection | None,
    by,
    values: dict,
    judgements: list[tuple[JudgementArea, str, str]],
    recommendations: list[dict],
    seen_version: int | None = None,
) -> Inspection:
    """Create (`inspection=None`) or update an inspection with its judgements and
    recommendations, entered by hand by `by`.

    `values`: Inspection field values. `judgements`: (area, grade, narrative) for every area
    given a grade; other judgements are removed. `recommendations`: dicts with `id` (None for
    new), `kind`, `text`, `delete`, in the order wanted. Raises StaleEdit if the inspection's
    version is not `seen_version`, ValidationError if the data breaks a model rule.
    The inspection is marked as entered by hand (or, if it was imported, as corrected by `by`),
    so the importer never overwrites it.
    """
    if inspection is None:
        inspection = Inspection(**values)
        inspection.version = 1
    else:
        inspection = lock_current(inspection, seen_version)
        for key, value in values.items():
            setattr(inspection, key, value)
        inspection.version += 1
    if inspection.came_from_ofsted:
        # An imported inspection stays Ofsted's, corrected by this person; imports leave it be.
        inspection.source = Inspection.Source.CORRECTED
        inspection.corrected_by, inspection.corrected_at = by, timezone.now()
    else:
        inspection.source = Inspection.Source.ENTERED
    inspection.full_clean()
    inspection._history_user = by
    inspection.save()

    current = {j.area_id: j for j in inspection.judgements.all()}
    wanted = {area.pk for area, _, _ in judgements}
    for area_id, judgement in current.items():
        if area_id not in wanted:
            judgement._history_user = by
            judgement.delete()
    for area, grade, narrative in judgements:
        if area.framework_id != inspection.framework_id:
            raise ValidationError(f"{area} is not a judgement of {inspection.framework}.")
        judgement = current.get(area.pk) or Judgement(inspection=inspection, area=area)
        if judgement.pk and (judgement.grade, judgement.narrative) == (grade, narrative):
            continue
        judgement.grade, judgement.narrative = grade, narrative
        judgement.full_clean(validate_unique=False)
        judgement._history_user = by
        judgement.save()

    existing = {r.pk: r for r in inspection.recommendations.all()}
    order = 0
    for item in recommendations:
        recommendation = existing.get(item.get("id")) if item.get("id") else None
        if item.get("delete") or not (item.get("text") or "").strip():
            if recommendation is not None:
                recommendation._history_user = by
                recommendation.delete()
            continue
        order += 1
        if recommendation is None:
            recommendation = Recommendation(inspection=inspection)
        elif (recommendation.order, recommendation.text, recommendation.kind) == (
            order,
            item["text"].strip(),
            item["kind"],
        ):
            continue
        recommendation.order = order
        recommendation.text = item["text"].strip()
        recommendation.kind = item.get("kind") or Recommendation.Kind.IMPROVE
        recommendation.full_clean()
        recommendation._history_user = by
        recommendation.save()
    bump_for_council_and_nation(inspection.local_authority_id)
    return inspection
