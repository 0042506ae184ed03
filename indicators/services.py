"""Indicator reads (a council's indicators, one measure, the scorecard) and writes (targets,
local figures typed or imported, the scorecard's choice and order, theme measures).

Public read functions, each a fixed number of queries whatever the data size:

- `council_indicators(la, *, topic, user=None)` -> list[IndicatorRow]: every DfE measure of the
  topic for the council, beside England, region and neighbours, with band and direction.
- `scorecard_rows(la, *, on=None)` -> list[ScorecardRow]: the council's key indicators in the
  order its administrator chose (see `ScorecardRow` for the fields). Local figures are private:
  call it only for a user who may see the council's data (`user.can_see_local_authority_data`).
- `theme_measure_rows(theme)` -> list[ScorecardRow]: a theme's measures of success, the same way.

Every write bumps the council's data version, so cached pages show it at once.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, OuterRef, Subquery, When
from django.urls import reverse
from django.utils import timezone

from core.dates import long_date
from core.editing import save_with_history
from core.versioning import bump_council
from indicators.engine import (
    LOWER,
    NEITHER,
    MeasureSummary,
    TargetJudgement,
    build_summaries,
    neighbour_ids,
    quartile_band,
)
from indicators.models import Measure, ScorecardItem, Target, ThemeMeasure, Value

# ---------------------------------------------------------------------------------------------
# Reads


@dataclass
class IndicatorRow:
    """One measure for one council: the engine's summary plus band, direction and words."""

    summary: MeasureSummary
    rank: int | None = None
    ranked: int | None = None

    @property
    def measure(self):
        return self.summary.metric

    @property
    def latest(self):
        return self.summary.latest

    @property
    def band(self) -> str:
        if not self.measure.has_polarity:
            return ""
        return quartile_band(self.rank, self.ranked)

    @property
    def direction(self) -> str:
        return self.summary.direction_of_travel

    @property
    def sentence(self) -> str:
        summary, latest = self.summary, self.summary.latest
        if latest is None:
            return summary.sentence
        words = [f"In the {latest.period}, {summary.sentence}"]
        if self.band:
            words.append(
                f"That is in band {self.band} of four among {self.ranked} councils "
                "(A is the best quarter)."
            )
        direction = self.direction
        previous = summary.previous
        if direction and previous is not None:
            if direction == "no change":
                words.append(f"It is the same as in the {previous.period}.")
            elif direction in ("improving", "worsening"):
                words.append(
                    f"It is {direction}: {previous.own.display_value} in the {previous.period}."
                )
            else:
                words.append(
                    f"It is {direction} than in the {previous.period} "
                    f"({previous.own.display_value}); the DfE says neither way is better."
                )
        return " ".join(words)


def _bands(local_authority, measures: dict) -> dict[tuple, tuple[int, int]]:
    """{(measure_id, date): (rank, ranked)} for the council's published figures, ranked among
    every council with a figure that year, best first by polarity (ties share a rank). One
    query: each of the council's figures counts the councils better than it."""
    councils = (
        Value.objects.published()
        .of_councils()
        .filter(measure=OuterRef("measure"), date=OuterRef("date"), value__isnull=False)
        .order_by()
        .values("measure")
    )

    def count(queryset):
        return Subquery(queryset.annotate(n=Count("pk")).values("n")[:1])

    rows = (
        Value.objects.published()
        .of_councils()
        .filter(
            local_authority=local_authority,
            value__isnull=False,
            measure__in=[pk for pk, m in measures.items() if m.has_polarity],
        )
        .annotate(
            better=Case(
                When(
                    measure__better_direction=LOWER,
                    then=count(councils.filter(value__lt=OuterRef("value"))),
                ),
                default=count(councils.filter(value__gt=OuterRef("value"))),
            ),
            ranked=count(councils),
        )
        .values_list("measure_id", "date", "better", "ranked")
    )
    return {
        (measure_id, day): ((better or 0) + 1, ranked) for measure_id, day, better, ranked in rows
    }


def council_indicators(local_authority, *, topic, user=None) -> list[IndicatorRow]:
    """Four queries: measures, figures, bands (neighbours come prefetched or one more)."""
    measures = {m.pk: m for m in Measure.objects.published().in_topic(topic)}
    summaries = build_summaries(
        local_authority, measures, Value.objects.published().filter(measure__in=list(measures))
    )
    bands = _bands(local_authority, measures)
    rows = []
    for summary in summaries:
        latest = summary.latest
        rank, ranked = (None, None)
        if latest is not None:
            rank, ranked = bands.get((summary.metric.pk, latest.date), (None, None))
        rows.append(IndicatorRow(summary=summary, rank=rank, ranked=ranked))
    return rows


