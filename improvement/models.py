"""Improvement programmes: themes with achievements and next steps, progress updates, RAG
changes, the improvement board's rota and the evaluation framework's evidence.

Everything here belongs to one local authority's programme and is private to that LA's users
and platform administrators: every read starts from a `visible_to(user)` QuerySet method.

The models read alike on purpose, as do those of the other apps (inspections, indicators,
workforce, core): each declares its own parent, `version`, `created_at`, `updated_at`, `Meta`,
`__str__` and `get_absolute_url` in Django's plain declarative way. The fields mean different
things, and an abstract base would only save declarations while reordering each model's fields
in the admin and in the change history (which lists fields in the model's order).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.access import CouncilScopedQuerySet
from core.dates import end_of_month, long_date, month_year
from core.navigation import Crumb

DOCUMENT_EXTENSIONS = ["pdf", "docx", "doc", "odt"]
# The first bytes of each accepted document type: PDF, ZIP (.docx/.odt), OLE2 (.doc).
DOCUMENT_SIGNATURES = (b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


def validate_document(upload):
    """A project initiation document must be a PDF, Word or OpenDocument file within the size
    limit, judged by its content as well as its name."""
    if getattr(upload, "_committed", False):
        return  # already stored: it was checked when it was uploaded
    max_size = settings.MAX_DOCUMENT_SIZE
    if upload.size > max_size:
        raise ValidationError(
            "The file must be smaller than %(limit)s MB.",
            code="file_too_large",
            params={"limit": max_size // (1024 * 1024)},
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(8)
    upload.seek(position)
    if not head.startswith(DOCUMENT_SIGNATURES):
        raise ValidationError(
            "The file must be a PDF, Word or OpenDocument text document.", code="not_a_document"
        )


def pid_upload_to(instance, filename):
    return f"improvement/pids/{instance.programme_id or 'new'}/{filename}"


def today():
    """Today in Europe/London: the default of dates that say when something was true."""
    return timezone.localdate()


def not_in_future(what: str):
    """A validator refusing a date after today (Europe/London): nothing is achieved or
    completed in the future. `what` names the date in the message."""

    def validate(value):
        if value and value > timezone.localdate():
            raise ValidationError(f"{what} must be today or in the past.", code="future")

    return validate


class DatePrecision(models.TextChoices):
    DAY = "day", "Exact date"
    MONTH = "month", "Month and year"


def display_date(value, precision):
    """'26 November 2019', or 'February 2020' for a target known only to the month."""
    if value is None:
        return ""
    return month_year(value) if precision == DatePrecision.MONTH else long_date(value)


class RagStatus(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    COMPLETE = "complete", "Complete"
    NOT_STARTED = "not_started", "Not started"


def _count_of(queryset, field="theme"):
    """A correlated COUNT subquery (no row multiplication however many counts a page needs)."""
    return Coalesce(
        Subquery(
            queryset.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(total=Count("pk"))
            .values("total")[:1],
            output_field=models.IntegerField(),
        ),
        Value(0),
    )


# --------------------------------------------------------------------------------------------
# Programme


class ProgrammeQuerySet(CouncilScopedQuerySet):
    council_path = "local_authority"

    def with_figures(self, today=None):
        """Each programme annotated with `overdue_next_steps` and `theme_count`."""
        on = today or timezone.localdate()
        return self.select_related("local_authority").annotate(
            overdue_next_steps=_count_of(NextStep.objects.overdue(on), field="theme__programme"),
            theme_count=_count_of(Theme.objects.all(), field="programme"),
        )

    def with_theme_summaries(self, today=None):
        """`with_figures()`, and each programme's themes in order, each with
        `Theme.objects.with_counts()` annotations and its leads."""
        on = today or timezone.localdate()
        return self.with_figures(on).prefetch_related(
            Prefetch("themes", queryset=Theme.objects.with_counts(on).prefetch_related("leads")),
            "inspections",
        )


class Programme(models.Model):
    """An LA's improvement programme answering one or more inspections or visits."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    local_authority = models.ForeignKey(
        "core.LocalAuthority", on_delete=models.PROTECT, related_name="improvement_programmes"
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    start_date = models.DateField("start date")
    end_date = models.DateField("end date", null=True, blank=True)
    governance_board = models.CharField(
        "governance board",
        max_length=200,
        blank=True,
        help_text="For example Children's Services Improvement Board",
    )
    reports_to = models.JSONField(
        "reports to",
        default=list,
        blank=True,
        help_text="The bodies that receive progress updates, for example LSCB, SLT, the "
        "scrutiny committee and the Executive.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    themes_per_meeting = models.PositiveSmallIntegerField(
        "themes reviewed at each board meeting", default=2, validators=[MinValueValidator(1)]
    )
    inspections = models.ManyToManyField(
        "inspections.Inspection",
        blank=True,
        related_name="programmes",
        help_text="The inspections and visits this programme answers.",
    )
    due_date_changes_need_approval = models.BooleanField(
        "a changed due date needs an administrator's approval",
        default=False,
        help_text="Until an administrator approves it, the earlier due date stands.",
    )
    one_action_per_finding = models.BooleanField(
        "each finding is answered by exactly one action",
        default=False,
        help_text="The findings page and the programme page then warn of any finding answered "
        "by more than one action or by none.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgrammeQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[inspections])

    class Meta:
        ordering = ["local_authority__name", "-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="programme_ends_after_start",
                violation_error_message="The end date must be on or after the start date.",
            ),
            models.CheckConstraint(
                condition=Q(themes_per_meeting__gte=1),
                name="programme_reviews_at_least_one_theme",
                violation_error_message="Each board meeting must review at least one theme.",
            ),
        ]

    def __str__(self):
        return f"{self.local_authority}: {self.title}"

    def get_absolute_url(self):
        return reverse("improvement:programme-detail", kwargs={"pk": self.pk})

    @property
    def breadcrumb_label(self):
        return self.title

    @property
    def breadcrumb_parent(self):
        return self.local_authority

    def clean(self):
        if not isinstance(self.reports_to, list) or not all(
            isinstance(body, str) for body in self.reports_to
        ):
            raise ValidationError({"reports_to": "Give one reporting body per line."})


