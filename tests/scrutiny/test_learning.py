"""Learning from elsewhere: councils' journeys between grades, and visits by theme."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from inspections.models import Grade, Inspection
from tests import factories as core_factories
from tests.scrutiny import factories

LEARNING = reverse("scrutiny:learning")


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def councils(local_authority, other_local_authority, frameworks):
    """Barnet: inadequate (SIF, April 2017) to good (May 2019). Havering: good (2018) to
    inadequate (2023). Wigan, in the North West: requires improvement only. Havering's
    statistical neighbour Bexley: inadequate then requires improvement (no journey yet)."""
    barnet = other_local_authority
    factories.inspection(
        barnet, datetime.date(2017, 4, 3), kind=Inspection.Type.SIF, grades=Grade.INADEQUATE
    )
    factories.inspection(barnet, datetime.date(2019, 5, 13), grades=Grade.GOOD)
    factories.inspection(local_authority, datetime.date(2018, 6, 11), grades=Grade.GOOD)
    factories.inspection(local_authority, datetime.date(2023, 12, 11), grades=Grade.INADEQUATE)
    wigan = core_factories.LocalAuthorityFactory(
        name="Wigan", dfe_code="359", region_name="North West", region_code="E12000002"
    )
    factories.inspection(wigan, datetime.date(2019, 1, 7), grades=Grade.REQUIRES_IMPROVEMENT)
    bexley = core_factories.LocalAuthorityFactory(name="Bexley", dfe_code="303")
    core_factories.StatisticalNeighbourFactory(
        local_authority=local_authority, neighbour=bexley, rank=1
    )
    core_factories.StatisticalNeighbourFactory(
        local_authority=local_authority, neighbour=barnet, rank=2
    )
    factories.monitoring_visit(
        barnet, datetime.date(2018, 1, 15), "Care leavers and their pathway plans"
    )
    factories.focused_visit(wigan, datetime.date(2020, 2, 10), "Children in care")
    factories.focused_visit(bexley, datetime.date(2019, 3, 4), "Care leavers")
    return {"barnet": barnet, "wigan": wigan, "bexley": bexley, "havering": local_authority}


def test_journeys_list_barnet_from_inadequate_in_2017_to_good_in_2019(client, lead, councils):
    client.force_login(lead)
    page = client.get(LEARNING).content.decode()
    assert "Barnet" in page
    rows = csv_rows(client.get(reverse("scrutiny:learning-journeys-csv")))
    barnet = next(row for row in rows if row[0] == "Barnet")
    assert barnet[3:11] == [
        "Improved",
        "SIF inspection",
        "2017-04-03",
        "Inadequate",
        "Standard inspection",
        "2019-05-13",
        "Good",
        "25",
    ]
    havering = next(row for row in rows if row[0] == "Havering")
    assert havering[3] == "Declined"
    assert [row[0] for row in rows[1:]].count("Wigan") == 0


def test_journeys_filter_by_direction_region_and_neighbours(client, lead, councils):
    client.force_login(lead)
    url = reverse("scrutiny:learning-journeys-csv")

    def names(query):
        return [row[0] for row in csv_rows(client.get(f"{url}?{query}"))[1:]]

    assert names("direction=improved") == ["Barnet"]
    assert names("direction=declined") == ["Havering"]
    assert names("region=E12000002") == []
    assert sorted(names("region=E12000007")) == ["Barnet", "Havering"]
    assert names("neighbours_of=311") == ["Barnet"]
    page = client.get(f"{LEARNING}?neighbours_of=311").content.decode()
    assert "among the statistical neighbours of Havering" in page


def test_visits_filter_by_theme_words_and_link_to_the_inspection(client, lead, councils):
    client.force_login(lead)
    response = client.get(f"{LEARNING}?theme=care+leavers")
    page = response.content.decode()
    assert "Care leavers and their pathway plans" in page
    assert "Children in care" not in page
    visit = Inspection.objects.get(theme="Care leavers and their pathway plans")
    assert f'href="{visit.get_absolute_url()}"' in page
    rows = csv_rows(client.get(reverse("scrutiny:learning-visits-csv") + "?theme=care+leavers"))
    assert sorted(row[0] for row in rows[1:]) == ["Barnet", "Bexley"]
    rows = csv_rows(
        client.get(
            reverse("scrutiny:learning-visits-csv")
            + "?theme=care+leavers&visit_type=focused_visit&neighbours_of=311"
        )
    )
    assert [row[0] for row in rows[1:]] == ["Bexley"]
    assert rows[1][4] == "Care leavers"
    assert rows[1][8].endswith(
        Inspection.objects.get(local_authority__name="Bexley").get_absolute_url()
    )


def test_learning_is_open_to_every_signed_in_user(client, outsider, councils):
    client.force_login(outsider)
    assert client.get(LEARNING).status_code == 200
    client.logout()
    assert client.get(LEARNING).status_code == 302


def test_a_nonsense_filter_shows_an_error_not_a_failure(client, lead, councils):
    client.force_login(lead)
    response = client.get(f"{LEARNING}?neighbours_of=zzz&region=nowhere")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select one of the options given for" in page
    assert "<title>Error: " in page
    assert "govuk-error-summary" in page


@pytest.mark.parametrize("n", [1, 40])
def test_learning_queries_do_not_grow(
    client, lead, local_authority, frameworks, django_assert_max_num_queries, n
):
    for i in range(n):
        la = core_factories.LocalAuthorityFactory()
        factories.inspection(
            la, datetime.date(2016, 3, 7), kind=Inspection.Type.SIF, grades=Grade.INADEQUATE
        )
        factories.inspection(la, datetime.date(2019, 3, 4), grades=Grade.GOOD)
        factories.inspection(
            la, datetime.date(2018, 3, 5), kind=Inspection.Type.MONITORING_VISIT, theme=f"Theme {i}"
        )
        if i < 10:
            core_factories.StatisticalNeighbourFactory(
                local_authority=local_authority, neighbour=la, rank=i + 1
            )
    client.force_login(lead)
    for url in [
        LEARNING,
        f"{LEARNING}?neighbours_of=311&theme=theme&region=E12000007&direction=improved",
        reverse("scrutiny:learning-journeys-csv") + "?neighbours_of=311",
        reverse("scrutiny:learning-visits-csv") + "?theme=theme",
    ]:
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200
