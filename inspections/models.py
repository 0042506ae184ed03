"""Ofsted inspections of local authority children's services.

Frameworks and their judgement areas are data (seeded by a data migration), so a new framework
is added by adding rows, not code. Inspection data is published: every signed-in user may read
all of it; only administrators enter it (platform administrators for any LA, LA administrators
for their own).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils.dateformat import format as format_date
from simple_history.models import HistoricalRecords

from core.models import LocalAuthority
from core.navigation import Crumb


def inspections_crumb() -> Crumb:
    """The list of every inspection and visit, for breadcrumbs."""
    return Crumb("Inspections", reverse("inspections:list"))


class Grade(models.TextChoices):
    """Ofsted's grade scale, in Ofsted's wording. The value is Ofsted's statistical code (1-4)."""

    OUTSTANDING = "1", "Outstanding"
    GOOD = "2", "Good"
    REQUIRES_IMPROVEMENT = "3", "Requires improvement to be good"
    INADEQUATE = "4", "Inadequate"
    NOT_JUDGED = "not_judged", "Not judged"

    @classmethod
    def from_words(cls, words: str) -> "Grade":
        """The grade for Ofsted's words (case-insensitive; "Requires improvement" is accepted).

        Raises ValueError for anything else.
        """
        key = " ".join((words or "").replace("\u00a0", " ").split()).lower()
        if key in GRADE_ALIASES:
            return GRADE_ALIASES[key]
        for grade in cls:
            if key in (grade.label.lower(), grade.value.lower()):
                return grade
        raise ValueError(f"'{words}' is not an Ofsted grade")

    @classmethod
    def code(cls, value) -> int | None:
        """Ofsted's statistical code 1-4, or None for "Not judged" and blanks."""
        return int(value) if value and str(value).isdigit() else None


GRADE_ALIASES = {
    "requires improvement": Grade.REQUIRES_IMPROVEMENT,
    "requires improvement to be good": Grade.REQUIRES_IMPROVEMENT,
    "ri": Grade.REQUIRES_IMPROVEMENT,
    "not judged": Grade.NOT_JUDGED,
}

GOOD_OR_BETTER = (Grade.OUTSTANDING, Grade.GOOD)


class FrameworkQuerySet(models.QuerySet):
    def applying_on(self, day):
        """Frameworks in force on `day` (normally one); the newest first."""
        return (
            self.filter(starts_on__lte=day)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
            .order_by("-starts_on")
        )

    def with_areas(self):
        return self.prefetch_related(
            Prefetch("areas", queryset=JudgementArea.objects.order_by("order", "pk"))
        )


class Framework(models.Model):
    """An Ofsted inspection framework (SIF, ILACS 2018, ...) in force between two dates."""

    code = models.SlugField(max_length=30, unique=True, help_text="For example ilacs-2018")
    name = models.CharField(max_length=120)
    short_name = models.CharField(max_length=30)
    starts_on = models.DateField("in force from")
    ends_on = models.DateField("in force until", null=True, blank=True)
    description = models.TextField(blank=True)

    objects = FrameworkQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="framework_ends_after_start",
            ),
            models.UniqueConstraint(fields=["starts_on"], name="unique_framework_start"),
        ]

    def __str__(self):
        return self.short_name

    @classmethod
    def for_date(cls, day):
        """The framework in force on `day`, or None."""
        return cls.objects.applying_on(day).first()


class JudgementArea(models.Model):
    """One graded judgement of a framework, in Ofsted's wording.

    `strand` lines up comparable areas across frameworks (e.g. SIF's "leadership, management
    and governance" and ILACS's "impact of leaders" are both "leadership"), for the history grid
    and for better/same/worse comparisons. `parent` marks a graded sub-judgement.
    """

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60)
    strand = models.SlugField(
        max_length=40, help_text="Areas with the same strand are compared across frameworks."
    )
    order = models.PositiveSmallIntegerField()
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="sub_areas"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_area_code"),
            models.UniqueConstraint(fields=["framework", "strand"], name="unique_area_strand"),
            models.UniqueConstraint(fields=["framework", "order"], name="unique_area_order"),
        ]

    def __str__(self):
        return self.name


class InspectionQuerySet(models.QuerySet):
    def for_local_authority(self, local_authority):
        """Inspections and visits of one LA (an instance or its pk)."""
        return self.filter(local_authority=local_authority)

    def graded(self):
        """Graded inspections only (standard, short, SIF)."""
        return self.filter(inspection_type__in=Inspection.Type.graded_values())

    def visits(self):
        """Ungraded activity: focused and monitoring visits, joint targeted area inspections."""
        return self.exclude(inspection_type__in=Inspection.Type.graded_values())

    def latest_first(self):
        return self.order_by("-start_date", "-pk")

    def visible_to(self, user):
        """Inspection outcomes are published: every signed-in user may read all of them."""
        return self.all() if user.is_authenticated else self.none()

    def with_related(self):
        return self.select_related("local_authority", "framework")

    def with_judgements(self):
        """LA and framework joined; judgements prefetched with their area, in area order."""
        return self.with_related().prefetch_related(
            Prefetch(
                "judgements",
                queryset=Judgement.objects.select_related("area").order_by("area__order"),
            )
        )

    def with_everything(self):
        """What an inspection's page needs: judgements and recommendations."""
        return (
            self.with_judgements()
            .select_related("corrected_by")
            .prefetch_related(
                Prefetch(
                    "recommendations",
                    queryset=Recommendation.objects.order_by("-kind", "order", "pk"),
                )
            )
        )


