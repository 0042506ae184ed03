"""Children's social care performance indicators: the DfE's measures (from its Local Authority
Interactive Tool data set) and councils' own, their published and local figures, councils'
targets, scorecards and the measures of success of improvement themes.

- `Measure`: one indicator, defined as data (the DfE's code, name, topic, unit, polarity, year
  type, decimal places, definition and source), or a council's own measure.
- `Value`: one figure of a measure for England, a region or a council for one period (the
  period's last day). Published figures come from the DfE's file; a council's own figures
  between releases are `local` and private to the council: labelled "local, unpublished" and
  never part of a national comparison. No number (`value` empty) means "no figure", never 0.
- `Target`: a council's target for a measure over a period, with a tolerance: RAG in words.
- `ScorecardItem`: the council's key indicators, in order.
- `ThemeMeasure`: the measures of success of an improvement theme.

The engine (`indicators.engine`) gives measures and figures their shared behaviour.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from core.access import CouncilScopedQuerySet
from core.dates import long_date
from indicators.engine import (
    NEITHER,
    FigureMixin,
    FigureQuerySetBase,
    MeasureMixin,
    MeasureQuerySetBase,
    Polarity,
    area_constraints,
    judge_against_target,
)


class Topic(models.TextChoices):
    CHILDREN_IN_NEED = "children-in-need", "Children in need"
    CHILD_PROTECTION = "child-protection", "Child protection"
    CHILDREN_LOOKED_AFTER = "children-looked-after", "Children looked after and care leavers"
    ADOPTION = "adoption", "Adoption"
    LOCAL = "local", "The council's own measures"


class YearType(models.TextChoices):
    FINANCIAL = "financial", "Financial year"
    ACADEMIC = "academic", "Academic year"
    ANNUAL = "annual", "Year"
    DATE = "date", "Date measured"


class Kind(models.TextChoices):
    PERCENTAGE = "percentage", "Percentage"
    RATE = "rate", "Rate"
    NUMBER = "number", "Number"
    SCORE = "score", "Score"


class MeasureQuerySet(MeasureQuerySetBase):
    def published(self):
        return self.exclude(code="")

    def own(self):
        return self.filter(code="")

    def in_topic(self, topic):
        return self.filter(topic=topic)


# A deliberate parallel of workforce.models.Metric (and `Value` of `Observation`), not merged:
# the fields look alike but belong to two domains with their own tables, choices and checks;
# their shared behaviour is the indicator engine's (MeasureMixin, FigureMixin, the QuerySet
# bases).
class Measure(MeasureMixin, models.Model):
    code = models.CharField(
        "DfE code",
        max_length=40,
        blank=True,
        help_text="The measure's short code in the DfE's data set; empty for a council's own.",
    )
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    phrase = models.CharField(max_length=200, help_text="How a sentence names it.")
    topic = models.CharField(max_length=24, choices=Topic.choices)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    unit = models.CharField(max_length=80, blank=True, help_text="The DfE's words for the unit.")
    better_direction = models.CharField(
        "which direction is better", max_length=8, choices=Polarity.choices
    )
    year_type = models.CharField(max_length=10, choices=YearType.choices)
    decimal_places = models.PositiveSmallIntegerField(default=0)
    definition = models.TextField(blank=True)
    source_url = models.URLField(max_length=300, blank=True)
    source_table = models.CharField(max_length=200, blank=True)
    local_authority = models.ForeignKey(
        "core.LocalAuthority",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_measures",
        help_text="Set for a council's own measure.",
    )
    display_order = models.PositiveSmallIntegerField(default=100)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["topic", "display_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="indicators_measure_unique_code"
            ),
            models.CheckConstraint(
                condition=Q(code="") | Q(local_authority__isnull=True),
                name="indicators_measure_dfe_measures_belong_to_no_council",
            ),
            models.CheckConstraint(
                condition=Q(decimal_places__lte=3), name="indicators_measure_decimal_places_0_to_3"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("indicators:measure", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return bool(self.code)

    @property
    def is_percentage(self) -> bool:
        return self.kind == Kind.PERCENTAGE

    @property
    def allows_negative(self) -> bool:
        return self.kind == Kind.SCORE

    @property
    def unit_label(self) -> str:
        return "%" if self.is_percentage else ""

    @property
    def has_polarity(self) -> bool:
        return self.better_direction != NEITHER

    @property
    def period_heading_words(self) -> str:
        return {
            YearType.FINANCIAL: "Year ending 31 March",
            YearType.ACADEMIC: "Academic year ending",
        }.get(self.year_type, "Year")

    def period_words(self, day: date) -> str:
        """“year ending 31 March 2025”, “academic year 2023 to 2024”, “2025”, or the day."""
        if not self.is_published:
            return long_date(day)
        if self.year_type == YearType.FINANCIAL:
            return f"year ending 31 March {day.year}"
        if self.year_type == YearType.ACADEMIC:
            return f"academic year {day.year - 1} to {day.year}"
        return f"year {day.year}"

    def year_phrase(self, year: int) -> str:
        return f"in the {self.period_words(self.period_end(year))}"

    def period_end(self, year: int) -> date:
        """The last day of the DfE's year `year`."""
        if self.year_type == YearType.FINANCIAL:
            return date(year, 3, 31)
        if self.year_type == YearType.ACADEMIC:
            return date(year, 8, 31)
        return date(year, 12, 31)

    def csv_url_for(self, local_authority) -> str:
        return reverse(
            "indicators:la-measure-csv",
            kwargs={"dfe_code": local_authority.dfe_code, "slug": self.slug},
        )


