"""Factories for inspections. Frameworks and their areas are seeded by a data migration and again
after every flush (`inspections.apps.seed_frameworks`); `ensure_frameworks()` makes sure of them."""

import datetime
import importlib

import factory
from django.apps import apps

from inspections.models import Framework, Grade, Inspection, Judgement, Recommendation
from tests.factories import LocalAuthorityFactory

_seed = importlib.import_module("inspections.migrations.0001_squashed")


# Havering's ILACS standard inspection of June 2018 as its report judged it: overall Good; leaders
# Good; help and protection Requires improvement to be good; children in care and care leavers Good.
HAVERING_2018_GRADES = {
    "overall": Grade.GOOD,
    "leadership": Grade.GOOD,
    "help-and-protection": Grade.REQUIRES_IMPROVEMENT,
    "children-in-care": Grade.GOOD,
}

# An ILACS 2023 inspection's judgements with care leavers judged apart from children in care,
# which ILACS 2018 judged together: comparisons across the two frameworks must say so.
CARE_LEAVERS_JUDGED_APART_GRADES = {
    "overall": Grade.REQUIRES_IMPROVEMENT,
    "leadership": Grade.REQUIRES_IMPROVEMENT,
    "help-and-protection": Grade.GOOD,
    "children-in-care": Grade.REQUIRES_IMPROVEMENT,
    "care-leavers": Grade.INADEQUATE,
}


def ensure_frameworks():
    if not Framework.objects.exists():
        _seed.seed(apps, None)


class InspectionFactory(factory.django.DjangoModelFactory):
    """A graded standard inspection by default. `grades` sets every area of its framework to
    one grade (a Grade), or to {strand: grade}."""

    class Meta:
        model = Inspection
        skip_postgeneration_save = True

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    inspection_type = Inspection.Type.STANDARD
    start_date = datetime.date(2019, 5, 13)
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=11))
    published_on = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=49))
    framework = factory.LazyAttribute(lambda o: Framework.for_date(o.start_date))
    theme = factory.LazyAttribute(
        lambda o: "" if o.inspection_type in Inspection.Type.graded_values() else "Care leavers"
    )
    source = Inspection.Source.ENTERED

    @factory.post_generation
    def grades(self, create, extracted, **kwargs):
        if not create or not self.is_graded:
            return
        extracted = extracted if extracted is not None else Grade.GOOD
        for area in self.framework.areas.all():
            grade = extracted.get(area.strand) if isinstance(extracted, dict) else extracted
            if grade:
                Judgement.objects.create(inspection=self, area=area, grade=grade)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    inspection = factory.SubFactory(InspectionFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Improve practice area {n}.")