def measure_summary(local_authority, measure) -> MeasureSummary:
    figures = Value.objects.filter(measure=measure)
    figures = figures.published() if measure.is_published else figures.entered_locally()
    (summary,) = build_summaries(local_authority, {measure.pk: measure}, figures)
    return summary


def measure_detail(local_authority, measure, user) -> dict:
    """Everything a council's measure page shows."""
    context = {}
    summary = measure_summary(local_authority, measure)
    band = None
    if measure.is_published and summary.latest is not None:
        band = _bands(local_authority, {measure.pk: measure}).get((measure.pk, summary.latest.date))
    context["row"] = IndicatorRow(
        summary=summary, rank=band[0] if band else None, ranked=band[1] if band else None
    )
    if user.can_see_local_authority_data(local_authority.pk):
        context["local_values"] = list(
            Value.objects.local_figures_of(local_authority)
            .filter(measure=measure)
            .select_related("entered_by")
            .order_by("-date")
        )
        context["targets"] = list(
            Target.objects.filter(local_authority=local_authority, measure=measure)
        )
        for item in [*context["local_values"], *context["targets"]]:
            item.measure = measure
        (context["scorecard_row"],) = scorecard_rows(local_authority, measures=[measure])
    return context


@dataclass
class ScorecardRow:
    """One key indicator of a council's scorecard.

    - `measure`: the `Measure` (`.name`, `.get_absolute_url()`, `.is_published`).
    - `published`: the latest published figure (a `Value`, `.display_value`, `.period` in
      words), or None; `england` and `neighbours` (a `NeighbourAverage`, `.display_value`,
      `.coverage`) at the same period.
    - `local`: the latest local, unpublished figure (a `Value`) or None; never compared with
      England or neighbours.
    - `latest`: the figure the target is judged on: the later of the two, local if same day.
    - `target`: the `Target` in force on `on` (or the latest), or None; `judgement`: its RAG
      (`.rag` "green"/"amber"/"red", `.label` "Green", `.words` "2.3 points short of the 90%
      target") or None.
    - `direction`: "improving", "worsening", "no change", "higher", "lower" or "" (published
      figures, year on year).
    - `url`: the page of the measure for the council. A workforce metric (the same engine's
      other topic) has its figures and comparators but no target.
    """

    measure: Measure
    published: Value | None = None
    england: Value | None = None
    neighbours: object = None
    local: Value | None = None
    target: Target | None = None
    judgement: TargetJudgement | None = None
    direction: str = ""
    url: str = ""

    def compare(self, summary) -> None:
        """Take the latest published figure, England's, the neighbours' and the direction of
        travel from the engine's summary of the measure, if it has a figure."""
        latest = summary.latest
        if latest is not None:
            self.published, self.england, self.neighbours = (
                latest.own,
                latest.england,
                latest.neighbours,
            )
            self.direction = summary.direction_of_travel

    @property
    def published_period(self) -> str:
        """The published figure's period in words: “year ending 31 March 2025”, or “at 30
        September 2025” for a workforce figure."""
        if self.published is None:
            return ""
        period = getattr(self.published, "period", "")
        return period or self.measure.year_phrase(self.published.date.year)

    @property
    def latest(self):
        if self.local is not None and (
            self.published is None or self.local.date >= self.published.date
        ):
            return self.local
        return self.published


def _latest_local(local_authority, measure_ids) -> dict[int, Value]:
    latest = {}
    # Each measure's newest first; the first seen is kept (portable: no DISTINCT ON, which
    # SQLite lacks; a council's local figures are few).
    for value in (
        Value.objects.local_figures_of(local_authority)
        .filter(measure__in=measure_ids)
        .order_by("measure_id", "-date")
    ):
        latest.setdefault(value.measure_id, value)
    return latest


def _targets(local_authority, measure_ids, on: date) -> dict[int, Target]:
    chosen = {}
    for target in Target.objects.filter(
        local_authority=local_authority, measure__in=measure_ids
    ).order_by("measure_id", "-applies_from"):
        current = chosen.get(target.measure_id)
        in_force = target.applies_from <= on <= target.applies_to
        if current is None or (in_force and not (current.applies_from <= on <= current.applies_to)):
            chosen[target.measure_id] = target
    return chosen


def _published_summaries(local_authority, by_pk: dict, figure_model) -> dict:
    """The engine's summaries of the published measures among `by_pk`, by their pk, from the
    published figures of `figure_model` (`Value` or the workforce's `Observation`)."""
    published = {pk: m for pk, m in by_pk.items() if m.is_published}
    if not published:
        return {}
    figures = figure_model.objects.published().filter(
        **{f"{figure_model.measure_field}__in": list(published)}
    )
    return {
        summary.metric.pk: summary
        for summary in build_summaries(
            local_authority, published, figures, neighbours=neighbour_ids(local_authority)
        )
    }


