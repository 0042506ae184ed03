"""What Ofsted does next after a graded inspection, under its framework."""

import datetime

import pytest

from inspections.models import Grade, Inspection
from inspections.schedule import what_comes_next
from tests.inspections.factories import InspectionFactory


def graded(start, grade):
    inspection = InspectionFactory(start_date=start, grades=grade)
    return Inspection.objects.with_judgements().get(pk=inspection.pk)


@pytest.mark.parametrize(
    ("grade", "words"),
    [
        (Grade.INADEQUATE, "Monitoring visits, about every three months, then a standard"),
        (Grade.GOOD, "A short inspection around three years"),
        (Grade.OUTSTANDING, "A short inspection around three years"),
        (Grade.REQUIRES_IMPROVEMENT, "A standard inspection around three years"),
    ],
)
def test_what_comes_next_follows_the_framework(frameworks, grade, words):
    latest = graded(datetime.date(2021, 1, 11), grade)
    assert what_comes_next(latest).text.startswith(words)


def test_a_good_council_is_due_a_short_inspection_three_years_on(frameworks):
    latest = graded(datetime.date(2021, 1, 11), Grade.GOOD)
    assert what_comes_next(latest).due_around == datetime.date(2024, 1, 11)


def test_an_inadequate_council_has_no_fixed_date_for_its_next_inspection(frameworks):
    latest = graded(datetime.date(2021, 1, 11), Grade.INADEQUATE)
    assert what_comes_next(latest).due_around is None


def test_an_inspection_on_29_february_is_due_again_on_28_february(frameworks):
    latest = graded(datetime.date(2016, 2, 29), Grade.REQUIRES_IMPROVEMENT)
    assert what_comes_next(latest).due_around == datetime.date(2019, 2, 28)


def test_nothing_comes_next_without_a_graded_inspection():
    assert what_comes_next(None) is None
