"""The reading pages: list with filters and CSV, detail, LA history, national overview."""

import csv
import datetime
import io

import pytest

from inspections.models import Grade, Inspection
from tests.factories import LocalAuthorityFactory
from tests.inspections.factories import InspectionFactory, RecommendationFactory

pytestmark = pytest.mark.usefixtures("frameworks")

PAGES = [
    "/inspections/",
    "/inspections/?format=csv",
    "/inspections/national/",
    "/inspections/{pk}/",
    "/local-authorities/311/inspections/",
]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, local_authority, url):
    inspection = InspectionFactory(local_authority=local_authority)
    response = client.get(url.format(pk=inspection.pk))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("url", PAGES)
def test_every_signed_in_user_reads_every_las_inspections(client, outsider, local_authority, url):
    """Inspection outcomes are published: a lead of Barnet reads Havering's."""
    inspection = InspectionFactory(local_authority=local_authority)
    client.force_login(outsider)
    assert client.get(url.format(pk=inspection.pk)).status_code == 200


@pytest.fixture
def mixed(local_authority, other_local_authority):
    north = LocalAuthorityFactory(name="Northtown", ofsted_region="North West")
    return {
        "havering_2018": InspectionFactory(
            local_authority=local_authority,
            start_date=datetime.date(2018, 6, 11),
            grades={
                **dict.fromkeys(["overall", "leadership", "children-in-care"], Grade.GOOD),
                "help-and-protection": Grade.REQUIRES_IMPROVEMENT,
            },
        ),
        "havering_2023": InspectionFactory(
            local_authority=local_authority,
            start_date=datetime.date(2023, 12, 11),
            grades={
                **dict.fromkeys(
                    ["overall", "leadership", "help-and-protection", "children-in-care"],
                    Grade.INADEQUATE,
                ),
                "care-leavers": Grade.REQUIRES_IMPROVEMENT,
            },
        ),
        "havering_visit": InspectionFactory(
            local_authority=local_authority,
            inspection_type=Inspection.Type.MONITORING_VISIT,
            start_date=datetime.date(2025, 3, 26),
            theme="Children in care",
        ),
        "barnet_2019": InspectionFactory(
            local_authority=other_local_authority, start_date=datetime.date(2019, 5, 13)
        ),
        "north_2024": InspectionFactory(
            local_authority=north,
            inspection_type=Inspection.Type.SHORT,
            start_date=datetime.date(2024, 6, 10),
            grades=Grade.OUTSTANDING,
        ),
    }


def listed(response):
    return [i.pk for i in response.context["inspections"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["havering_visit", "north_2024", "havering_2023", "barnet_2019", "havering_2018"]),
        ("local_authority={havering}", ["havering_visit", "havering_2023", "havering_2018"]),
        ("region=North+West", ["north_2024"]),
        ("inspection_type=monitoring_visit", ["havering_visit"]),
        ("inspection_type=short", ["north_2024"]),
        ("framework={ilacs_2018}", ["barnet_2019", "havering_2018"]),
        ("grade=3", ["havering_2023", "havering_2018"]),
        ("grade=4", ["havering_2023"]),
        ("year=2019", ["barnet_2019"]),
        ("grade=2&local_authority={havering}", ["havering_2018"]),
        (
            "sort=date",
            ["havering_2018", "barnet_2019", "havering_2023", "north_2024", "havering_visit"],
        ),
    ],
)
def test_the_list_filters_and_sorts(client, scrutiny, mixed, local_authority, query, expected):
    from inspections.models import Framework

    client.force_login(scrutiny)
    query = query.format(
        havering=local_authority.pk, ilacs_2018=Framework.objects.get(code="ilacs-2018").pk
    )
    response = client.get(f"/inspections/?{query}")
    assert listed(response) == [mixed[name].pk for name in expected]


def test_the_list_says_grades_in_words_and_visit_themes(client, scrutiny, mixed):
    client.force_login(scrutiny)
    page = client.get("/inspections/").text
    assert "Inadequate" in page
    assert "Children in care" in page
    assert "aria-sort" not in page
    assert 'aria-sort="ascending"' in client.get("/inspections/?sort=date").text


