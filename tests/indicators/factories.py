"""Factories for indicator measures and figures."""

from datetime import date
from decimal import Decimal

import factory

from indicators.models import Kind, Measure, Topic, Value, YearType
from tests.factories import LocalAuthorityFactory


class MeasureFactory(factory.django.DjangoModelFactory):
    """A DfE percentage measure, higher is better, by financial year."""

    class Meta:
        model = Measure
        django_get_or_create = ("slug",)

    code = "CareLeaverEET"
    slug = factory.LazyAttribute(lambda o: (o.code or "own").lower().replace("_", "-"))
    name = "Care leavers in education, employment or training (%)"
    phrase = "care leavers in education, employment or training"
    topic = Topic.CHILDREN_LOOKED_AFTER
    kind = Kind.PERCENTAGE
    unit = "% of leavers"
    better_direction = "higher"
    year_type = YearType.FINANCIAL
    decimal_places = 0
    definition = "Former relevant young people in education, employment or training."
    source_url = "https://explore-education-statistics.service.gov.uk/find-statistics/x"


def lower_measure(**kwargs) -> Measure:
    values = {
        "code": "ReReferral",
        "name": "Re-referrals within 12 months (%)",
        "phrase": "re-referrals within 12 months",
        "topic": Topic.CHILD_PROTECTION,
        "better_direction": "lower",
        "decimal_places": 1,
    }
    return MeasureFactory(**{**values, **kwargs})


class ValueFactory(factory.django.DjangoModelFactory):
    """A published figure of a council for the year ending 31 March `year` (default 2025)."""

    class Meta:
        model = Value

    class Params:
        year = 2025

    measure = factory.SubFactory(MeasureFactory)
    area_type = Value.AreaType.LOCAL
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    area_name = factory.LazyAttribute(lambda o: o.local_authority.name if o.local_authority else "")
    date = factory.LazyAttribute(lambda o: date(o.year, 3, 31))
    value = Decimal("50")
    source = Value.Source.DFE


def england(measure, year, value) -> Value:
    return ValueFactory(
        measure=measure,
        area_type=Value.AreaType.NATIONAL,
        local_authority=None,
        area_name="England",
        year=year,
        value=None if value is None else Decimal(value),
    )


def region(measure, year, value, code="E12000007", name="London") -> Value:
    return ValueFactory(
        measure=measure,
        area_type=Value.AreaType.REGIONAL,
        local_authority=None,
        region_code=code,
        area_name=name,
        year=year,
        value=Decimal(value),
    )


def key_indicator(local_authority, measure, order, *, target="60", tolerance="5"):
    """`measure` on the council's scorecard at `order`, with a higher-is-better target in force
    from April 2024 to March 2030 (None for no target)."""
    from indicators.models import ScorecardItem, Target

    ScorecardItem.objects.create(local_authority=local_authority, measure=measure, order=order)
    if target is not None:
        Target.objects.create(
            local_authority=local_authority,
            measure=measure,
            value=Decimal(target),
            tolerance=Decimal(tolerance),
            better_direction="higher",
            applies_from=date(2024, 4, 1),
            applies_to=date(2030, 3, 31),
        )
    return measure
