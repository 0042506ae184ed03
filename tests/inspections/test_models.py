import datetime

import pytest
from django.db import IntegrityError, transaction

from inspections.models import Framework, Grade, Inspection, JudgementArea
from tests.inspections.factories import InspectionFactory, RecommendationFactory

pytestmark = pytest.mark.usefixtures("frameworks")


@pytest.mark.parametrize(
    ("day", "framework"),
    [
        (datetime.date(2013, 11, 1), "SIF"),
        (datetime.date(2016, 10, 3), "SIF"),
        (datetime.date(2017, 12, 31), "SIF"),
        (datetime.date(2018, 1, 1), "ILACS 2018"),
        (datetime.date(2022, 12, 31), "ILACS 2018"),
        (datetime.date(2023, 1, 1), "ILACS 2023"),
        (datetime.date(2026, 3, 31), "ILACS 2023"),
        (datetime.date(2026, 4, 1), "ILACS 2026"),
    ],
)
def test_the_framework_in_force_is_chosen_by_date(day, framework):
    assert str(Framework.for_date(day)) == framework


def test_no_framework_before_the_single_inspection_framework():
    assert Framework.for_date(datetime.date(2013, 10, 31)) is None


def test_each_framework_has_ofsteds_judgement_areas():
    areas = {f.short_name: [a.name for a in f.areas.all()] for f in Framework.objects.with_areas()}
    assert areas["SIF"] == [
        "Overall effectiveness",
        "Children who need help and protection",
        "Children looked after and achieving permanence",
        "Adoption performance",
        "Experiences and progress of care leavers",
        "Leadership, management and governance",
    ]
    assert areas["ILACS 2018"] == [
        "Overall effectiveness",
        "The impact of leaders on social work practice with children and families",
        "The experiences and progress of children who need help and protection",
        "The experiences and progress of children in care and care leavers",
    ]
    assert areas["ILACS 2023"][3:] == [
        "The experiences and progress of children in care",
        "The experiences and progress of care leavers",
    ]
    assert "Overall effectiveness" not in areas["ILACS 2026"]
    assert len(areas["ILACS 2026"]) == 4
    sub = JudgementArea.objects.filter(framework__code="sif", parent__isnull=False)
    assert {a.parent.name for a in sub} == {"Children looked after and achieving permanence"}


def test_a_new_framework_is_added_as_data_and_chosen_for_its_dates():
    Framework.objects.filter(code="ilacs-2026").update(ends_on=datetime.date(2027, 3, 31))
    renewal = Framework.objects.create(
        code="ilacs-2027",
        name="ILACS 2027",
        short_name="ILACS 2027",
        starts_on=datetime.date(2027, 4, 1),
    )
    JudgementArea.objects.create(
        framework=renewal,
        code="leaders",
        name="Leadership",
        short_name="Leadership",
        strand="leadership",
        order=1,
    )
    assert Framework.for_date(datetime.date(2027, 4, 1)) == renewal
    assert str(Framework.for_date(datetime.date(2027, 3, 31))) == "ILACS 2026"


@pytest.mark.parametrize(
    ("words", "grade"),
    [
        ("Outstanding", Grade.OUTSTANDING),
        ("good", Grade.GOOD),
        ("Requires improvement to be good", Grade.REQUIRES_IMPROVEMENT),
        ("Requires improvement", Grade.REQUIRES_IMPROVEMENT),
        ("  Inadequate ", Grade.INADEQUATE),
        ("Not judged", Grade.NOT_JUDGED),
    ],
)
def test_grades_are_read_from_ofsteds_words_including_the_alias(words, grade):
    assert Grade.from_words(words) == grade


def test_an_unknown_grade_word_is_refused():
    with pytest.raises(ValueError, match="not an Ofsted grade"):
        Grade.from_words("Satisfactory")


def test_grades_carry_ofsteds_codes_one_to_four():
    assert [Grade.code(g) for g in Grade] == [1, 2, 3, 4, None]
    assert Grade.REQUIRES_IMPROVEMENT.label == "Requires improvement to be good"


def test_the_database_refuses_an_end_before_the_start(local_authority):
    inspection = InspectionFactory(local_authority=local_authority)
    inspection.end_date = inspection.start_date - datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        inspection.save()


def test_the_database_refuses_a_duplicate_inspection(local_authority):
    InspectionFactory(local_authority=local_authority)
    with pytest.raises(IntegrityError), transaction.atomic():
        InspectionFactory(local_authority=local_authority, grades={})


def test_a_visit_needs_a_theme(local_authority):
    with pytest.raises(IntegrityError), transaction.atomic():
        InspectionFactory(
            local_authority=local_authority,
            inspection_type=Inspection.Type.FOCUSED_VISIT,
            theme="",
        )


def test_names_and_links(local_authority):
    recommendation = RecommendationFactory(
        inspection=InspectionFactory(local_authority=local_authority), text="Improve " * 30
    )
    inspection = recommendation.inspection
    assert str(inspection) == "Havering – Standard inspection, 13 May 2019"
    assert inspection.get_absolute_url() == f"/inspections/{inspection.pk}/"
    assert len(str(recommendation)) <= 80
    assert recommendation.get_absolute_url().endswith(f"#rec-{recommendation.pk}")


def test_querysets_separate_graded_inspections_from_visits(local_authority):
    graded = InspectionFactory(local_authority=local_authority)
    visit = InspectionFactory(
        local_authority=local_authority,
        inspection_type=Inspection.Type.MONITORING_VISIT,
        start_date=datetime.date(2020, 1, 6),
    )
    other = InspectionFactory(start_date=datetime.date(2019, 1, 7))
    assert list(Inspection.objects.for_local_authority(local_authority).graded()) == [graded]
    assert list(Inspection.objects.visits()) == [visit]
    assert other not in Inspection.objects.for_local_authority(local_authority)
