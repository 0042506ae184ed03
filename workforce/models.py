"""The social work workforce: metric definitions and the figures observed for each area.

A `Metric` is data, not code: its unit, which direction is better, where its figures come
from (the DfE's children's social work workforce statistics, or local entry by a council) and a
plain-English definition. An `Observation` is one figure for one metric, one area and one date:

- area: England (`national`), a region keyed by its ONS code (`regional`, e.g. E12000007 London,
  matching `LocalAuthority.region_code`; the DfE also publishes Inner and Outer London as
  E13000001/E13000002) or one local authority (`local`);
- date: the reference date. DfE figures are at 30 September of the collection year;
  local figures at whatever date the council measured them;
- value, or a special value when the DfE published a symbol instead of a number (suppressed,
  not applicable...). Special values are never stored as 0 and never averaged;
- joint returns: where two councils make one return (the DfE publishes "314 / 318" for
  Kingston upon Thames and Richmond upon Thames), the figure is stored once for each council,
  with the combined codes and names kept so pages can say "joint return with ...".
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Window
from django.db.models.functions import Rank
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from simple_history.models import HistoricalRecords

from indicators.engine import (
    FigureMixin,
    FigureQuerySetBase,
    MeasureMixin,
    MeasureQuerySetBase,
    area_constraints,
)


class MetricQuerySet(MeasureQuerySetBase):
    def published(self):
        """Metrics whose figures come from the DfE statistics."""
        return self.filter(source=Metric.Source.DFE)

    def local(self):
        return self.filter(source=Metric.Source.LOCAL)

    def headline(self):
        return self.filter(is_headline=True)


# A deliberate parallel of indicators.models.Measure (and `Observation` of `Value`), not
# merged: the fields look alike but belong to two domains with their own tables, choices and
# checks; their shared behaviour is the indicator engine's.
class Metric(MeasureMixin, models.Model):
    """A workforce measure, e.g. the agency rate, defined as data. Its behaviour (formatting,
    ranking, checks, periods) is the indicator engine's `MeasureMixin`."""

    period_heading_words = "At 30 September"

    class Unit(models.TextChoices):
        PERCENTAGE = "percentage", "Percentage"
        COUNT = "count", "Count"
        FTE = "fte", "Full-time equivalent (FTE)"
        RATIO = "ratio", "Ratio"

    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"
        NEITHER = "neither", "Neither higher nor lower is better"

    class Source(models.TextChoices):
        DFE = "dfe", "DfE children's social work workforce statistics"
        LOCAL = "local", "Entered locally by the council"

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120, help_text="For example “Agency rate”.")
    phrase = models.CharField(
        max_length=120,
        help_text="How a sentence names it after the council's name, e.g. “agency rate” in "
        "“Havering's agency rate, 41.7%, is above England's 13.0%”.",
    )
    unit = models.CharField(max_length=12, choices=Unit.choices)
    better_direction = models.CharField(
        "which direction is better", max_length=8, choices=Direction.choices
    )
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.LOCAL)
    definition = models.TextField(
        help_text="A plain-English definition, with how it is worked out."
    )
    csv_column = models.CharField(
        "column in the DfE file",
        max_length=60,
        blank=True,
        help_text="DfE metrics only: the column of the indicators file the figures are read from.",
    )
    decimal_places = models.PositiveSmallIntegerField(default=1)
    is_headline = models.BooleanField(
        default=False, help_text="Shown first on workforce pages and in headline figures."
    )
    display_order = models.PositiveSmallIntegerField(default=100)
    local_authority = models.ForeignKey(
        "core.LocalAuthority",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="workforce_metrics",
        help_text="Empty: a metric for every council. Set: a council's own local metric.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = MetricQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["csv_column"],
                condition=~Q(csv_column=""),
                name="workforce_metric_unique_csv_column",
            ),
            models.CheckConstraint(
                condition=(Q(source="dfe") & ~Q(csv_column="") & Q(local_authority__isnull=True))
                | (Q(source="local") & Q(csv_column="")),
                name="workforce_metric_dfe_has_column_local_has_none",
            ),
            models.CheckConstraint(
                condition=Q(decimal_places__lte=3), name="workforce_metric_decimal_places_0_to_3"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("workforce:metric-list") + f"#{self.slug}"

    @property
    def is_published(self) -> bool:
        return self.source == self.Source.DFE

    @property
    def is_percentage(self) -> bool:
        return self.unit == self.Unit.PERCENTAGE

    @property
    def unit_label(self) -> str:
        """Words for a table header: “%”, “FTE” or nothing."""
        return {self.Unit.PERCENTAGE: "%", self.Unit.FTE: "FTE"}.get(self.unit, "")

    def year_phrase(self, year: int) -> str:
        return f"at 30 September {year}"

    def csv_url_for(self, local_authority) -> str:
        return reverse(
            "workforce:la-metric-csv",
            kwargs={"dfe_code": local_authority.dfe_code, "metric_slug": self.slug},
        )

    def clean(self):
        if self.source == self.Source.DFE and not self.csv_column:
            raise ValidationError({"csv_column": "Name the column of the DfE file."})
        if self.source == self.Source.LOCAL and self.csv_column:
            raise ValidationError({"csv_column": "Only DfE metrics are read from the DfE file."})


class SpecialValue(models.TextChoices):
    """The symbols the DfE publishes in place of a number, with what they mean."""

    SUPPRESSED = "c", "suppressed"
    NOT_AVAILABLE = "x", "not available"
    NOT_APPLICABLE = "z", "not applicable"
    LOW_RELIABILITY = "u", "low reliability"
    LOW = "low", "rounds to 0 but is not 0"


SPECIAL_VALUE_EXPLANATIONS = {
    SpecialValue.SUPPRESSED: "Suppressed by the DfE to protect confidentiality.",
    SpecialValue.NOT_AVAILABLE: "Not available: the DfE could not obtain this figure.",
    SpecialValue.NOT_APPLICABLE: "Not applicable to this area.",
    SpecialValue.LOW_RELIABILITY: "Not shown by the DfE because of low reliability.",
    SpecialValue.LOW: "More than 0, but it rounds to 0 at the published decimal places.",
}


class ObservationQuerySet(FigureQuerySetBase):
    def published(self):
        return self.filter(source=Observation.Source.IMPORT)

    def entered_locally(self):
        return self.filter(source=Observation.Source.LOCAL)

    def visible_to(self, user):
        """DfE figures for everyone signed in; local figures for the LA's users and platform
        administrators only."""
        if user.is_platform_administrator:
            return self.all()
        return self.filter(
            Q(source=Observation.Source.IMPORT)
            | Q(local_authority__isnull=False, local_authority=user.local_authority_id)
        )

    def national(self):
        return self.filter(area_type=Observation.AreaType.NATIONAL)

    def for_local_authorities(self, local_authority_ids):
        return self.filter(
            area_type=Observation.AreaType.LOCAL, local_authority__in=local_authority_ids
        )

    def with_national_rank(self, metric):
        """Annotate `rank`: 1 = best in the metric's better direction (highest first when
        neither is better). Ties share a rank; figures without a number get none."""
        return self.annotate(rank=Window(expression=Rank(), order_by=metric.rank_order()))

    def for_local_authority_list(self):
        """The bundle the local figures list needs."""
        return self.select_related("metric", "local_authority", "entered_by")


# A deliberate parallel of indicators.models.Value: see `Metric`.
class Observation(FigureMixin, models.Model):
    """One figure of one metric for England, a region or an LA at one date."""

    measure_field = "metric"

    class AreaType(models.TextChoices):
        NATIONAL = "national", "England"
        REGIONAL = "regional", "Region"
        LOCAL = "local", "Local authority"

    class Source(models.TextChoices):
        IMPORT = "import", "DfE statistics"
        LOCAL = "local", "Entered locally"

    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="observations")
    area_type = models.CharField(max_length=8, choices=AreaType.choices)
    local_authority = models.ForeignKey(
        "core.LocalAuthority",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="workforce_observations",
    )
    region_code = models.CharField(
        max_length=9, blank=True, help_text="Regional figures only: ONS code, e.g. E12000007."
    )
    area_name = models.CharField(
        max_length=160, blank=True, help_text="The area's name as the source gives it."
    )
    date = models.DateField(help_text="The date the figure describes.")
    value = models.DecimalField(
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    special_value = models.CharField(
        max_length=3,
        choices=SpecialValue.choices,
        blank=True,
        help_text="Set when the source published a symbol instead of a number.",
    )
    source = models.CharField(max_length=8, choices=Source.choices)
    joint_return_codes = models.CharField(
        max_length=40, blank=True, help_text="For a joint return, the combined DfE codes."
    )
    joint_return_names = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True, help_text="Where the figure comes from.")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["metric", "area_type", "date"]
        indexes = [
            models.Index(fields=["metric", "date"], name="workforce_obs_metric_date"),
            models.Index(fields=["area_type", "region_code"], name="workforce_obs_area_region"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(value__isnull=False) & Q(special_value=""))
                | (Q(value__isnull=True) & ~Q(special_value="")),
                name="workforce_observation_value_or_special_value",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="workforce_observation_value_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(source="import") | Q(area_type="local"),
                name="workforce_observation_local_entry_is_for_an_la",
            ),
            *area_constraints(
                "workforce_observation",
                "metric",
                local_key=(),
                message="There is already a figure for this metric at this date.",
            ),
        ]

    def __str__(self):
        return f"{self.metric} for {self.area_label} at {format_date(self.date, 'j F Y')}: " + (
            self.display_value
        )

    def get_absolute_url(self):
        if self.area_type == self.AreaType.LOCAL and self.source == self.Source.LOCAL:
            return reverse(
                "workforce:observation-detail",
                kwargs={"dfe_code": self.local_authority.dfe_code, "pk": self.pk},
            )
        if self.area_type == self.AreaType.LOCAL:
            return (
                reverse(
                    "workforce:la-workforce", kwargs={"dfe_code": self.local_authority.dfe_code}
                )
                + f"#{self.metric.slug}"
            )
        return reverse("workforce:national") + f"?metric={self.metric.slug}"

    @property
    def area_label(self) -> str:
        if self.area_type == self.AreaType.NATIONAL:
            return "England"
        if self.area_type == self.AreaType.LOCAL and self.local_authority_id:
            return self.local_authority.name
        return self.area_name or self.region_code

    def no_number_words(self) -> str:
        return self.get_special_value_display()

    @property
    def special_value_explanation(self) -> str:
        return SPECIAL_VALUE_EXPLANATIONS.get(self.special_value, "")

    def clean(self):
        errors = {}
        if self.metric_id is not None:
            try:
                self.metric.check_value(self.value)
            except ValidationError as exc:
                errors.update(exc.message_dict)
            if self.source == self.Source.LOCAL and self.metric.is_published:
                errors.setdefault(
                    "metric",
                    ["DfE figures come from the published statistics: choose a local metric."],
                )
            if (
                self.source == self.Source.LOCAL
                and self.metric.local_authority_id is not None
                and self.metric.local_authority_id != self.local_authority_id
            ):
                errors.setdefault("metric", ["This metric belongs to another council."])
        if self.source == self.Source.LOCAL and self.date and self.date > timezone.localdate():
            errors["date"] = ["The date must be today or in the past."]
        if self.source == self.Source.LOCAL and self.value is None:
            errors.setdefault("value", ["Enter the figure."])
        if errors:
            raise ValidationError(errors)