# --------------------------------------------------------------------------------------------
# Theme


class ThemeQuerySet(CouncilScopedQuerySet):
    council_path = "programme__local_authority"

    def editable_by(self, user):
        """Themes the user may change: administrators every theme of their LA (platform
        administrators every theme), improvement leads the themes they lead. The one statement
        of this rule: `Theme.is_editable_by` asks it about one theme."""
        if not user.is_authenticated:
            return self.none()
        if user.is_platform_administrator:
            return self.all()
        mine = self.visible_to(user)  # none for a user of no council
        if user.is_administrator:
            return mine
        if user.is_improvement_lead:
            return mine.filter(leads=user)
        return self.none()

    def led_by(self, user):
        return self.filter(leads=user)

    def with_counts(self, today=None):
        """Annotations for summaries: achievement_count, next_steps_done, next_steps_due (open,
        not overdue), next_steps_overdue, next_steps_open, last_update_text, last_update_at."""
        on = today or timezone.localdate()
        latest_update = ProgressUpdate.objects.filter(theme=OuterRef("pk")).order_by(
            "-created_at", "-pk"
        )
        return self.annotate(
            achievement_count=_count_of(Achievement.objects.all()),
            next_steps_done=_count_of(NextStep.objects.filter(status=NextStep.Status.DONE)),
            next_steps_open=_count_of(NextStep.objects.open()),
            next_steps_overdue=_count_of(NextStep.objects.overdue(on)),
            next_steps_due=_count_of(NextStep.objects.open().exclude(due_date__lt=on)),
            last_update_text=Subquery(latest_update.values("text")[:1]),
            last_update_at=Subquery(latest_update.values("created_at")[:1]),
        )

    def with_progress_tables(self):
        """Leads, linked recommendations, achievements and next steps (with their action-plan
        figures, `improvement.plan.with_plan`), each in order."""
        from improvement.plan import with_plan

        return self.select_related("programme", "programme__local_authority").prefetch_related(
            "leads",
            Prefetch(
                "recommendations",
                queryset=_recommendation_model().objects.select_related(
                    "inspection", "inspection__local_authority"
                ),
            ),
            Prefetch(
                "achievements",
                queryset=Achievement.objects.select_related("evidence", "from_next_step"),
            ),
            Prefetch(
                "next_steps",
                queryset=with_plan(NextStep.objects.select_related("owner")).prefetch_related(
                    "achievements"
                ),
            ),
        )


