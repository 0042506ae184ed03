"""The LA summary: what scrutiny members read first."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from improvement.models import NextStep
from indicators.models import ScorecardItem
from inspections.models import Grade
from tests import factories as core_factories
from tests.indicators import factories as indicator_factories
from tests.inspections.factories import CARE_LEAVERS_JUDGED_APART_GRADES
from tests.scrutiny import factories


def summary_url(la):
    return reverse("scrutiny:la-summary", kwargs={"dfe_code": la.dfe_code})


def summary_csv_url(table):
    """One of Havering's summary tables as CSV."""
    return reverse("scrutiny:la-summary-csv", kwargs={"dfe_code": "311", "table": table})


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def inspected(local_authority, frameworks):
    """Requires improvement in 2019, good in 2022, and a focused visit since."""
    factories.inspection(
        local_authority, datetime.date(2019, 3, 4), grades=Grade.REQUIRES_IMPROVEMENT
    )
    latest = factories.inspection(
        local_authority,
        datetime.date(2022, 6, 6),
        grades={
            "overall": Grade.GOOD,
            "leadership": Grade.GOOD,
            "help-and-protection": Grade.INADEQUATE,
            "children-in-care": Grade.REQUIRES_IMPROVEMENT,
        },
    )
    factories.focused_visit(local_authority, datetime.date(2023, 10, 2), "Care leavers")
    return latest