def _rows_for(
    local_authority, measures: list[Measure], on: date | None = None
) -> list[ScorecardRow]:
    on = on or timezone.localdate()
    if not measures:
        return []
    by_pk = {m.pk: m for m in measures}
    summaries = _published_summaries(local_authority, by_pk, Value)
    local = _latest_local(local_authority, list(by_pk))
    targets = _targets(local_authority, list(by_pk), on)
    rows = []
    for measure in measures:
        measure = by_pk[measure.pk]
        row = ScorecardRow(
            measure=measure,
            local=local.get(measure.pk),
            target=targets.get(measure.pk),
            url=reverse(
                "indicators:la-measure",
                kwargs={"dfe_code": local_authority.dfe_code, "slug": measure.slug},
            ),
        )
        summary = summaries.get(measure.pk)
        if summary is not None:
            row.compare(summary)
        for figure in (row.local, row.published):
            if figure is not None:
                figure.measure = measure
        if row.target is not None and row.latest is not None:
            row.target.measure = measure
            row.judgement = row.target.judge(row.latest.value)
        rows.append(row)
    return rows


def _workforce_rows(local_authority, metrics: list) -> list[ScorecardRow]:
    """Scorecard rows of social work workforce metrics: the latest published figure beside
    England and the neighbours, and the latest local figure. Two or three queries."""
    from workforce.models import Observation

    if not metrics:
        return []
    by_pk = {metric.pk: metric for metric in metrics}
    rows = {}
    for metric in metrics:
        rows[metric.pk] = ScorecardRow(
            measure=metric,
            url=reverse("workforce:la-workforce", kwargs={"dfe_code": local_authority.dfe_code})
            + f"#{metric.slug}",
        )
    for pk, summary in _published_summaries(local_authority, by_pk, Observation).items():
        rows[pk].compare(summary)
    for figure in (
        Observation.objects.entered_locally()
        .filter(local_authority=local_authority, metric__in=list(by_pk), value__isnull=False)
        .order_by("metric_id", "-date")
    ):
        if rows[figure.metric_id].local is None:  # the newest of each metric
            figure.metric = by_pk[figure.metric_id]
            rows[figure.metric_id].local = figure
    return [rows[metric.pk] for metric in metrics]


def scorecard_rows(local_authority, *, on: date | None = None, measures=None) -> list[ScorecardRow]:
    """The council's scorecard in its order (or the rows of `measures`): indicators and
    social work workforce metrics. Six queries, three more with workforce metrics."""
    if measures is not None:
        return _rows_for(local_authority, measures, on)
    items = list(
        ScorecardItem.objects.filter(local_authority=local_authority).select_related(
            "measure", "metric"
        )
    )
    indicators = _rows_for(local_authority, [item.measure for item in items if item.measure_id], on)
    workforce = _workforce_rows(local_authority, [item.metric for item in items if item.metric_id])
    by_item = iter(indicators), iter(workforce)
    return [next(by_item[0] if item.measure_id else by_item[1]) for item in items]


def theme_measure_rows(theme) -> list[ScorecardRow]:
    """A theme's measures of success, as scorecard rows."""
    measures = [
        link.measure for link in ThemeMeasure.objects.filter(theme=theme).select_related("measure")
    ]
    return _rows_for(theme.programme.local_authority, measures)


# ---------------------------------------------------------------------------------------------
# Writes


@transaction.atomic
def set_target(
    *, local_authority, by, measure, value, tolerance, applies_from, applies_to, better_direction=""
) -> Target:
    target = Target(
        local_authority=local_authority,
        measure=measure,
        value=value,
        tolerance=tolerance or Decimal("0"),
        applies_from=applies_from,
        applies_to=applies_to,
        better_direction=better_direction,
        set_by=by,
    )
    target.full_clean()
    target.save()
    bump_council(local_authority)
    return target


@transaction.atomic
def record_local_value(*, local_authority, by, measure, date, value, note="") -> Value:
    """A council's own figure between releases: local, unpublished."""
    figure = Value.local_figure(
        local_authority=local_authority, measure=measure, date=date, value=value, note=note, by=by
    )
    figure.full_clean()
    figure.save()
    bump_council(local_authority)
    return figure


LOCAL_CSV_HEADER = ["measure_code", "measure_name", "date", "value", "note"]


def local_csv_template(local_authority) -> tuple[list[str], list[list]]:
    """The template: one row per scorecard measure (or every measure of the council's own),
    with today's date to overwrite and an empty value."""
    items = list(
        ScorecardItem.objects.filter(
            local_authority=local_authority, measure__isnull=False
        ).select_related("measure")
    )
    measures = [item.measure for item in items] or list(
        Measure.objects.available_to(local_authority.pk).own()
    )
    today = timezone.localdate().isoformat()
    return LOCAL_CSV_HEADER, [[m.code or m.slug, m.name, today, "", ""] for m in measures]