def _recommendation_model():
    from django.apps import apps

    return apps.get_model("inspections", "Recommendation")


class Theme(models.Model):
    """One of a programme's improvement themes, with its aim, leads and RAG status."""

    Rag = RagStatus

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(max_length=200)
    aim_heading = models.CharField(
        "heading in the programme's objectives",
        max_length=250,
        blank=True,
        help_text="If the programme plan names the theme differently, for example "
        "'Workforce and Practice development'.",
    )
    aim = models.TextField(blank=True)
    leads = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="led_themes")
    order = models.PositiveSmallIntegerField(default=1)
    rag_status = models.CharField(
        "RAG status", max_length=12, choices=RagStatus.choices, default=RagStatus.NOT_STARTED
    )
    recommendations = models.ManyToManyField(
        "inspections.Recommendation",
        blank=True,
        related_name="themes",
        help_text="The inspection's 'what needs to improve' points this theme answers.",
    )
    pid_file = models.FileField(
        "project initiation document",
        upload_to=pid_upload_to,
        blank=True,
        max_length=300,
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS), validate_document],
        help_text="A PDF, Word or OpenDocument file, at most 10 MB.",
    )
    pid_link = models.URLField(
        "link to the project initiation document", max_length=500, blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ThemeQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[leads, recommendations])

    class Meta:
        ordering = ["programme", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rag_status__in=RagStatus.values), name="theme_rag_status_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("improvement:theme-detail", kwargs={"pk": self.pk})

    @property
    def breadcrumb_parent(self):
        return self.programme

    def is_editable_by(self, user) -> bool:
        """May `user` change this theme, its achievements, next steps, updates and RAG status?"""
        return Theme.objects.editable_by(user).filter(pk=self.pk).exists()

    @property
    def has_pid(self):
        return bool(self.pid_file) or bool(self.pid_link)

    def paired_rows(self):
        """The paper's two-column table: (achievement or None, next step or None) rows."""
        achievements = list(self.achievements.all())
        next_steps = list(self.next_steps.all())
        length = max(len(achievements), len(next_steps))
        achievements += [None] * (length - len(achievements))
        next_steps += [None] * (length - len(next_steps))
        return list(zip(achievements, next_steps, strict=True))


class RagChange(models.Model):
    """A change of a theme's RAG status, with the reason given. Append-only."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="rag_changes")
    from_status = models.CharField(max_length=12, choices=RagStatus.choices)
    to_status = models.CharField(max_length=12, choices=RagStatus.choices)
    reason = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["theme", "-changed_at", "-pk"]
        verbose_name = "RAG change"
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="rag_change_has_reason"),
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")), name="rag_change_changes_status"
            ),
        ]

    def __str__(self):
        return f"{self.theme}: {self.get_from_status_display()} to {self.get_to_status_display()}"

    def get_absolute_url(self):
        return f"{self.theme.get_absolute_url()}#rag-history"


class ProgressUpdate(models.Model):
    """Dated commentary on a theme by its lead: a log, never edited."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    text = models.TextField("update")
    rag_status = models.CharField(
        "RAG status at the time", max_length=12, choices=RagStatus.choices
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["theme", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="progress_update_has_text"),
        ]

    def __str__(self):
        return f"{self.theme}: update of {long_date(timezone.localtime(self.created_at))}"

    def get_absolute_url(self):
        # The theme page shows the latest updates; with every one, an old update is there too.
        return f"{self.theme.get_absolute_url()}?updates=all#update-{self.pk}"


