"""Factories for improvement programmes. Related rows stay inside one programme and LA."""

import datetime

import factory
from django.utils import timezone

from improvement.models import (
    Achievement,
    BoardMeeting,
    BoardMeetingTheme,
    EvidenceItem,
    NextStep,
    Programme,
    ProgressUpdate,
    Theme,
)
from tests.factories import LocalAuthorityFactory


def days(n: int) -> datetime.date:
    """The date n days after today (before it, for a negative n)."""
    return timezone.localdate() + datetime.timedelta(days=n)


def sets_many_to_many(field: str) -> factory.PostGeneration:
    """A declaration that sets the many-to-many `field` to the rows given, as in
    `ThemeFactory(leads=[lead])`."""

    def set_rows(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, field).set(extracted)

    return factory.PostGeneration(set_rows)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    title = factory.Sequence(lambda n: f"Improvement programme {n}")
    start_date = datetime.date(2019, 1, 1)
    governance_board = "Children's Services Improvement Board"
    reports_to = factory.LazyFunction(lambda: ["LSCB", "SLT"])
    status = Programme.Status.ACTIVE

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        """`ProgrammeFactory(themes=3)` adds three themes, each with an achievement, a next
        step and an update."""
        if create and extracted:
            for order in range(1, extracted + 1):
                theme = ThemeFactory(programme=self, order=order)
                AchievementFactory(theme=theme)
                NextStepFactory(theme=theme)
                ProgressUpdateFactory(theme=theme)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Theme {n}")
    aim = "The aim is to improve practice."
    order = factory.Sequence(lambda n: n + 1)
    rag_status = Theme.Rag.AMBER

    leads = sets_many_to_many("leads")


class AchievementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Achievement

    theme = factory.SubFactory(ThemeFactory)
    label = factory.Sequence(lambda n: f"Achievement {n}")
    text = "Something that was achieved."
    order = factory.Sequence(lambda n: n + 1)


# Built like AchievementFactory on purpose: both are a theme's labelled, numbered items.
class NextStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NextStep

    theme = factory.SubFactory(ThemeFactory)
    label = factory.Sequence(lambda n: f"Next step {n}")
    text = "Something to do next."
    order = factory.Sequence(lambda n: n + 1)
    status = NextStep.Status.PLANNED


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    theme = factory.SubFactory(ThemeFactory)
    text = factory.Sequence(lambda n: f"Update number {n}.")
    rag_status = factory.LazyAttribute(lambda o: o.theme.rag_status)


class EvidenceItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceItem
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    kind_id = "qa_audit"
    title = factory.Sequence(lambda n: f"Audit {n}")
    date = datetime.date(2019, 6, 1)

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if isinstance(kwargs.get("kind"), str):  # a kind's code, as services take it
            kwargs["kind_id"] = kwargs.pop("kind")
        return kwargs

    themes = sets_many_to_many("themes")


class BoardMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardMeeting
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    date = factory.Sequence(lambda n: datetime.date(2030, 1, 1) + datetime.timedelta(weeks=n))

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            for order, theme in enumerate(extracted, start=1):
                BoardMeetingTheme.objects.create(meeting=self, theme=theme, order=order)