class ValueQuerySet(FigureQuerySetBase):
    def published(self):
        return self.filter(source=Value.Source.DFE)

    def entered_locally(self):
        return self.filter(source=Value.Source.LOCAL)

    def national(self):
        return self.filter(area_type=Value.AreaType.NATIONAL)

    def of_councils(self):
        return self.filter(area_type=Value.AreaType.LOCAL)

    def local_figures_of(self, local_authority):
        return self.entered_locally().filter(local_authority=local_authority)


# A deliberate parallel of workforce.models.Observation: see `Measure`.
class Value(FigureMixin, models.Model):
    class AreaType(models.TextChoices):
        NATIONAL = "national", "England"
        REGIONAL = "regional", "Region"
        LOCAL = "local", "Local authority"

    class Source(models.TextChoices):
        DFE = "dfe", "DfE, published"
        LOCAL = "local", "local, unpublished"

    measure_field = "measure"

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="values")
    area_type = models.CharField(max_length=8, choices=AreaType.choices)
    local_authority = models.ForeignKey(
        "core.LocalAuthority",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicator_values",
    )
    region_code = models.CharField(max_length=9, blank=True)
    area_name = models.CharField(max_length=160, blank=True)
    date = models.DateField(help_text="The last day of the period the figure describes.")
    value = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    source = models.CharField(max_length=6, choices=Source.choices, default=Source.DFE)
    note = models.CharField(max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ValueQuerySet.as_manager()

    class Meta:
        ordering = ["measure", "area_type", "date"]
        indexes = [
            models.Index(fields=["measure", "date"], name="indicators_value_measure_date"),
            models.Index(fields=["local_authority", "measure"], name="indicators_value_la"),
        ]
        constraints = [
            *area_constraints(
                "indicators_value",
                "measure",
                local_key=("source",),
                message="There is already a figure for this measure on this date.",
            ),
            models.CheckConstraint(
                condition=Q(source="dfe") | (Q(area_type="local") & Q(value__isnull=False)),
                name="indicators_value_local_figure_is_a_councils_number",
            ),
        ]

    def __str__(self):
        return f"{self.measure} for {self.area_name or self.region_code}: {self.display_value}"

    def get_absolute_url(self):
        if self.local_authority_id:
            return reverse(
                "indicators:la-measure",
                kwargs={"dfe_code": self.local_authority.dfe_code, "slug": self.measure.slug},
            )
        return self.measure.get_absolute_url()

    @property
    def is_local(self) -> bool:
        return self.source == self.Source.LOCAL

    @property
    def period(self) -> str:
        return self.measure.period_words(self.date) if not self.is_local else long_date(self.date)

    def clean(self):
        errors = {}
        if self.measure_id is not None:
            try:
                self.measure.check_value(self.value)
            except ValidationError as exc:
                errors.update(exc.message_dict)
            if (
                self.measure.local_authority_id is not None
                and self.measure.local_authority_id != self.local_authority_id
            ):
                errors["measure"] = ["This measure belongs to another council."]
        if self.is_local:
            if self.value is None:
                errors.setdefault("value", ["Enter the figure."])
            if self.date and self.date > timezone.localdate():
                errors["date"] = ["The date must be today or in the past."]
            if self.date and self.date.year < 2000:
                errors["date"] = ["The date must be in 2000 or later."]
        if errors:
            raise ValidationError(errors)


class TargetQuerySet(CouncilScopedQuerySet):
    def in_force(self, on: date):
        return self.filter(applies_from__lte=on, applies_to__gte=on)


class Target(models.Model):
    """A council's target for a measure over a period, with a tolerance band."""

    local_authority = models.ForeignKey(
        "core.LocalAuthority", on_delete=models.CASCADE, related_name="indicator_targets"
    )
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="targets")
    value = models.DecimalField("target", max_digits=14, decimal_places=3)
    tolerance = models.DecimalField(
        max_digits=14,
        decimal_places=3,
        default=Decimal("0"),
        help_text="How far short of the target is still Amber rather than Red.",
    )
    better_direction = models.CharField(
        "which direction is better",
        max_length=8,
        choices=Polarity.choices,
        blank=True,
        help_text="Only for measures where the DfE says neither direction is better.",
    )
    applies_from = models.DateField()
    applies_to = models.DateField()
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["measure__name", "-applies_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tolerance__gte=0), name="indicators_target_tolerance_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(applies_to__gte=F("applies_from")),
                name="indicators_target_period_in_order",
            ),
        ]

    def __str__(self):
        return (
            f"{self.measure}: {self.measure.format_value(self.value)} from "
            f"{long_date(self.applies_from)} to {long_date(self.applies_to)}"
        )

    def get_absolute_url(self):
        return reverse(
            "indicators:la-measure",
            kwargs={"dfe_code": self.local_authority.dfe_code, "slug": self.measure.slug},
        )

    @property
    def display_value(self) -> str:
        return self.measure.format_value(self.value.normalize())

    @property
    def display_tolerance(self) -> str:
        points = " points" if self.measure.is_percentage else ""
        return self.measure.format_value(self.tolerance.normalize()).removesuffix("%") + points

    @property
    def direction(self) -> str:
        if self.measure.has_polarity:
            return self.measure.better_direction
        return self.better_direction or NEITHER

    def judge(self, value):
        return judge_against_target(self.measure, value, self.value, self.tolerance, self.direction)

    def clean(self):
        errors = {}
        if self.applies_from and self.applies_to and self.applies_to < self.applies_from:
            errors["applies_to"] = ["The end of the period must be on or after its start."]
        if self.measure_id is not None:
            measure = self.measure
            if measure.has_polarity and self.better_direction not in ("", measure.better_direction):
                errors["better_direction"] = [
                    f"The DfE says “{measure.get_better_direction_display().lower()}” for this "
                    "measure: it cannot be changed."
                ]
            if not measure.has_polarity and self.better_direction in ("", NEITHER):
                errors["better_direction"] = [
                    "Choose whether higher or lower is better for this measure."
                ]
            try:
                measure.check_value(self.value)
            except ValidationError as exc:
                errors["value"] = exc.message_dict["value"]
        if self.tolerance is not None and self.tolerance < 0:
            errors["tolerance"] = ["Enter a tolerance of 0 or more."]
        if errors:
            raise ValidationError(errors)


