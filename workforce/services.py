"""Workforce writes (local figures, local metric definitions) and the benchmark read model
other apps call.

Public read functions (each runs a fixed number of queries, whatever the data size):

- `metric_summaries(local_authority, *, user=None, metric_slugs=None, headline_only=False)`
  -> list[MetricSummary]: for each metric, every date's figure for the LA beside England, its
  region and the average of its statistical neighbours, the latest of them in words, and a
  chart (`summary.chart`, render with `{% trend_chart summary %}` from `workforce_charts`).
- `headline_figures(local_authority, metric_slugs=None, *, user=None)` -> list[MetricSummary]:
  the same for the headline metrics only (turnover, agency rate, vacancy rate, caseload,
  absence, and local % permanent social workers where the LA has entered it).

Local figures are private to the LA: pass `user` to leave them out for anyone else. With no
user they are included (for callers that have already checked access).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.dateformat import format as format_date
from django.utils.functional import cached_property
from django.utils.text import slugify

from core.models import LocalAuthority, StatisticalNeighbour
from workforce.models import Metric, Observation

# ---------------------------------------------------------------------------------------------
# Writes


class StaleEdit(Exception):
    """Someone else saved the record after the editor loaded it."""

    def __init__(self, current):
        super().__init__("This record was changed by someone else.")
        self.current = current


@transaction.atomic
def record_observation(
    *,
    local_authority: LocalAuthority,
    metric: Metric,
    date: date,
    value: Decimal,
    note: str = "",
    by,
) -> Observation:
    """Record a council's own figure for a local metric at any date (today or earlier)."""
    observation = Observation(
        metric=metric,
        area_type=Observation.AreaType.LOCAL,
        local_authority=local_authority,
        area_name=local_authority.name,
        date=date,
        value=value,
        source=Observation.Source.LOCAL,
        note=note,
        entered_by=by,
    )
    observation.full_clean()
    observation._history_user = by
    observation.save()
    return observation


@transaction.atomic
def update_observation(
    *,
    observation: Observation,
    by,
    seen_version: int,
    metric: Metric,
    date: date,
    value: Decimal,
    note: str = "",
) -> Observation:
    """Change a local figure; refuses (StaleEdit) if it changed since the editor loaded it."""
    current = Observation.objects.select_for_update().get(pk=observation.pk)
    if current.version != seen_version:
        raise StaleEdit(current)
    current.metric, current.date, current.value, current.note = metric, date, value, note
    current.entered_by = by
    current.version += 1
    current.full_clean()
    current._history_user = by
    current.save()
    return current


@transaction.atomic
def define_metric(
    *,
    by,
    local_authority: LocalAuthority | None,
    name: str,
    phrase: str,
    unit: str,
    better_direction: str,
    definition: str,
    decimal_places: int = 0,
) -> Metric:
    """Add a local metric: the council's own (local_authority set) or every council's."""
    base = slugify(name)[:50] or "metric"
    slug = base if local_authority is None else f"{base}-{local_authority.dfe_code}"
    taken = set(Metric.objects.filter(slug__startswith=slug).values_list("slug", flat=True))
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    metric = Metric(
        slug=candidate,
        name=name,
        phrase=phrase or name[:1].lower() + name[1:],
        unit=unit,
        better_direction=better_direction,
        source=Metric.Source.LOCAL,
        definition=definition,
        decimal_places=decimal_places,
        local_authority=local_authority,
        display_order=400,
    )
    metric.full_clean()
    metric._history_user = by
    metric.save()
    return metric


# ---------------------------------------------------------------------------------------------
# The benchmark read model


def possessive(name: str) -> str:
    return f"{name}'s"


def format_day(value: date) -> str:
    return format_date(value, "j F Y")


@dataclass
class NeighbourAverage:
    """The mean of the neighbours' published figures at one date, rounded like the metric's
    published figures.

    Only numbers are averaged (never special values). A joint return shared by two neighbours
    counts once in the mean; `count` is how many of the `total` neighbours had a number.
    """

    metric: Metric
    value: Decimal | None
    count: int
    total: int

    @property
    def display_value(self) -> str:
        if self.value is None:
            return "no figures" if self.total else "no neighbours"
        return self.metric.format_value(self.value)

    @property
    def coverage(self) -> str:
        return f"{self.count} of {self.total} neighbours"