def test_the_csv_holds_exactly_the_filtered_inspections_on_every_page(
    client, scrutiny, local_authority
):
    for day in range(60):
        InspectionFactory(
            local_authority=local_authority,
            inspection_type=Inspection.Type.FOCUSED_VISIT,
            start_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=day),
        )
    InspectionFactory(start_date=datetime.date(2020, 3, 2))  # another LA: filtered out
    client.force_login(scrutiny)
    page = client.get(f"/inspections/?local_authority={local_authority.pk}")
    assert len(listed(page)) == 50  # paginated
    assert f"local_authority={local_authority.pk}&amp;format=csv" in page.text
    response = client.get(f"/inspections/?local_authority={local_authority.pk}&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 60
    assert {row["Local authority"] for row in rows} == {"Havering"}
    assert {row["Type"] for row in rows} == {"Focused visit"}


def test_the_csv_gives_grades_in_ofsteds_words(client, scrutiny, mixed):
    client.force_login(scrutiny)
    response = client.get("/inspections/?grade=4&format=csv")
    (row,) = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row["Overall effectiveness"] == "Inadequate"
    assert row["The experiences and progress of care leavers"] == "Requires improvement to be good"
    assert row["Start date"] == "2023-12-11"
    assert row["Framework"] == "ILACS 2023"


def test_the_detail_shows_judgements_narratives_and_recommendations(client, scrutiny, mixed):
    inspection = mixed["havering_2018"]
    judgement = inspection.judgements.get(area__strand="help-and-protection")
    judgement.narrative = "Supervision is too focused on compliance."
    judgement.save()
    RecommendationFactory(inspection=inspection, order=1, text="Improve pathway planning.")
    RecommendationFactory(inspection=inspection, order=2, text="Improve supervision.")
    client.force_login(scrutiny)
    page = client.get(inspection.get_absolute_url()).text
    assert "The experiences and progress of children who need help and protection" in page
    assert "Requires improvement to be good" in page
    assert "Supervision is too focused on compliance." in page
    assert page.index("Improve pathway planning.") < page.index("Improve supervision.")
    assert "Recent changes" not in page  # history is shown to administrators


def test_the_la_history_shows_current_grades_timeline_and_framework_changes(
    client, scrutiny, mixed
):
    client.force_login(scrutiny)
    response = client.get("/local-authorities/311/inspections/")
    page = response.text
    assert response.context["latest"] == mixed["havering_2023"]
    grid = response.context["grid"]
    assert [c.pk for c in grid.columns] == [mixed["havering_2018"].pk, mixed["havering_2023"].pk]
    assert grid.framework_starts == {mixed["havering_2023"].pk}
    rows = {heading: cells for heading, cells in grid.rows}
    assert rows["The experiences and progress of care leavers"][0] is None  # not in ILACS 2018
    assert "Not in this framework" in page
    assert 'as "The experiences and progress of children in care and care leavers"' in page
    assert "Monitoring visit, 26 March 2025" in page
    assert "monitoring visit on children in care" in page  # since the latest graded inspection


def test_the_la_history_of_an_unknown_la_is_404(client, scrutiny):
    client.force_login(scrutiny)
    assert client.get("/local-authorities/999/inspections/").status_code == 404


def test_the_national_overview(client, scrutiny, mixed, local_authority):
    InspectionFactory(
        local_authority=mixed["barnet_2019"].local_authority,
        inspection_type=Inspection.Type.SIF,
        start_date=datetime.date(2017, 4, 3),
        grades={"overall": Grade.INADEQUATE},
    )
    client.force_login(scrutiny)
    response = client.get("/inspections/national/")
    overview = response.context["overview"]
    assert {label: count for _, label, count in overview.by_grade} == {
        "Outstanding": 1,
        "Good": 1,
        "Requires improvement to be good": 0,
        "Inadequate": 1,
    }
    assert [row.local_authority.name for row, _ in overview.inadequate_now] == ["Havering"]
    journeys = {(j.local_authority.name, j.direction, j.months) for j in overview.journeys}
    assert journeys == {("Barnet", "improved", 25), ("Havering", "declined", 66)}
    page = response.text
    assert "2 years 1 month" in page
    assert "5 years 6 months" in page
    assert "North West" in page


# --- a fixed number of queries whatever the amount of data ---------------------------------


def make_history(local_authority, n):
    """n graded inspections and n visits for the LA, plus n other LAs with an inspection."""
    for i in range(n):
        InspectionFactory(
            local_authority=local_authority,
            start_date=datetime.date(2014, 1, 6) + datetime.timedelta(days=120 * i),
            grades=Grade.REQUIRES_IMPROVEMENT,
        )
        InspectionFactory(
            local_authority=local_authority,
            inspection_type=Inspection.Type.MONITORING_VISIT,
            start_date=datetime.date(2014, 2, 3) + datetime.timedelta(days=120 * i),
        )
        inspection = InspectionFactory(
            start_date=datetime.date(2019, 5, 13), grades=Grade.INADEQUATE
        )
        RecommendationFactory(inspection=inspection)


QUERY_BUDGETS = [
    ("/inspections/", 14),
    ("/inspections/?grade=3&sort=-local_authority&year=2019", 14),
    ("/inspections/?format=csv", 9),
    ("/inspections/national/", 8),
    ("/local-authorities/311/inspections/", 11),
    ("detail", 12),  # cached: a miss also reads the access check apart and the national version
    ("edit", 13),
]


@pytest.mark.parametrize("n", [1, 30])
def test_every_page_makes_a_fixed_number_of_queries(
    client, admin_user, local_authority, django_assert_max_num_queries, n
):
    make_history(local_authority, n)
    inspection = Inspection.objects.for_local_authority(local_authority).graded().first()
    for i in range(n):
        RecommendationFactory(inspection=inspection, order=i + 1)
    client.force_login(admin_user)
    for url, queries in QUERY_BUDGETS:
        if url == "detail":
            url = inspection.get_absolute_url()
        elif url == "edit":
            url = f"/inspections/{inspection.pk}/edit/"
        with django_assert_max_num_queries(queries, info=url):
            assert client.get(url).status_code == 200


# --------------------------------------------------------------------------------------------
# The findings an improvement programme took from an inspection, with the actions answering it


def _answered_inspection(local_authority, admin_user, n=1):
    from improvement import plan_services
    from improvement.models import NextStep
    from tests.improvement.factories import NextStepFactory, ProgrammeFactory, ThemeFactory

    inspection = InspectionFactory(local_authority=local_authority)
    programme = ProgrammeFactory(local_authority=local_authority)
    programme.inspections.add(inspection)
    for i in range(n):
        theme = ThemeFactory(programme=programme, title=f"Theme {i}")
        step = NextStepFactory(
            theme=theme,
            label=f"Audit plan {i}",
            status=NextStep.Status.IN_PROGRESS,
            due_date=datetime.date.today() - datetime.timedelta(days=3),
        )
        plan_services.add_finding(
            programme=programme,
            by=admin_user,
            source="recommendation",
            text=f"Improve supervision {i}.",
            inspection=inspection,
            actions=[step],
        )
    plan_services.add_finding(
        programme=programme,
        by=admin_user,
        source="recommendation",
        text="Improve visits to children.",
        inspection=inspection,
    )
    return inspection


def test_the_inspection_page_lists_each_finding_with_the_actions_answering_it(
    client, local_authority, admin_user, lead
):
    inspection = _answered_inspection(local_authority, admin_user)
    client.force_login(lead)
    page = " ".join(client.get(f"/inspections/{inspection.pk}/").text.split())
    section = page[page.index('id="findings-heading"') :]
    answered = section[section.index("Improve supervision 0.") : section.index("Improve visits")]
    assert "Audit plan 0" in answered
    assert "On track" in answered
    assert "RAG status: </span>Red" in answered  # overdue: Red, in words
    unanswered = section[section.index("Improve visits to children.") :]
    assert "Not yet answered" in unanswered


def test_other_councils_users_do_not_see_an_inspections_findings(
    client, local_authority, admin_user, outsider
):
    inspection = _answered_inspection(local_authority, admin_user)
    client.force_login(outsider)
    page = client.get(f"/inspections/{inspection.pk}/").text
    assert page.count("Improve supervision 0.") == 0
    assert "findings-heading" not in page


@pytest.mark.parametrize("n", [1, 12])
def test_the_inspection_page_with_findings_takes_a_fixed_number_of_queries(
    client, local_authority, admin_user, lead, django_assert_max_num_queries, n
):
    inspection = _answered_inspection(local_authority, admin_user, n)
    client.force_login(lead)
    with django_assert_max_num_queries(14):
        assert client.get(f"/inspections/{inspection.pk}/").status_code == 200