# --------------------------------------------------------------------------------------------
# Evaluation framework


class EvidenceItemQuerySet(CouncilScopedQuerySet):
    council_path = "programme__local_authority"

    def with_themes(self):
        return self.select_related("kind", "finding").prefetch_related("themes")


# The kinds of evidence councils use, seeded into an empty table after each migrate (and by
# migration 0006, which also keeps the codes of the kinds the app began with): code, name.
SEEDED_EVIDENCE_KINDS = [
    ("slip_review", "SLIP review"),
    ("councillor_visit", "Councillor frontline visit"),
    ("ofsted_monitoring_letter", "Ofsted monitoring visit letter"),
    ("dfe_adviser_review", "DfE adviser review"),
    ("practice_week", "Practice week"),
    ("case_audit", "Case audit"),
    ("staff_survey", "Staff survey"),
    ("service_user_feedback", "Feedback from children and families"),
    ("peer_review", "Peer review"),
    ("independent_auditor", "Independent audit"),
    ("qa_audit", "Quality assurance audit"),
    ("staff_feedback", "Staff feedback"),
    ("ofsted_focused_visit", "Ofsted focused visit"),
]


class EvidenceKind(models.Model):
    """A kind of evaluation evidence, for example a case audit or a SLIP review. Seeded with
    what councils use; the service's administrators add, rename or reorder them in the admin."""

    code = models.SlugField(
        max_length=30,
        unique=True,
        help_text="A short fixed name used in links and exports, for example 'case_audit'.",
    )
    name = models.CharField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "kind of evidence"
        verbose_name_plural = "kinds of evidence"

    def __str__(self):
        return self.name


def seed_evidence_kinds(apps=None, using="default", **kwargs):
    """Create the seeded kinds if there are none (after a migrate, or a flush in tests); not
    while the database is migrated to a state before kinds existed."""
    try:
        kind_model = apps.get_model("improvement", "EvidenceKind") if apps else EvidenceKind
    except LookupError:
        return
    if not kind_model.objects.using(using).exists():
        kind_model.objects.using(using).bulk_create(
            kind_model(code=code, name=name, order=order)
            for order, (code, name) in enumerate(SEEDED_EVIDENCE_KINDS, start=1)
        )