@transaction.atomic
def import_local_csv(*, local_authority, by, upload) -> int:
    """Every row of the CSV or none: a ValidationError names each bad line."""
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError({"file": "The file must be a CSV saved as UTF-8."}) from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("measure_code", "date", "value") if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(
            {"file": f"Line 1: the file needs the columns {', '.join(missing)} (use the template)."}
        )
    measures = {}
    for measure in Measure.objects.available_to(local_authority.pk):
        measures[measure.slug] = measure
        if measure.code:
            measures[measure.code] = measure
    errors, figures, seen = [], [], {}
    for row in reader:
        line = reader.line_num
        code = (row.get("measure_code") or "").strip()
        value_text = (row.get("value") or "").strip()
        if not code and not value_text:
            continue
        measure = measures.get(code)
        if measure is None:
            errors.append(f"Line {line}: “{code}” is not a measure code of this council.")
            continue
        try:
            day = date.fromisoformat((row.get("date") or "").strip())
        except ValueError:
            errors.append(f"Line {line}: enter the date as year-month-day, like 2019-10-31.")
            continue
        try:
            value = Decimal(value_text.removesuffix("%"))
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            errors.append(f"Line {line}: enter the figure as a number, like 61 or 61.5.")
            continue
        key = (measure.pk, day)
        if key in seen:
            errors.append(
                f"Line {line}: {measure.name} on {long_date(day)} is also on line {seen[key]}."
            )
            continue
        seen[key] = line
        figure = Value.local_figure(
            local_authority=local_authority,
            measure=measure,
            date=day,
            value=value,
            note=(row.get("note") or "").strip()[:500],
            by=by,
        )
        try:
            figure.full_clean()
        except ValidationError as exc:
            messages = [m for ms in exc.message_dict.values() for m in ms]
            errors.append(f"Line {line}: {' '.join(messages)}")
            continue
        figures.append(figure)
    if not figures and not errors:
        errors.append("The file has no figures: fill in the value column of the template.")
    if errors:
        raise ValidationError({"file": errors[:20]})
    try:
        with transaction.atomic():
            Value.objects.bulk_create(figures)
    except IntegrityError as exc:
        raise ValidationError(
            {"file": "Some figures are already recorded for those dates: nothing was saved."}
        ) from exc
    bump_council(local_authority)
    return len(figures)


@transaction.atomic
def set_scorecard(*, local_authority, by, measures: list) -> list[ScorecardItem]:
    """The council's key indicators, in this order (replacing the previous choice): indicator
    measures and social work workforce metrics."""
    ScorecardItem.objects.filter(local_authority=local_authority).delete()
    items = []
    for index, measure in enumerate(measures, start=1):
        item = ScorecardItem(local_authority=local_authority, order=index)
        if isinstance(measure, Measure):
            item.measure = measure
        else:
            item.metric = measure
        if measure.local_authority_id not in (None, local_authority.pk):
            raise ValidationError({"measures": f"{measure.name} belongs to another council."})
        items.append(item)
    items = ScorecardItem.objects.bulk_create(items)
    bump_council(local_authority)
    return items


@transaction.atomic
def define_own_measure(
    *,
    local_authority,
    by,
    name,
    kind,
    better_direction,
    decimal_places=0,
    definition="",
    unit="",
) -> Measure:
    """A council's own measure (local figures only, private to the council)."""
    from django.utils.text import slugify

    from indicators.models import Topic, YearType

    base = f"{slugify(name)[:40] or 'measure'}-{local_authority.dfe_code}"
    slug, number = base, 2
    while Measure.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    measure = Measure(
        slug=slug,
        name=name,
        phrase=name[:1].lower() + name[1:],
        topic=Topic.LOCAL,
        kind=kind,
        unit=unit,
        better_direction=better_direction,
        year_type=YearType.DATE,
        decimal_places=decimal_places,
        definition=definition,
        local_authority=local_authority,
        display_order=500,
    )
    save_with_history(measure, by=by)
    bump_council(local_authority)
    return measure


@transaction.atomic
def set_theme_measures(*, theme, by, measures: list[Measure]) -> None:
    ThemeMeasure.objects.filter(theme=theme).delete()
    ThemeMeasure.objects.bulk_create(
        [ThemeMeasure(theme=theme, measure=m, order=i) for i, m in enumerate(measures, start=1)]
    )
    bump_council(theme.programme.local_authority_id)


__all__ = [
    "NEITHER",
    "council_indicators",
    "scorecard_rows",
    "theme_measure_rows",
]