class ScorecardItemQuerySet(CouncilScopedQuerySet):
    pass


class ScorecardItem(models.Model):
    """One of a council's key indicators, at its place on the scorecard: an indicator
    (`measure`) or a social work workforce metric (`metric`), the same engine's two topics."""

    local_authority = models.ForeignKey(
        "core.LocalAuthority", on_delete=models.CASCADE, related_name="scorecard_items"
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    metric = models.ForeignKey(
        "workforce.Metric", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=1)

    objects = ScorecardItemQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "measure"], name="indicators_scorecard_measure_once"
            ),
            models.UniqueConstraint(
                fields=["local_authority", "metric"],
                condition=Q(metric__isnull=False),
                name="indicators_scorecard_metric_once",
            ),
            models.CheckConstraint(
                condition=(Q(measure__isnull=False) & Q(metric__isnull=True))
                | (Q(measure__isnull=True) & Q(metric__isnull=False)),
                name="indicators_scorecard_one_measure_or_metric",
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.measure or self.metric}"

    def get_absolute_url(self):
        return reverse("indicators:scorecard", kwargs={"dfe_code": self.local_authority.dfe_code})

    @property
    def indicator(self):
        """The measure or the workforce metric."""
        return self.measure if self.measure_id else self.metric


class ThemeMeasureQuerySet(CouncilScopedQuerySet):
    council_path = "theme__programme__local_authority"


class ThemeMeasure(models.Model):
    """A measure of success of an improvement theme."""

    theme = models.ForeignKey(
        "improvement.Theme", on_delete=models.CASCADE, related_name="success_measures"
    )
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="themes_measured")
    order = models.PositiveSmallIntegerField(default=1)

    objects = ThemeMeasureQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "measure"], name="indicators_theme_measure_once"
            )
        ]

    def __str__(self):
        return f"{self.theme}: {self.measure}"

    def get_absolute_url(self):
        return self.theme.get_absolute_url()