class EvidenceItem(models.Model):
    """One piece of the evaluation framework: what was checked, when, and what it showed."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="evidence_items"
    )
    kind = models.ForeignKey(
        EvidenceKind,
        to_field="code",
        on_delete=models.PROTECT,
        related_name="evidence_items",
        verbose_name="type",
    )
    finding = models.ForeignKey(
        "Finding",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence_items",
        verbose_name="the finding it tests",
        help_text="Optional: the finding this evidence shows progress on.",
    )
    date = models.DateField(
        null=True, blank=True, help_text="Leave empty for evidence planned but not yet gathered."
    )
    title = models.CharField(max_length=250)
    summary = models.TextField(blank=True)
    measure_label = models.CharField(
        "measure",
        max_length=200,
        blank=True,
        help_text="For example '% of audited cases good or better'",
    )
    measure_value = models.DecimalField(
        "value of the measure", max_digits=9, decimal_places=2, null=True, blank=True
    )
    link = models.URLField("link to the report or findings", max_length=500, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="evidence_items")
    order = models.PositiveSmallIntegerField(default=1)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EvidenceItemQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["programme", "order", "date", "pk"]
        verbose_name = "evidence item"
        constraints = [
            models.CheckConstraint(
                condition=Q(measure_value__isnull=True) | ~Q(measure_label=""),
                name="evidence_measure_value_has_label",
                violation_error_message="Say what the measure is as well as its value.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("improvement:evidence-detail", kwargs={"pk": self.pk})

    def clean(self):
        if self.finding_id and self.finding.programme_id != self.programme_id:
            raise ValidationError({"finding": "Choose a finding of this programme."})

    @property
    def breadcrumb_parent(self):
        return Crumb(
            "Evaluation evidence",
            reverse("improvement:evidence-list", kwargs={"pk": self.programme_id}),
            self.programme,
        )


# --------------------------------------------------------------------------------------------
# Next steps and achievements


class ActionRag(models.TextChoices):
    """An action's RAG rating (improvement.plan.RAG_RULE says how it is worked out)."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class NextStepQuerySet(CouncilScopedQuerySet):
    council_path = "theme__programme__local_authority"

    def open(self):
        """Not done and not dropped."""
        return self.exclude(status__in=[NextStep.Status.DONE, NextStep.Status.DROPPED])

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def due_within(self, days, today=None):
        """Open next steps due from today up to `days` days ahead (not those already overdue)."""
        on = today or timezone.localdate()
        return self.open().filter(due_date__gte=on, due_date__lte=on + datetime.timedelta(days))

    def needing_reminder(self, days=14, today=None):
        """Open next steps overdue or due within `days` days."""
        on = today or timezone.localdate()
        return self.open().filter(due_date__lte=on + datetime.timedelta(days))

    def by_due_date(self):
        return self.order_by(F("due_date").asc(nulls_last=True), "theme__order", "order", "pk")

    def with_theme(self):
        return self.select_related("theme", "theme__programme", "owner")