@pytest.mark.parametrize("who", ["admin_user", "lead", "scrutiny", "platform_admin"])
def test_the_councils_users_and_platform_administrators_see_the_summary(
    client, request, local_authority, who
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(summary_url(local_authority)).status_code == 200


def test_another_councils_user_gets_404_for_the_summary_and_its_csv(
    client, outsider, local_authority
):
    client.force_login(outsider)
    assert client.get(summary_url(local_authority)).status_code == 404
    csv_url = summary_csv_url("themes")
    assert client.get(csv_url).status_code == 404


def test_summary_compares_the_latest_judgements_with_the_previous_ones(
    client, scrutiny, local_authority, inspected
):
    client.force_login(scrutiny)
    page = client.get(summary_url(local_authority)).content.decode()
    assert "standard inspection of 6 June 2022" in page
    assert "Previous:" in page
    response = client.get(summary_csv_url("judgements"))
    rows = {row[0]: row for row in csv_rows(response)[1:]}
    overall = rows["Overall effectiveness"]
    assert overall[1:] == [
        "Good",
        "2022-06-06",
        "Requires improvement to be good",
        "2019-03-04",
        "better",
    ]
    help_row = rows["The experiences and progress of children who need help and protection"]
    assert help_row[-1] == "worse"
    care = rows["The experiences and progress of children in care and care leavers"]
    assert care[-1] == "same"


def test_summary_says_what_comes_next_and_lists_the_visits_since(
    client, scrutiny, local_authority, inspected
):
    client.force_login(scrutiny)
    page = client.get(summary_url(local_authority)).content.decode()
    assert "A short inspection around three years after the last inspection" in page
    assert "around June 2025" in page
    assert "Care leavers" in page
    visits = client.get(summary_csv_url("visits"))
    assert csv_rows(visits)[1][:3] == ["Focused visit", "Care leavers", "2023-10-02"]


def test_summary_gives_each_themes_rag_counts_and_last_update(
    client, scrutiny, local_authority, frameworks
):
    programme = factories.programme_with(local_authority, themes=2, items=3, overdue=1)
    theme = programme.themes.order_by("order").first()
    NextStep.objects.filter(theme=theme).exclude(due_date__lt=timezone.localdate()).filter(
        order=2
    ).update(status=NextStep.Status.DONE)
    factories.ProgressUpdateFactory(theme=theme, text="The newest word on this theme.")
    client.force_login(scrutiny)
    page = client.get(summary_url(local_authority)).content.decode()
    assert "Amber" in page
    assert f'href="{theme.get_absolute_url()}"' in page
    response = client.get(summary_csv_url("themes"))
    rows = csv_rows(response)
    # The headings spelt out, not taken from the view: changing them changes this test.
    assert rows[0][:6] == [
        "Theme",
        "RAG status",
        "Achievements",
        "Next steps done",
        "Next steps due",
        "Next steps overdue",
    ]
    assert rows[1][:6] == [theme.title, "Amber", "3", "1", "1", "1"]
    assert rows[1][7] == "The newest word on this theme."


def test_summary_lists_the_next_board_meetings_and_their_themes(
    client, scrutiny, local_authority, frameworks
):
    programme = factories.programme_with(local_authority, themes=4, meetings=2)
    factories.BoardMeetingFactory(
        programme=programme, date=timezone.localdate() - datetime.timedelta(days=7)
    )
    client.force_login(scrutiny)
    response = client.get(summary_csv_url("meetings"))
    rows = csv_rows(response)[1:]
    themes = list(programme.themes.order_by("order"))
    assert [row[1] for row in rows] == [
        f"{themes[0].title}; {themes[1].title}",
        f"{themes[2].title}; {themes[3].title}",
    ]


def test_summary_gives_workforce_headlines_against_england(
    client, scrutiny, local_authority, metrics
):
    factories.figures(local_authority)
    client.force_login(scrutiny)
    page = client.get(summary_url(local_authority)).content.decode()
    assert "Havering&#x27;s agency rate, 26.0%, is above England&#x27;s 15.0%." in page
    assert "<svg" in page
    response = client.get(summary_csv_url("workforce"))
    agency = next(row for row in csv_rows(response) if row[0] == "Agency rate")
    assert agency[1:4] == ["2025-09-30", "26.0", "15.0"]  # a date, and numbers as numbers
    assert agency[5] == "Worse than England"


def test_summary_is_printable(client, scrutiny, local_authority):
    client.force_login(scrutiny)
    page = client.get(summary_url(local_authority)).content.decode()
    assert "data-print-page" in page
    # Inspection, programme, key performance indicators and workforce.
    assert page.count('class="app-print-section"') == 4
    assert "app-print-only" in page


def test_the_la_page_and_home_page_link_to_the_summary(client, scrutiny, local_authority):
    client.force_login(scrutiny)
    url = summary_url(local_authority)
    assert url in client.get(local_authority.get_absolute_url()).content.decode()
    assert url in client.get(reverse("home")).content.decode()


def test_the_la_page_hides_the_summary_link_from_other_councils(client, outsider, local_authority):
    client.force_login(outsider)
    assert (
        summary_url(local_authority)
        not in client.get(local_authority.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize("n", [1, 30])
def test_summary_queries_do_not_grow(
    client, scrutiny, local_authority, frameworks, metrics, django_assert_max_num_queries, n
):
    neighbours = [core_factories.LocalAuthorityFactory() for _ in range(min(n, 10))]
    for rank, neighbour in enumerate(neighbours, start=1):
        core_factories.StatisticalNeighbourFactory(
            local_authority=local_authority, neighbour=neighbour, rank=rank
        )
        factories.figures(neighbour, years=range(2025 - n // 3, 2026))
    factories.figures(local_authority, years=range(2025 - n // 3, 2026))
    for year in range(n):
        factories.monitoring_visit(
            local_authority,
            datetime.date(2019, 7, 1) + datetime.timedelta(days=10 * year),
            f"Theme {year}",
        )
    factories.inspection(local_authority, datetime.date(2014, 6, 2), grades=Grade.INADEQUATE)
    factories.inspection(local_authority, datetime.date(2019, 6, 3), grades=Grade.GOOD)
    factories.programme_with(local_authority, themes=n, items=n, meetings=min(n, 3), updates=2)
    for order in range(1, min(n, 12) + 1):
        measure = indicator_factories.MeasureFactory(code=f"M{order}", name=f"Measure {order}")
        indicator_factories.ValueFactory(measure=measure, local_authority=local_authority)
        ScorecardItem.objects.create(local_authority=local_authority, measure=measure, order=order)
    client.force_login(scrutiny)
    # The page reads the national data version (its cache key) and, as the two inspections
    # are under different frameworks, the frameworks' judgements; the CSVs need neither. The
    # action plan's figures (four queries) and the scorecard (six) come on top.
    with django_assert_max_num_queries(26):
        assert client.get(summary_url(local_authority)).status_code == 200
    for table in ["judgements", "visits", "themes", "meetings", "workforce"]:
        url = summary_csv_url(table)
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200


def test_summary_labels_comparisons_across_frameworks(
    client, scrutiny, local_authority, frameworks
):
    """ILACS 2023 judges children in care and care leavers separately; ILACS 2018 judged them
    together. The summary must not pass one off as the other."""
    factories.inspection(local_authority, datetime.date(2018, 6, 11), grades=Grade.GOOD)
    factories.inspection(
        local_authority,
        datetime.date(2024, 1, 8),
        grades=CARE_LEAVERS_JUDGED_APART_GRADES,
    )
    client.force_login(scrutiny)
    page = client.get(summary_url(local_authority)).content.decode()
    combined = "The experiences and progress of children in care and care leavers"
    assert f"Not the same judgement: ILACS 2018 judged “{combined}”." in page
    assert f"Not a separate judgement under ILACS 2018: part of “{combined}”" in page
    assert "under different frameworks (ILACS 2023 and ILACS 2018)" in page
    care_leavers = page.split("The experiences and progress of care leavers</th>", 1)[1]
    assert "Not judged" not in care_leavers.split("</tr>", 1)[0]


def test_summary_does_not_label_comparisons_within_one_framework(
    client, scrutiny, local_authority, inspected
):
    client.force_login(scrutiny)
    page = client.get(summary_url(local_authority)).content.decode()
    assert "Not the same judgement" not in page
    assert "Not a separate judgement" not in page
    assert "under different frameworks" not in page
