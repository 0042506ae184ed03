"""Factories for scrutiny tests: programmes with themes and items, inspections with judgements,
workforce figures. Frameworks and metrics are seeded by data migrations; the `ensure_*` helpers
put them back after a transactional test's flush."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from improvement.models import BoardMeetingTheme, Theme
from inspections.models import Inspection
from scrutiny.models import CommitteePaper
from tests.factories import UserFactory
from tests.improvement import factories as improvement_factories
from tests.inspections.factories import InspectionFactory, ensure_frameworks
from tests.workforce.factories import ensure_metrics
from workforce.models import Metric, Observation


def inspection(local_authority, start, *, kind=Inspection.Type.STANDARD, grades=None, **fields):
    """An inspection under the framework in force at `start`. `grades`: {strand: Grade}; a
    single Grade grades every area of the framework."""
    ensure_frameworks()
    fields.setdefault("end_date", start + datetime.timedelta(days=11))
    fields.setdefault("published_on", None)
    return InspectionFactory(
        local_authority=local_authority,
        inspection_type=kind,
        start_date=start,
        grades=grades if grades is not None else {},
        **fields,
    )


def monitoring_visit(local_authority, start, theme, **fields):
    """A monitoring visit on `theme`."""
    return inspection(
        local_authority, start, kind=Inspection.Type.MONITORING_VISIT, theme=theme, **fields
    )


def focused_visit(local_authority, start, theme, **fields):
    """A focused visit on `theme`."""
    return inspection(
        local_authority, start, kind=Inspection.Type.FOCUSED_VISIT, theme=theme, **fields
    )


# The improvement app's factories, with defaults that suit a summary: a programme started in
# September 2018, aims and texts that name their item, next steps due in a month.
class ProgrammeFactory(improvement_factories.ProgrammeFactory):
    start_date = datetime.date(2018, 9, 1)
    summary = ""
    reports_to = factory.LazyFunction(lambda: ["LSCB", "SLT", "Executive"])
    themes_per_meeting = 2


class ThemeFactory(improvement_factories.ThemeFactory):
    programme = factory.SubFactory(ProgrammeFactory)
    aim = factory.LazyAttribute(lambda o: f"The aim of {o.title.lower()}.")


class AchievementFactory(improvement_factories.AchievementFactory):
    theme = factory.SubFactory(ThemeFactory)
    text = factory.LazyAttribute(lambda o: f"What {o.label.lower()} achieved.")


class NextStepFactory(improvement_factories.NextStepFactory):
    theme = factory.SubFactory(ThemeFactory)
    text = factory.LazyAttribute(lambda o: f"What {o.label.lower()} will do.")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class EvidenceItemFactory(improvement_factories.EvidenceItemFactory):
    programme = factory.SubFactory(ProgrammeFactory)
    kind_id = "staff_feedback"
    title = factory.Sequence(lambda n: f"Evidence {n}")
    date = None
    order = factory.Sequence(lambda n: n + 1)


class BoardMeetingFactory(improvement_factories.BoardMeetingFactory):
    programme = factory.SubFactory(ProgrammeFactory)
    date = factory.Sequence(lambda n: timezone.localdate() + datetime.timedelta(days=14 * (n + 1)))


class ProgressUpdateFactory(improvement_factories.ProgressUpdateFactory):
    theme = factory.SubFactory(ThemeFactory)
    text = factory.Sequence(lambda n: f"Update {n} on the theme.")
    rag_status = Theme.Rag.AMBER


def programme_with(local_authority, *, themes=2, items=2, meetings=2, updates=1, overdue=0):
    """A programme of `themes` themes, each with `items` achievements and next steps (the first
    `overdue` of them overdue), `updates` progress updates, and `meetings` upcoming board
    meetings reviewing two themes each."""
    programme = ProgrammeFactory(local_authority=local_authority)
    made = []
    for t in range(themes):
        theme = ThemeFactory(programme=programme, order=t + 1)
        made.append(theme)
        for i in range(items):
            AchievementFactory(theme=theme, order=i + 1)
            due = timezone.localdate() + datetime.timedelta(days=-10 if i < overdue else 30)
            NextStepFactory(theme=theme, order=i + 1, due_date=due)
        for _ in range(updates):
            ProgressUpdateFactory(theme=theme)
    for m in range(meetings):
        meeting = BoardMeetingFactory(programme=programme)
        for order, theme in enumerate(made[2 * m : 2 * m + 2], start=1):
            BoardMeetingTheme.objects.create(meeting=meeting, theme=theme, order=order)
    return programme


def figures(local_authority, *, years=range(2019, 2026), metric_slug="agency-rate"):
    """Published DfE figures for the LA and England, one a year."""
    ensure_metrics()
    metric = Metric.objects.get(slug=metric_slug)
    for year in years:
        day = datetime.date(year, 9, 30)
        Observation.objects.create(
            metric=metric,
            area_type=Observation.AreaType.LOCAL,
            local_authority=local_authority,
            area_name=local_authority.name,
            date=day,
            value=Decimal("20.0") + year - 2019,
            source=Observation.Source.IMPORT,
        )
        Observation.objects.get_or_create(
            metric=metric,
            area_type=Observation.AreaType.NATIONAL,
            date=day,
            defaults={"value": Decimal("15.0"), "source": Observation.Source.IMPORT},
        )


class CommitteePaperFactory(factory.django.DjangoModelFactory):
    """An issued paper (use `scrutiny.services.issue_paper` where the documents matter)."""

    class Meta:
        model = CommitteePaper

    programme = factory.SubFactory(ProgrammeFactory)
    local_authority = factory.LazyAttribute(lambda o: o.programme.local_authority)
    committee_name = "Children and Learning Overview and Scrutiny Committee"
    meeting_date = factory.Sequence(lambda n: datetime.date(2019, 1, 1) + datetime.timedelta(n))
    subject_heading = "Ofsted improvement update"
    slt_lead = "Director of Children's Services"
    report_author = "A. Author"
    summary = "A summary."
    recommendations = factory.LazyFunction(lambda: ["Notes the progress"])
    issued_at = factory.LazyFunction(timezone.now)
    issued_by = factory.SubFactory(
        UserFactory, local_authority=factory.SelfAttribute("..local_authority")
    )
    docx = b"PK\x03\x04 not really a document"
    html = "<p>Paper</p>"