class NextStep(models.Model):
    """What a theme will do next: owner, target date, status."""

    # Deliberately parallel to Achievement (label, text, order, anchor on the theme's page):
    # one is planned work with an owner and a due date, the other what was done, and each has
    # its own rules in `clean`.

    class Status(models.TextChoices):
        # The stored values predate the action plan's wording; the labels are what people see.
        PLANNED = "planned", "Not started"
        IN_PROGRESS = "in_progress", "On track"
        AT_RISK = "at_risk", "At risk"
        SLIPPED = "slipped", "Off track"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="next_steps")
    label = models.CharField(max_length=200, help_text="A few words, for example 'The Cocoon'")
    text = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="improvement_next_steps",
    )
    due_date = models.DateField("due date", null=True, blank=True)
    due_precision = models.CharField(
        "show the due date as",
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="For a target such as 'early 2020', enter a date and choose month and year.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    completed_on = models.DateField("completed on", null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=1)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The action plan (improvement.plan): the first due date, kept for ever; an override of
    # the RAG the rule gives, with its reason; an owner who does not use the service.
    original_due_date = models.DateField("original due date", null=True, blank=True)
    rag_override = models.CharField(
        "RAG override", max_length=5, choices=ActionRag.choices, blank=True
    )
    rag_override_reason = models.TextField("reason for the RAG override", blank=True)
    owner_name = models.CharField(
        "owner's name",
        max_length=200,
        blank=True,
        help_text="An officer who does not use this service, for example 'Jane Smith'",
    )
    owner_role = models.CharField("owner's role", max_length=200, blank=True)

    objects = NextStepQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["theme", "order", "pk"]
        verbose_name = "next step"
        constraints = [
            models.CheckConstraint(condition=~Q(label=""), name="next_step_has_label"),
            models.CheckConstraint(
                condition=Q(
                    status__in=["planned", "in_progress", "at_risk", "done", "slipped", "dropped"]
                ),
                name="next_step_status_valid",
            ),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return f"{self.theme.get_absolute_url()}#next-step-{self.pk}"

    def clean(self):
        if self.due_date and self.due_precision == DatePrecision.MONTH:
            self.due_date = end_of_month(self.due_date)
        if self.due_date and self.original_due_date is None:
            self.original_due_date = self.due_date
        try:
            not_in_future("The date it was completed")(self.completed_on)
        except ValidationError as error:
            raise ValidationError({"completed_on": error}) from error
        if self.owner_id and self.owner_name:
            raise ValidationError(
                {"owner_name": "Choose a user as the owner or name an officer, not both."}
            )
        if self.rag_override and not self.rag_override_reason.strip():
            raise ValidationError(
                {"rag_override_reason": "Give a reason for overriding the RAG rating."}
            )
        if self.due_date and self.theme_id:
            start = self.theme.programme.start_date
            if self.due_date < start:
                raise ValidationError(
                    {
                        "due_date": "The due date must be on or after the programme's start, "
                        f"{long_date(start)}."
                    }
                )

    @property
    def is_open(self):
        return self.status not in (self.Status.DONE, self.Status.DROPPED)

    def is_overdue(self, today=None):
        return bool(
            self.is_open and self.due_date and self.due_date < (today or timezone.localdate())
        )

    @property
    def overdue(self):
        return self.is_overdue()

    @property
    def due_display(self):
        return display_date(self.due_date, self.due_precision)


class AchievementQuerySet(CouncilScopedQuerySet):
    council_path = "theme__programme__local_authority"


ACHIEVED_NOT_IN_FUTURE = not_in_future("The date it was achieved")


class Achievement(models.Model):
    """Something a theme has achieved so far, with optional evidence."""

    # Deliberately parallel to NextStep above: see there.

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="achievements")
    label = models.CharField(max_length=200, help_text="A few words, for example 'The Cocoon'")
    text = models.TextField()
    achieved_on = models.DateField("achieved on", null=True, blank=True)
    achieved_precision = models.CharField(
        "show the date as",
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    evidence_link = models.URLField("link to evidence", max_length=500, blank=True)
    evidence = models.ForeignKey(
        EvidenceItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="achievements",
        verbose_name="evaluation evidence",
    )
    from_next_step = models.ForeignKey(
        NextStep,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="achievements",
        verbose_name="next step it completed",
    )
    order = models.PositiveSmallIntegerField(default=1)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AchievementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["theme", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(label=""), name="achievement_has_label"),
            models.UniqueConstraint(
                fields=["from_next_step"],
                condition=Q(from_next_step__isnull=False),
                name="one_achievement_per_next_step",
                violation_error_message="This next step has already become an achievement.",
            ),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return f"{self.theme.get_absolute_url()}#achievement-{self.pk}"

    def clean(self):
        if self.achieved_on and self.achieved_precision == DatePrecision.MONTH:
            self.achieved_on = self.achieved_on.replace(day=1)
        try:
            ACHIEVED_NOT_IN_FUTURE(self.achieved_on)
        except ValidationError as error:
            raise ValidationError({"achieved_on": error}) from error
        if self.evidence_id and self.theme_id:
            if self.evidence.programme_id != self.theme.programme_id:
                raise ValidationError(
                    {"evidence": "Choose evidence from this theme's own programme."}
                )

    @property
    def achieved_display(self):
        return display_date(self.achieved_on, self.achieved_precision)


# --------------------------------------------------------------------------------------------
# The improvement board


class BoardMeetingQuerySet(CouncilScopedQuerySet):
    council_path = "programme__local_authority"

    def upcoming(self, today=None):
        return self.filter(date__gte=today or timezone.localdate()).order_by("date", "pk")

    def with_themes(self):
        """Each meeting's agenda items in order with their theme and its leads."""
        return self.select_related("programme", "programme__local_authority").prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=BoardMeetingTheme.objects.select_related("theme").prefetch_related(
                    "theme__leads"
                ),
            )
        )

    def with_packs(self):
        """The board pack: each reviewed theme with leads, achievements, next steps, updates
        (newest first) and RAG changes (newest first)."""
        theme_queryset = Theme.objects.with_progress_tables().prefetch_related(
            Prefetch("updates", queryset=ProgressUpdate.objects.select_related("author")),
            Prefetch("rag_changes", queryset=RagChange.objects.select_related("changed_by")),
        )
        return self.select_related("programme", "programme__local_authority").prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=BoardMeetingTheme.objects.prefetch_related(
                    Prefetch("theme", queryset=theme_queryset)
                ),
            )
        )