class Inspection(models.Model):
    """One inspection or visit of an LA's children's services, with its judgements."""

    class Type(models.TextChoices):
        STANDARD = "standard", "Standard inspection"
        SHORT = "short", "Short inspection"
        SIF = "sif", "SIF inspection"
        FOCUSED_VISIT = "focused_visit", "Focused visit"
        MONITORING_VISIT = "monitoring_visit", "Monitoring visit"
        JTAI = "jtai", "Joint targeted area inspection"

        @classmethod
        def graded_values(cls):
            return [cls.STANDARD.value, cls.SHORT.value, cls.SIF.value]

    class Source(models.TextChoices):
        IMPORTED = "imported", "Imported from Ofsted's official statistics"
        CORRECTED = "corrected", "Imported from Ofsted's official statistics, corrected by hand"
        ENTERED = "entered", "Entered by hand"

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="inspections"
    )
    inspection_type = models.CharField("type", max_length=20, choices=Type.choices)
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="inspections")
    start_date = models.DateField("start date")
    end_date = models.DateField("end date", null=True, blank=True)
    published_on = models.DateField("publication date", null=True, blank=True)
    report_url = models.URLField("link to the report", max_length=300, blank=True)
    lead_inspector = models.CharField(max_length=120, blank=True)
    theme = models.CharField(
        max_length=200,
        blank=True,
        help_text="For visits and joint targeted area inspections, e.g. care leavers.",
    )
    summary = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ENTERED)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who last corrected an imported inspection (imports never overwrite it).",
    )
    corrected_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InspectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "local_authority__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "inspection_type", "start_date"],
                name="unique_inspection_per_la_type_start",
                violation_error_message=(
                    "This local authority already has an inspection of this type starting on "
                    "this date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="inspection_ends_after_start",
                violation_error_message="The end date must be on or after the start date.",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(published_on__gte=F("start_date")),
                name="inspection_published_after_start",
                violation_error_message="The publication date must be after the start date.",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True)
                | Q(end_date__isnull=True)
                | Q(published_on__gte=F("end_date")),
                name="inspection_published_after_end",
                violation_error_message="The publication date must be on or after the end date.",
            ),
            models.CheckConstraint(
                condition=Q(inspection_type__in=["standard", "short", "sif"]) | ~Q(theme=""),
                name="visit_has_theme",
                violation_error_message="Give the theme of the visit.",
            ),
        ]
        indexes = [models.Index(fields=["local_authority", "start_date"])]

    def __str__(self):
        return (
            f"{self.local_authority} – {self.get_inspection_type_display()}, "
            f"{format_date(self.start_date, 'j F Y')}"
        )

    def get_absolute_url(self):
        return reverse("inspections:detail", kwargs={"pk": self.pk})

    @property
    def breadcrumb_parent(self):
        """The council's inspections page, under the council."""
        return Crumb(
            "Inspections",
            reverse("inspections:la-history", kwargs={"dfe_code": self.local_authority.dfe_code}),
            breadcrumb_parent=self.local_authority,
        )

    @property
    def is_graded(self) -> bool:
        return self.inspection_type in Inspection.Type.graded_values()

    @property
    def is_imported(self) -> bool:
        """Imported and never corrected by hand: the next import may bring it up to date."""
        return self.source == Inspection.Source.IMPORTED

    @property
    def came_from_ofsted(self) -> bool:
        """Imported from Ofsted's statistics, whether or not corrected since."""
        return self.source in (Inspection.Source.IMPORTED, Inspection.Source.CORRECTED)

    def judgement_for(self, strand):
        """This inspection's judgement in `strand` (uses prefetched judgements), or None."""
        for judgement in self.judgements.all():
            if judgement.area.strand == strand:
                return judgement
        return None

    @property
    def overall_judgement(self):
        return self.judgement_for("overall")

    @property
    def headline_judgement(self):
        """Overall effectiveness, or (for frameworks without it) the first judgement."""
        judgements = list(self.judgements.all())
        return self.overall_judgement or (judgements[0] if judgements else None)

    @property
    def overall_grade(self):
        judgement = self.judgement_for("overall")
        return judgement.grade if judgement else None


class Judgement(models.Model):
    """The grade an inspection gave one judgement area, with a short narrative of findings."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="judgements")
    area = models.ForeignKey(JudgementArea, on_delete=models.PROTECT, related_name="judgements")
    grade = models.CharField(max_length=10, choices=Grade.choices)
    narrative = models.TextField("findings", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "area__order"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "area"], name="unique_judgement_area"),
            models.CheckConstraint(
                condition=Q(grade__in=Grade.values), name="judgement_grade_valid"
            ),
        ]

    def __str__(self):
        return f"{self.area.short_name}: {self.get_grade_display()}"


class Recommendation(models.Model):
    """One of an inspection's ordered "what needs to improve" points (or, for a focused visit,
    an area for priority action). Its own record so improvement themes can link to it."""

    class Kind(models.TextChoices):
        IMPROVE = "improve", "What needs to improve"
        PRIORITY_ACTION = "priority_action", "Area for priority action"

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="recommendations"
    )
    order = models.PositiveSmallIntegerField(default=1)
    text = models.TextField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.IMPROVE)

    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(order__gte=1), name="recommendation_order_positive")
        ]

    def __str__(self):
        text = " ".join(self.text.split())
        return text if len(text) <= 80 else f"{text[:77].rstrip()}…"

    def get_absolute_url(self):
        return f"{reverse('inspections:detail', kwargs={'pk': self.inspection_id})}#rec-{self.pk}"
