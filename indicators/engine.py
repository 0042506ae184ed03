"""The indicator engine: one set of machinery for every topic of performance indicators.

A topic's measures and figures are models of their own (the social work workforce's `Metric`
and `Observation`; the DfE's children's social care measures' `Measure` and `Value`), and each
mixes in the behaviour here, so there is one way to format a figure, rank councils, average
neighbours, say which way is better, band councils into quartiles, judge against a target and
draw the trend:

- `MeasureMixin` on a measure model: needs `slug`, `name`, `phrase`, `decimal_places`,
  `better_direction` ("higher", "lower", "neither"), `is_published`, `is_percentage`; gives
  `format_value`, `plain_value`, `rank_order`, `check_value`, `rounded`, `period_label`,
  `period_words`, `period_heading`, `direction_of_travel`, `csv_url_for`.
- `FigureMixin` on a figure model (one number, or none, for England, a region or a council at
  one date): `display_value` ("no figure" or the source's symbol in words, never 0),
  `is_special`, joint-return notes, `local_figure` (a council's own figure).
- `MeasureQuerySetBase` and `FigureQuerySetBase`: the reads both topics share (the measures
  a council may use; a council's figures beside its neighbours', region's and England's).
- `build_summaries(la, measures, figures)`: each measure's series for a council beside England,
  its region and its statistical neighbours' average (`MeasureSummary`, `Figure`,
  `NeighbourAverage`), in three queries whatever the data size.
- `quartile_band`, `Rag` and `judge_against_target`: bands A (best) to D and target RAG in
  words with the distance, both aware of which direction is better.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.dateformat import format as format_date
from django.utils.functional import cached_property

HIGHER, LOWER, NEITHER = "higher", "lower", "neither"


class Polarity(models.TextChoices):
    HIGHER = HIGHER, "Higher is better"
    LOWER = LOWER, "Lower is better"
    NEITHER = NEITHER, "Neither higher nor lower is better"


def possessive(name: str) -> str:
    return f"{name}'s"


def format_day(value: date) -> str:
    return format_date(value, "j F Y")


@cache
def quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def area_constraints(prefix: str, measure: str, *, local_key: tuple[str, ...], message: str):
    """The constraints every figure model shares: a figure is England's (no council, no region),
    a region's (a region code only) or a council's (a council only), and there is one figure per
    measure, area and date (`local_key` adds fields, such as the source, to a council's key)."""
    Q = models.Q
    return [
        models.CheckConstraint(
            condition=(
                Q(area_type="national") & Q(local_authority__isnull=True) & Q(region_code="")
            )
            | (Q(area_type="regional") & Q(local_authority__isnull=True) & ~Q(region_code=""))
            | (Q(area_type="local") & Q(local_authority__isnull=False) & Q(region_code="")),
            name=f"{prefix}_area_matches_area_type",
        ),
        models.UniqueConstraint(
            fields=[measure, "date"],
            condition=Q(area_type="national"),
            name=f"{prefix}_unique_national",
        ),
        models.UniqueConstraint(
            fields=[measure, "region_code", "date"],
            condition=Q(area_type="regional"),
            name=f"{prefix}_unique_regional",
        ),
        models.UniqueConstraint(
            fields=[measure, "local_authority", "date", *local_key],
            condition=Q(area_type="local"),
            name=f"{prefix}_unique_local",
            violation_error_message=message,
        ),
    ]


class MeasureQuerySetBase(models.QuerySet):
    """The measures of a topic: shared by every council (no `local_authority`) or a council's
    own."""

    def available_to(self, local_authority_id):
        """Every shared measure, and the council's own."""
        return self.filter(Q(local_authority__isnull=True) | Q(local_authority=local_authority_id))

    def visible_to(self, user):
        """Shared measures for everyone; a council's own for its users and platform admins."""
        if user.is_platform_administrator:
            return self.all()
        return self.available_to(user.local_authority_id)


class FigureQuerySetBase(models.QuerySet):
    def for_comparison(self, local_authority, neighbour_ids):
        """Figures of the council, its neighbours, its region and England, in one query. The
        caller decides which sources enter (published only, or the council's own figures too:
        the indicators' comparisons use published figures only)."""
        area_type = self.model.AreaType
        return self.filter(
            Q(area_type=area_type.NATIONAL)
            | Q(area_type=area_type.REGIONAL, region_code=local_authority.region_code)
            | Q(area_type=area_type.LOCAL, local_authority__in=[local_authority.pk, *neighbour_ids])
        )


class MeasureMixin:
    """Behaviour every measure model shares (see the module doc for what it needs)."""

    allows_negative = False

    @property
    def unit_suffix(self) -> str:
        return "%" if self.is_percentage else ""

    def format_value(self, value) -> str:
        """41.7 -> “41.7%”, 36186.3 -> “36,186.3”; keeps any extra decimals a figure has."""
        if value is None:
            return ""
        value = Decimal(value)
        places = self.decimal_places
        exponent = value.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places:
            places = -exponent
        return f"{value:,.{places}f}{self.unit_suffix}"

    def plain_value(self, value) -> Decimal | None:
        """The figure for a spreadsheet, as a number at the measure's decimal places (or the
        figure's own, if it has more): 41.7, 36186.3, 61 (no % sign, no thousands
        separator)."""
        if value is None:
            return None
        return Decimal(self.format_value(value).replace(",", "").removesuffix("%"))

    def rounded(self, value) -> Decimal | None:
        """The value at the measure's decimal places (half up), as published."""
        if value is None:
            return None
        return Decimal(value).quantize(quantum(self.decimal_places), ROUND_HALF_UP)

    def rank_order(self, field_name: str = "value"):
        """The order that ranks councils best first (highest first when neither way is
        better); figures without a number come last."""
        if self.better_direction == LOWER:
            return F(field_name).asc(nulls_last=True)
        return F(field_name).desc(nulls_last=True)

    def check_value(self, value) -> None:
        """Raise ValidationError when a value cannot be a figure of this measure."""
        if value is None:
            return
        if value < 0 and not self.allows_negative:
            raise ValidationError(
                {"value": f"Enter a {self.name.lower()} figure that is 0 or more."},
                code="negative",
            )
        if self.is_percentage and value > 100:
            raise ValidationError(
                {"value": "Enter a percentage between 0 and 100."}, code="over_100"
            )

    # Periods: a published figure describes a year; a local one the day it was measured.
    period_heading_words = "Year"

    @property
    def period_heading(self) -> str:
        return self.period_heading_words if self.is_published else "Date"

    def period_label(self, day: date) -> str:
        return str(day.year) if self.is_published else format_day(day)

    def period_words(self, day: date) -> str:
        return self.period_label(day)

    def year_phrase(self, year: int) -> str:
        """How a heading names one published year: “in 2025”."""
        return f"in {year}"

    def direction_of_travel(self, previous, latest) -> str:
        """“improving”, “worsening” or “no change” by polarity (“higher” or “lower” where
        neither way is better); "" without two numbers."""
        if previous is None or latest is None:
            return ""
        previous, latest = self.rounded(previous), self.rounded(latest)
        if previous == latest:
            return "no change"
        if self.better_direction == NEITHER:
            return "higher" if latest > previous else "lower"
        better = (latest > previous) == (self.better_direction == HIGHER)
        return "improving" if better else "worsening"

    def csv_url_for(self, local_authority) -> str:
        raise NotImplementedError


class FigureMixin:
    """Behaviour every figure model shares. `measure_field` names its measure foreign key."""

    measure_field = "metric"

    @classmethod
    def local_figure(cls, *, local_authority, measure, date, value, note, by):
        """A council's own figure, entered locally, for its measure (not saved yet)."""
        return cls(
            **{cls.measure_field: measure},
            area_type=cls.AreaType.LOCAL,
            local_authority=local_authority,
            area_name=local_authority.name,
            date=date,
            value=value,
            source=cls.Source.LOCAL,
            note=note,
            entered_by=by,
        )

    @property
    def measure(self):
        return getattr(self, self.measure_field)

    @property
    def measure_key(self) -> int:
        return getattr(self, f"{self.measure_field}_id")

    @property
    def is_special(self) -> bool:
        return self.value is None

    def no_number_words(self) -> str:
        return "no figure"

    @property
    def display_value(self) -> str:
        """The figure as a reader sees it: “41.7%”, or words where there is no number."""
        if self.value is None:
            return self.no_number_words()
        return self.measure.format_value(self.value)

    @property
    def is_joint_return(self) -> bool:
        return bool(getattr(self, "joint_return_codes", ""))

    @property
    def joint_return_note(self) -> str:
        """“Joint return with Richmond upon Thames” for Kingston upon Thames's figures."""
        if not self.is_joint_return:
            return ""
        own = self.local_authority.name if self.local_authority_id else ""
        others = [
            name.strip()
            for name in self.joint_return_names.split("/")
            if name.strip() and name.strip() != own
        ]
        return "Joint return with " + " and ".join(others) if others else "Joint return"


# ---------------------------------------------------------------------------------------------
# The benchmark read model

NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


@dataclass
class NeighbourAverage:
    """The mean of the neighbours' published figures at one date, rounded like the measure's
    published figures.

    Only numbers are averaged (never symbols or missing figures). A joint return shared by two
    neighbours counts once in the mean; `count` is how many of the `total` neighbours had a
    number and `distinct` how many different figures were averaged.
    """

    metric: object
    value: Decimal | None
    count: int
    total: int
    distinct: int = -1

    def __post_init__(self):
        if self.distinct < 0:
            self.distinct = self.count

    @property
    def display_value(self) -> str:
        if self.value is None:
            return "no figures" if self.total else "no neighbours"
        return self.metric.format_value(self.value)

    @property
    def joint_returns(self) -> int:
        return self.count - self.distinct

    @property
    def coverage(self) -> str:
        """“9 of 10 neighbours”; with joint returns “9 figures from 10 neighbours (one joint
        return)”."""
        if not self.joint_returns:
            return f"{self.count} of {self.total} neighbours"
        joint = self.joint_returns
        words = NUMBER_WORDS.get(joint, str(joint))
        returns = "joint return" if joint == 1 else "joint returns"
        of_total = "" if self.count == self.total else f" of {self.total}"
        return f"{self.distinct} figures from {self.count}{of_total} neighbours ({words} {returns})"


@dataclass
class Figure:
    """One date: the council's figure beside England's, the region's and the neighbours'."""

    metric: object
    date: date
    own: object | None = None
    england: object | None = None
    region: object | None = None
    neighbours: NeighbourAverage | None = None

    @property
    def label(self) -> str:
        """“2025” for a published year, “31 October 2019” for a local figure's day."""
        return self.metric.period_label(self.date)

    @property
    def period(self) -> str:
        """The period in words: “year ending 31 March 2025”."""
        return self.metric.period_words(self.date)


def _display(figure) -> str:
    return figure.display_value if figure is not None else "no figure"


@dataclass
class MeasureSummary:
    """Everything a page shows about one measure for one council."""

    metric: object
    local_authority: object
    region_name: str
    figures: list[Figure] = field(default_factory=list)

    @property
    def measure(self):
        return self.metric

    @property
    def csv_url(self) -> str:
        return self.metric.csv_url_for(self.local_authority)

    @property
    def period_heading(self) -> str:
        return self.metric.period_heading

    @property
    def latest(self) -> Figure | None:
        """The latest date with a figure (number or symbol) for the council."""
        for figure in reversed(self.figures):
            if figure.own is not None:
                return figure
        return None

    @property
    def previous(self) -> Figure | None:
        """The figure before the latest one with a number, if it has a number too."""
        latest = self.latest
        if latest is None:
            return None
        index = self.figures.index(latest)
        for figure in reversed(self.figures[:index]):
            if figure.own is not None:
                return figure
        return None

    @property
    def direction_of_travel(self) -> str:
        latest, previous = self.latest, self.previous
        if latest is None or previous is None:
            return ""
        return self.metric.direction_of_travel(previous.own.value, latest.own.value)

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
        own = self.metric.rounded(latest.own.value)
        england = self.metric.rounded(latest.england.value)
        if own > england:
            return "above"
        if own < england:
            return "below"
        return "the same as"

    @property
    def judgement(self) -> str:
        """“Better than England”, “Worse than England”, “Same as England” or ""."""
        comparison = self.comparison
        if not comparison or self.metric.better_direction == NEITHER:
            return ""
        if comparison == "the same as":
            return "Same as England"
        better = (comparison == "above") == (self.metric.better_direction == HIGHER)
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
        when = latest.label
        if own.value is None:
            return f"{name} {phrase} for {when} was not published as a number: {_display(own)}."
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
        from indicators.charts import build_trend_chart

        return build_trend_chart(self)


def neighbour_ids(local_authority) -> list[int]:
    """The council's statistical neighbours' ids, best match first (no query when the council
    came with `LocalAuthority.objects.with_neighbours()`)."""
    from core.models import StatisticalNeighbour

    cache = getattr(local_authority, "_prefetched_objects_cache", {})
    if "neighbour_links" in cache:
        return [link.neighbour_id for link in cache["neighbour_links"]]
    return list(
        StatisticalNeighbour.objects.filter(local_authority=local_authority)
        .order_by("rank")
        .values_list("neighbour_id", flat=True)
    )


def neighbour_average(measure, figures: list, total: int) -> NeighbourAverage:
    """The mean of the figures with a number, a joint return (same codes) counted once."""
    numbers: dict[object, Decimal] = {}
    count = 0
    for figure in figures:
        if figure.value is None:
            continue
        count += 1
        joint = getattr(figure, "joint_return_codes", "")
        numbers[joint or figure.local_authority_id] = figure.value
    value = None
    if numbers:
        value = measure.rounded(sum(numbers.values()) / len(numbers))
    return NeighbourAverage(
        metric=measure, value=value, count=count, total=total, distinct=len(numbers)
    )


def build_summaries(
    local_authority,
    measures: dict,
    figures,
    *,
    neighbours: list[int] | None = None,
    keep=None,
) -> list[MeasureSummary]:
    """Each measure's figures for the council beside England, its region and its neighbours.

    `measures`: {pk: measure}; `figures`: a QuerySet of figure rows for those measures that
    has `for_comparison(la, neighbour_ids)`. One query for the figures (plus one for the
    neighbours unless given or prefetched). `keep(measure, own_dates)` may drop a measure.
    """
    la = local_authority
    if neighbours is None:
        neighbours = neighbour_ids(la)
    own: dict[tuple, object] = {}
    england: dict[tuple, object] = {}
    region: dict[tuple, object] = {}
    around: dict[tuple, list] = {}
    dates: dict[int, set[date]] = {pk: set() for pk in measures}
    region_name = la.region_name
    for figure in figures.for_comparison(la, neighbours).order_by():
        pk = figure.measure_key
        setattr(figure, figure.measure_field, measures[pk])
        key = (pk, figure.date)
        if figure.area_type == "national":
            england[key] = figure
        elif figure.area_type == "regional":
            region[key] = figure
            region_name = figure.area_name or region_name
        elif figure.local_authority_id == la.pk:
            figure.local_authority = la
            own[key] = figure
            dates[pk].add(figure.date)
        else:
            around.setdefault(key, []).append(figure)

    summaries = []
    for pk, measure in measures.items():
        if keep is not None and not keep(measure, dates[pk]):
            continue
        # A published measure's chart runs over every year published for England, even where
        # the council has no figure; a local measure's over the council's own dates.
        when = set(dates[pk])
        if measure.is_published:
            when |= {day for (measure_id, day) in england if measure_id == pk}
        summary = MeasureSummary(metric=measure, local_authority=la, region_name=region_name)
        for day in sorted(when):
            key = (pk, day)
            summary.figures.append(
                Figure(
                    metric=measure,
                    date=day,
                    own=own.get(key),
                    england=england.get(key),
                    region=region.get(key),
                    neighbours=neighbour_average(measure, around.get(key, []), len(neighbours))
                    if measure.is_published
                    else None,
                )
            )
        summaries.append(summary)
    return summaries


# ---------------------------------------------------------------------------------------------
# Quartile bands and targets

BANDS = "ABCD"


def quartile_band(rank: int | None, ranked: int | None) -> str:
    """A (best quarter) to D (worst) from a best-first rank among `ranked` councils."""
    if not rank or not ranked:
        return ""
    return BANDS[min(3, (rank - 1) * 4 // ranked)]


class Rag(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


@dataclass
class TargetJudgement:
    rag: str
    words: str

    @property
    def label(self) -> str:
        return Rag(self.rag).label


def judge_against_target(
    measure, value, target, tolerance, better_direction: str
) -> TargetJudgement | None:
    """Green at or better than the target; Amber worse but within the tolerance; Red beyond
    it; with the distance in words (“2.3 points short of the 90% target”)."""
    if value is None or target is None or better_direction not in (HIGHER, LOWER):
        return None
    value, target = measure.rounded(value), Decimal(target)
    tolerance = Decimal(tolerance or 0)
    gap = value - target if better_direction == HIGHER else target - value
    target_words = f"the {measure.format_value(target)} target"
    points = " points" if measure.is_percentage else ""
    distance = measure.format_value(abs(gap)).removesuffix("%")
    if gap == 0:
        return TargetJudgement(Rag.GREEN, f"on {target_words}")
    if gap > 0:
        return TargetJudgement(Rag.GREEN, f"{distance}{points} better than {target_words}")
    rag = Rag.AMBER if -gap <= tolerance else Rag.RED
    side = "short of" if better_direction == HIGHER else "over"
    return TargetJudgement(rag, f"{distance}{points} {side} {target_words}")


def summary_csv(summary: MeasureSummary) -> tuple[list[str], list[list]]:
    """The numbers behind a chart as (header, rows) for `core.exports.csv_response`."""
    metric, la = summary.metric, summary.local_authority
    unit = f" ({metric.unit_label})" if metric.unit_label else ""
    header = ["Date", f"{la.name}{unit}"]
    if summary.has_comparators:
        header += [
            f"England{unit}",
            f"{summary.region_name or 'Region'}{unit}",
            f"Statistical neighbours average{unit}",
            "Neighbours with a figure",
        ]
    header.append("Notes")

    def cell(item):
        if item is None:
            return ""
        return item.display_value if item.value is None else metric.plain_value(item.value)

    rows = []
    for figure in summary.figures:
        row = [figure.date.isoformat(), cell(figure.own)]
        if summary.has_comparators:
            average = figure.neighbours
            row += [
                cell(figure.england),
                cell(figure.region),
                metric.plain_value(average.value) if average.value is not None else "",
                average.coverage.removesuffix(" neighbours"),
            ]
        row.append(figure.own.joint_return_note if figure.own else "")
        rows.append(row)
    return header, rows


def rank_councils(measure, rows: list, *, region_of=None) -> int:
    """Give each row (a council's figure) `rank` in England and `regional_rank` in its region,
    best first by the measure's polarity (highest first where neither is better). Councils
    with the same figure share a rank, and a joint return (two councils, one figure) takes one
    place, not two. Rows without a number get no rank. Returns how many distinct returns were
    ranked. Works on one year's rows (about 150), in Python."""
    region_of = region_of or (lambda row: row.local_authority.region_code)
    lower_first = measure.better_direction == LOWER

    def key(row):
        joint = getattr(row, "joint_return_codes", "")
        return joint or row.local_authority_id

    def ranks(group: list) -> dict:
        returns: dict[object, Decimal] = {}
        for row in group:
            if row.value is not None:
                returns[key(row)] = row.value
        ordered = sorted(returns.values(), reverse=not lower_first)
        first_place: dict[Decimal, int] = {}
        for position, value in enumerate(ordered, start=1):
            first_place.setdefault(value, position)
        return {return_key: first_place[value] for return_key, value in returns.items()}

    national = ranks(rows)
    by_region: dict[str, list] = {}
    for row in rows:
        by_region.setdefault(region_of(row), []).append(row)
    regional = {}
    for group in by_region.values():
        regional.update(ranks(group))
    for row in rows:
        row.rank = national.get(key(row)) if row.value is not None else None
        row.regional_rank = regional.get(key(row)) if row.value is not None else None
    return len(national)