class BoardMeeting(models.Model):
    """A meeting of the programme's improvement board, reviewing a few themes in depth."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="board_meetings"
    )
    date = models.DateField()
    notes = models.TextField(blank=True)
    themes = models.ManyToManyField(
        Theme, through="BoardMeetingTheme", related_name="board_meetings", blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BoardMeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "date", "pk"]
        verbose_name = "board meeting"
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "date"],
                name="one_board_meeting_per_day",
                violation_error_message="The board already meets on this date.",
            ),
        ]

    def __str__(self):
        board = self.programme.governance_board or "Improvement board"
        return f"{board}, {long_date(self.date)}"

    def get_absolute_url(self):
        return reverse("improvement:meeting-detail", kwargs={"pk": self.pk})

    @property
    def breadcrumb_parent(self):
        return Crumb(
            "Board meetings",
            reverse("improvement:board", kwargs={"pk": self.programme_id}),
            self.programme,
        )

    @property
    def reviewed_themes(self):
        """The themes on the agenda, in order (uses prefetched agenda items)."""
        return [item.theme for item in self.agenda_items.all()]


class BoardMeetingTheme(models.Model):
    """A theme on a board meeting's agenda."""

    meeting = models.ForeignKey(BoardMeeting, on_delete=models.CASCADE, related_name="agenda_items")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = "theme on a board agenda"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "theme"], name="theme_once_per_meeting"),
        ]

    def __str__(self):
        return f"{self.meeting}: {self.theme}"


# --------------------------------------------------------------------------------------------
# Reminders