@dataclass
class Figure:
    """One date: the LA's figure beside England's, the region's and the neighbours' average."""

    metric: Metric
    date: date
    own: Observation | None = None
    england: Observation | None = None
    region: Observation | None = None
    neighbours: NeighbourAverage | None = None

    @property
    def label(self) -> str:
        """“2025” for the DfE's 30 September figures, “31 October 2019” otherwise."""
        if self.metric.is_published:
            return str(self.date.year)
        return format_day(self.date)


def _display(observation: Observation | None) -> str:
    return observation.display_value if observation is not None else "no figure"


@dataclass
class MetricSummary:
    """Everything a page shows about one metric for one LA."""

    metric: Metric
    local_authority: LocalAuthority
    region_name: str
    figures: list[Figure] = field(default_factory=list)

    @property
    def latest(self) -> Figure | None:
        """The latest date with a figure (number or special value) for the LA."""
        for figure in reversed(self.figures):
            if figure.own is not None:
                return figure
        return None

    @property
    def has_comparators(self) -> bool:
        return self.metric.is_published

    @property
    def comparison(self) -> str:
        """“above”, “below” or “the same as” England's latest figure; "" when either is missing."""
        latest = self.latest
        if not latest or not latest.own or latest.own.value is None:
            return ""
        if not latest.england or latest.england.value is None:
            return ""
        places = Decimal(1).scaleb(-self.metric.decimal_places)
        own = latest.own.value.quantize(places, ROUND_HALF_UP)
        england = latest.england.value.quantize(places, ROUND_HALF_UP)
        if own > england:
            return "above"
        if own < england:
            return "below"
        return "the same as"

    @property
    def judgement(self) -> str:
        """“Better than England”, “Worse than England”, “Same as England” or ""."""
        comparison = self.comparison
        direction = self.metric.better_direction
        if not comparison or direction == Metric.Direction.NEITHER:
            return ""
        if comparison == "the same as":
            return "Same as England"
        better = (comparison == "above") == (direction == Metric.Direction.HIGHER)
        return "Better than England" if better else "Worse than England"

    @property
    def sentence(self) -> str:
        """The latest figure in words, e.g. “Havering's agency rate, 41.7%, is above England's
        13.0%.”"""
        name = possessive(self.local_authority.name)
        phrase = self.metric.phrase
        latest = self.latest
        if latest is None:
            return f"There are no figures for {name} {phrase} yet."
        own = latest.own
        when = latest.label if self.metric.is_published else format_day(latest.date)
        if own.value is None:
            return (
                f"{name} {phrase} for {when} was not published as a number: "
                f"{own.get_special_value_display()}."
            )
        if not self.metric.is_published:
            return f"{name} {phrase} was {own.display_value} on {when}."
        comparison = self.comparison
        if comparison:
            return (
                f"{name} {phrase}, {own.display_value}, is {comparison} England's "
                f"{latest.england.display_value}."
            )
        return (
            f"{name} {phrase}, {own.display_value}, cannot be compared with England's "
            f"({_display(latest.england)})."
        )

    @property
    def dates(self) -> str:
        if not self.figures:
            return ""
        first, last = self.figures[0].label, self.figures[-1].label
        return first if first == last else f"{first} to {last}"

    @cached_property
    def chart(self):
        from workforce.charts import build_trend_chart

        return build_trend_chart(self)


def _neighbour_ids(local_authority: LocalAuthority) -> list[int]:
    cache = getattr(local_authority, "_prefetched_objects_cache", {})
    if "neighbour_links" in cache:
        return [link.neighbour_id for link in cache["neighbour_links"]]
    return list(
        StatisticalNeighbour.objects.filter(local_authority=local_authority)
        .order_by("rank")
        .values_list("neighbour_id", flat=True)
    )


