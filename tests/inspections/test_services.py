import datetime

import pytest

from core.editing import StaleEdit
from inspections.models import Grade, Inspection
from inspections.services import (
    DECLINED,
    IMPROVED,
    journeys,
    judgement_comparison,
    months_between,
    save_inspection,
)
from tests.inspections.factories import HAVERING_2018_GRADES, InspectionFactory

pytestmark = pytest.mark.usefixtures("frameworks")


def test_comparison_lines_up_areas_across_frameworks(local_authority):
    InspectionFactory(
        local_authority=local_authority,
        start_date=datetime.date(2018, 6, 11),
        grades=HAVERING_2018_GRADES,
    )
    latest = InspectionFactory(
        local_authority=local_authority,
        start_date=datetime.date(2023, 12, 11),
        grades={
            "overall": Grade.REQUIRES_IMPROVEMENT,
            "leadership": Grade.GOOD,
            "help-and-protection": Grade.GOOD,
            "children-in-care": Grade.INADEQUATE,
            "care-leavers": Grade.GOOD,
        },
    )
    visit = InspectionFactory(
        local_authority=local_authority,
        inspection_type=Inspection.Type.MONITORING_VISIT,
        start_date=datetime.date(2025, 3, 26),
    )
    InspectionFactory(
        local_authority=local_authority,
        inspection_type=Inspection.Type.FOCUSED_VISIT,
        start_date=datetime.date(2020, 3, 2),
    )
    comparison = judgement_comparison(local_authority)
    assert comparison.latest == latest
    assert comparison.framework_changed
    assert {a.strand: a.direction for a in comparison.areas} == {
        "overall": "worse",
        "leadership": "same",
        "help-and-protection": "better",
        "children-in-care": "worse",
        "care-leavers": None,  # not judged separately before 2023
    }
    assert comparison.visits_since == [visit]


def test_comparison_of_an_la_never_inspected(local_authority):
    comparison = judgement_comparison(local_authority)
    assert comparison.latest is None
    assert comparison.areas == []


def test_journeys_run_from_inadequate_to_good_even_through_requires_improvement(
    local_authority, other_local_authority
):
    def overall(la, day, grade):
        return InspectionFactory(local_authority=la, start_date=day, grades={"overall": grade})

    start = overall(local_authority, datetime.date(2018, 3, 5), Grade.INADEQUATE)
    overall(local_authority, datetime.date(2019, 3, 4), Grade.REQUIRES_IMPROVEMENT)
    end = overall(local_authority, datetime.date(2021, 3, 1), Grade.OUTSTANDING)
    overall(other_local_authority, datetime.date(2018, 3, 5), Grade.GOOD)
    overall(other_local_authority, datetime.date(2022, 3, 7), Grade.INADEQUATE)
    found = journeys()
    assert [(j.local_authority.name, j.direction) for j in found] == [
        ("Barnet", DECLINED),
        ("Havering", IMPROVED),
    ]
    havering = journeys(direction=IMPROVED)[0]
    assert (havering.start, havering.end, havering.months) == (start, end, 36)
    only = journeys(queryset=Inspection.objects.for_local_authority(other_local_authority))
    assert [j.direction for j in only] == [DECLINED]


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ("2017-04-03", "2019-05-13", 25),
        ("2018-06-11", "2023-12-11", 66),
        ("2020-01-31", "2020-02-01", 0),
    ],
)
def test_months_between(start, end, months):
    assert (
        months_between(datetime.date.fromisoformat(start), datetime.date.fromisoformat(end))
        == months
    )


def test_save_refuses_a_stale_version(local_authority, admin_user):
    inspection = InspectionFactory(local_authority=local_authority, version=3)
    with pytest.raises(StaleEdit):
        save_inspection(
            inspection=inspection,
            by=admin_user,
            values={"lead_inspector": "Late"},
            judgements=[],
            recommendations=[],
            seen_version=2,
        )
    inspection.refresh_from_db()
    assert inspection.lead_inspector == ""