class ReminderLog(models.Model):
    """One reminder email sent to a next-step owner on one day (at most one a day)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="improvement_reminders"
    )
    sent_on = models.DateField()
    item_count = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_on", "owner"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "sent_on"], name="one_reminder_a_day"),
        ]

    def __str__(self):
        return f"Reminder to {self.owner} on {long_date(self.sent_on)}"


# --------------------------------------------------------------------------------------------
# Action plans: due-date changes, milestones and notes on next steps (improvement.plan reads
# them, improvement.plan_services writes them)


class ActionPartQuerySet(CouncilScopedQuerySet):
    """Rows that belong to one next step, private to its council."""

    council_path = "next_step__theme__programme__local_authority"

    def with_step(self):
        return self.select_related(
            "next_step", "next_step__theme", "next_step__theme__programme__local_authority"
        )


class DueDateChange(models.Model):
    """One change of a next step's due date, with its reason: every revision is kept. When the
    programme needs approval, the change waits (the earlier date stands) until an
    administrator approves it."""

    class Decision(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Not approved"

    next_step = models.ForeignKey(
        NextStep, on_delete=models.CASCADE, related_name="due_date_changes"
    )
    from_date = models.DateField("due date before the change")
    to_date = models.DateField("new due date")
    reason = models.TextField("reason for the change")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=8, choices=Decision.choices, default=Decision.APPROVED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ActionPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["next_step", "requested_at", "pk"]
        verbose_name = "due date change"
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="due_date_change_has_reason"),
            models.CheckConstraint(
                condition=~Q(from_date=F("to_date")), name="due_date_change_changes_date"
            ),
            models.UniqueConstraint(
                fields=["next_step"],
                condition=Q(decision="pending"),
                name="one_pending_due_date_change",
                violation_error_message="A change of this due date is already waiting for "
                "approval.",
            ),
        ]

    def __str__(self):
        return f"{self.next_step}: due {long_date(self.from_date)} to {long_date(self.to_date)}"

    def get_absolute_url(self):
        return reverse("improvement:action-detail", kwargs={"pk": self.next_step_id})

    @property
    def slip_days(self):
        return (self.to_date - self.from_date).days


class Milestone(models.Model):
    """A step towards a next step, with its own due date and the date it was done."""

    next_step = models.ForeignKey(NextStep, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=250)
    due_date = models.DateField("due date", null=True, blank=True)
    completed_on = models.DateField("done on", null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=1)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["next_step", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="milestone_has_title"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("improvement:action-detail", kwargs={"pk": self.next_step_id})

    def clean(self):
        if self.completed_on and self.completed_on > timezone.localdate():
            raise ValidationError({"completed_on": "The date done cannot be in the future."})

    @property
    def is_done(self):
        return self.completed_on is not None


class ActionNote(models.Model):
    """What happened on a next step, recorded with its status at the time. `as_at` is the date
    the note describes (earlier when entered late); `created_at` when it was really entered."""

    next_step = models.ForeignKey(NextStep, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField("note")
    status = models.CharField("status at the time", max_length=12, choices=NextStep.Status.choices)
    as_at = models.DateField("as at", default=today)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ActionPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["next_step", "-as_at", "-created_at", "-pk"]
        verbose_name = "progress note"
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="action_note_has_text"),
        ]

    def __str__(self):
        return f"{self.next_step}: note as at {long_date(self.as_at)}"

    def get_absolute_url(self):
        page = reverse("improvement:action-detail", kwargs={"pk": self.next_step_id})
        return f"{page}#note-{self.pk}"

    def clean(self):
        if self.as_at and self.as_at > timezone.localdate():
            raise ValidationError({"as_at": "The date of the note cannot be in the future."})


# --------------------------------------------------------------------------------------------
# Findings: what the programme must answer, from every source, and the actions answering them


class FindingQuerySet(CouncilScopedQuerySet):
    council_path = "programme__local_authority"

    def unanswered(self):
        return self.filter(actions__isnull=True)


class Finding(models.Model):
    """One thing the programme must answer: an inspection's recommendation, an area for
    priority action, a visit's finding, a requirement of an improvement notice, a peer
    review's finding or the council's own self-evaluation; with the actions answering it."""

    class Source(models.TextChoices):
        RECOMMENDATION = "recommendation", "Ofsted recommendation (what needs to improve)"
        PRIORITY_ACTION = "priority_action", "Area for priority action"
        MONITORING_VISIT = "monitoring_visit", "Monitoring visit finding"
        FOCUSED_VISIT = "focused_visit", "Focused visit finding"
        IMPROVEMENT_NOTICE = "improvement_notice", "DfE improvement notice requirement"
        PEER_REVIEW = "peer_review", "SLIP or peer review finding"
        SELF_EVALUATION = "self_evaluation", "Self-evaluation"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="findings")
    source = models.CharField(max_length=20, choices=Source.choices)
    source_detail = models.CharField(
        "where it comes from",
        max_length=250,
        blank=True,
        help_text="For example 'Monitoring visit letter, 12 March 2025'",
    )
    text = models.TextField("finding")
    inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name="inspection or visit",
    )
    actions = models.ManyToManyField(
        NextStep, blank=True, related_name="findings", verbose_name="actions answering it"
    )
    order = models.PositiveSmallIntegerField(default=1)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FindingQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[actions])

    class Meta:
        ordering = ["programme", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="finding_has_text"),
        ]

    def __str__(self):
        text = " ".join(self.text.split())
        return text if len(text) <= 80 else f"{text[:77].rstrip()}…"

    def get_absolute_url(self):
        page = reverse("improvement:findings", kwargs={"pk": self.programme_id})
        return f"{page}#finding-{self.pk}"