def _average(metric: Metric, observations: list[Observation], total: int) -> NeighbourAverage:
    numbers: dict[object, Decimal] = {}
    count = 0
    for observation in observations:
        if observation.value is None:
            continue
        count += 1
        numbers[observation.joint_return_codes or observation.local_authority_id] = (
            observation.value
        )
    value = None
    if numbers:
        places = Decimal(1).scaleb(-metric.decimal_places)
        value = (sum(numbers.values()) / len(numbers)).quantize(places, ROUND_HALF_UP)
    return NeighbourAverage(metric=metric, value=value, count=count, total=total)


def metric_summaries(
    local_authority: LocalAuthority,
    *,
    user=None,
    metric_slugs=None,
    headline_only: bool = False,
) -> list[MetricSummary]:
    """Each metric's figures for the LA beside England, its region and its neighbours.

    Three queries (two if the LA came with `LocalAuthority.objects.with_neighbours()`):
    metrics, neighbour ids, observations. Local metrics appear only if `user` (when given) may
    see the LA's own data; with `headline_only`, local metrics appear only where the LA has
    figures.
    """
    la = local_authority
    metrics = Metric.objects.available_to(la.pk)
    if metric_slugs is not None:
        metrics = metrics.filter(slug__in=list(metric_slugs))
    if headline_only:
        metrics = metrics.headline()
    may_see_local = user is None or user.can_see_local_authority_data(la.pk)
    if not may_see_local:
        metrics = metrics.published()
    metrics = {metric.pk: metric for metric in metrics}
    neighbour_ids = _neighbour_ids(la)

    observations = Observation.objects.filter(metric__in=list(metrics)).for_comparison(
        la, neighbour_ids
    )
    if not may_see_local:
        observations = observations.published()
    own: dict[tuple, Observation] = {}
    england: dict[tuple, Observation] = {}
    region: dict[tuple, Observation] = {}
    neighbours: dict[tuple, list[Observation]] = {}
    dates: dict[int, set[date]] = {pk: set() for pk in metrics}
    region_name = la.region_name
    for observation in observations.order_by():
        metric = metrics[observation.metric_id]
        observation.metric = metric
        key = (observation.metric_id, observation.date)
        if observation.area_type == Observation.AreaType.NATIONAL:
            england[key] = observation
        elif observation.area_type == Observation.AreaType.REGIONAL:
            region[key] = observation
            region_name = observation.area_name or region_name
        elif observation.local_authority_id == la.pk:
            observation.local_authority = la
            own[key] = observation
            dates[observation.metric_id].add(observation.date)
        else:
            neighbours.setdefault(key, []).append(observation)

    summaries = []
    for pk, metric in metrics.items():
        if headline_only and not metric.is_published and not dates[pk]:
            continue
        # A DfE metric's chart runs over every year published for England, even where the LA
        # has no figure; a local metric's over the LA's own dates.
        when = set(dates[pk])
        if metric.is_published:
            when |= {day for (metric_id, day) in england if metric_id == pk}
        summary = MetricSummary(metric=metric, local_authority=la, region_name=region_name)
        for day in sorted(when):
            key = (pk, day)
            summary.figures.append(
                Figure(
                    metric=metric,
                    date=day,
                    own=own.get(key),
                    england=england.get(key),
                    region=region.get(key),
                    neighbours=_average(metric, neighbours.get(key, []), len(neighbour_ids))
                    if metric.is_published
                    else None,
                )
            )
        summaries.append(summary)
    return summaries


def headline_figures(local_authority, metric_slugs=None, *, user=None) -> list[MetricSummary]:
    """The headline metrics' latest figures with England, region and neighbours, in words.

    For each headline metric (turnover, agency rate, vacancy rate, caseload, absence, and the
    local % permanent social workers if the LA has entered it), a `MetricSummary` whose
    `.latest` is the LA's latest `Figure` (`.own`, `.england`, `.region`, `.neighbours` with
    `.value`, `.count` and `.total`; `.date`), `.sentence` the words (“Havering's agency rate,
    41.7%, is above England's 13.0%.”), `.judgement` “Better/Worse/Same as England” and
    `.chart` the trend chart. `metric_slugs` picks metrics instead of the headline set.
    Three queries at most, whatever the data size.
    """
    return metric_summaries(
        local_authority,
        user=user,
        metric_slugs=metric_slugs,
        headline_only=metric_slugs is None,
    )
