"""Workforce pages: who may see and change what, the entry form, the national table, the CSV
download, the chart and its table, and query counts at two data sizes."""

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from tests import factories
from tests.workforce.factories import ObservationFactory, england, local_figure, metric, region
from tests.workforce.html_tables import table_with_caption
from workforce.models import Metric, Observation


def page(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    return response, unescape(response.content.decode())


def words(html: str) -> str:
    """The page's text as a reader sees it, without markup."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def la_url(la, name="la-workforce", **kwargs):
    return reverse(f"workforce:{name}", kwargs={"dfe_code": la.dfe_code, **kwargs})


@pytest.fixture
def published(local_authority):
    """Havering's and England's agency rates for 2024 and 2025, and London's for 2025."""
    ObservationFactory(local_authority=local_authority, year=2024, value=Decimal("40.0"))
    ObservationFactory(local_authority=local_authority, year=2025, value=Decimal("41.7"))
    england("agency-rate", 2024, Decimal("16.2"))
    england("agency-rate", 2025, Decimal("13.0"))
    region("agency-rate", 2025, Decimal("17.9"))
    return local_authority


def form_data(**changes):
    data = {
        "metric": metric("permanent-social-workers").pk,
        "date_0": "31",
        "date_1": "10",
        "date_2": "2019",
        "value": "82",
        "note": "HR report",
    }
    data.update(changes)
    return data


# ---- the LA workforce page -------------------------------------------------------------------


def test_workforce_page_is_linked_from_the_la_page_home_and_navigation(client, lead):
    _, html = page(client, lead, lead.local_authority.get_absolute_url())
    assert la_url(lead.local_authority) in html
    _, html = page(client, lead, reverse("home"))
    assert la_url(lead.local_authority) in html
    assert reverse("workforce:national") in html


def test_page_shows_latest_figures_in_words_with_chart_and_csv_link(client, lead, published):
    response, html = page(client, lead, la_url(published))
    assert response.status_code == 200
    assert "Havering's agency rate, 41.7%, is above England's 13.0%." in html
    assert "Worse than England" in html
    latest = table_with_caption(html, "Latest figures for Havering")
    assert ["Agency rate", "2025", "41.7%", "13.0%", "17.9%"] == next(
        row for row in latest["rows"] if row[0] == "Agency rate"
    )[:5]
    assert la_url(published, "la-metric-csv", metric_slug="agency-rate") in html


def test_chart_is_an_svg_with_an_accessible_name_and_the_same_numbers_in_a_table(
    client, lead, published
):
    _, html = page(client, lead, la_url(published))
    svg = re.search(r'<svg class="app-trend__svg"[^>]*id?[^>]*>.*?</svg>', html, re.S)
    chart = re.search(
        r'<div class="app-trend" id="trend-311-agency-rate">(.*?)</details>', html, re.S
    ).group(1)
    svg = re.search(r"<svg[^>]*role=\"img\"[^>]*>(.*?)</svg>", chart, re.S)
    assert svg, "the chart is an SVG image"
    label_id = re.search(r'aria-labelledby="([^"]+)"', svg.group(0)).group(1)
    title = re.search(rf'<title id="{label_id}">([^<]+)</title>', svg.group(0)).group(1)
    assert title == (
        "Agency rate: Havering against England, London and its statistical neighbours, 2024 to 2025"
    )
    # Havering's line joins its two points; England's too; London has one point.
    series = dict(re.findall(r'app-trend__series--(\w+)">(.*?)</g>', svg.group(1), re.S))
    assert series["own"].count("<polyline") == 1
    assert series["own"].count("<path") == 2
    assert series["region"].count("<path") == 1
    table = table_with_caption(chart, title)
    assert table["rows"][1:] == [
        ["2024", "40.0%", "16.2%", "no figure", "no neighbours"],
        ["2025", "41.7%", "13.0%", "17.9%", "no neighbours"],
    ]


def test_special_values_are_shown_as_words_never_as_zero(client, lead, local_authority):
    ObservationFactory(local_authority=local_authority, year=2024, value=None, special_value="c")
    ObservationFactory(local_authority=local_authority, year=2025, value=None, special_value="x")
    england("agency-rate", 2024, Decimal("16.2"))
    england("agency-rate", 2025, None, special="z")
    _, html = page(client, lead, la_url(local_authority))
    table = table_with_caption(html, "Agency rate: Havering")
    assert [row[:3] for row in table["rows"][1:]] == [
        ["2024", "suppressed", "16.2%"],
        ["2025", "not available", "not applicable"],
    ]
    assert "0.0%" not in html


def test_everyone_signed_in_sees_published_figures_but_not_another_councils_local_ones(
    client, outsider, published
):
    local_figure(published, "permanent-social-workers", date(2019, 10, 31), 82)
    response, html = page(client, outsider, la_url(published))
    assert response.status_code == 200
    assert "41.7%" in html
    assert "Permanent social workers" not in html
    assert "Enter a local figure" not in html


def test_the_councils_own_users_see_its_local_figures(client, scrutiny, published):
    local_figure(published, "permanent-social-workers", date(2019, 10, 31), 82)
    _, html = page(client, scrutiny, la_url(published))
    assert "Havering's share of social workers who are permanent was 82% on 31 October 2019." in (
        html
    )
    assert "Enter a local figure" not in html  # read only


def test_unknown_council_is_404(client, lead):
    client.force_login(lead)
    assert client.get("/local-authorities/999/workforce/").status_code == 404


def build_area(la, years, neighbour_count):
    for rank in range(1, neighbour_count + 1):
        neighbour = factories.LocalAuthorityFactory(name=f"Neighbour {rank}")
        factories.StatisticalNeighbourFactory(local_authority=la, neighbour=neighbour, rank=rank)
        for year in range(2025 - years + 1, 2026):
            ObservationFactory(local_authority=neighbour, year=year)
    for slug in ("agency-rate", "turnover-rate", "caseload"):
        for year in range(2025 - years + 1, 2026):
            ObservationFactory(local_authority=la, metric=metric(slug), year=year)
            england(slug, year, Decimal("13"))
            region(slug, year, Decimal("15"))
    for month in range(1, years + 1):
        local_figure(la, "permanent-social-workers", date(2019, month, 1), 80 + month)


@pytest.mark.parametrize(("years", "neighbour_count"), [(1, 1), (9, 10)])
def test_workforce_page_queries_do_not_grow(
    client, lead, django_assert_max_num_queries, years, neighbour_count
):
    build_area(lead.local_authority, years, neighbour_count)
    client.force_login(lead)
    with django_assert_max_num_queries(10):
        response = client.get(la_url(lead.local_authority))
    assert response.status_code == 200


# ---- CSV download ----------------------------------------------------------------------------


def test_csv_download_has_the_charts_numbers(client, lead, published):
    (neighbour,) = [factories.LocalAuthorityFactory(name="Bexley")]
    factories.StatisticalNeighbourFactory(local_authority=published, neighbour=neighbour, rank=1)
    ObservationFactory(local_authority=neighbour, value=Decimal("22.5"))
    response, _ = page(client, lead, la_url(published, "la-metric-csv", metric_slug="agency-rate"))
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="311-agency-rate.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        [
            "Date",
            "Havering (%)",
            "England (%)",
            "London (%)",
            "Statistical neighbours average (%)",
            "Neighbours with a figure",
            "Notes",
        ],
        ["2024-09-30", "40.0", "16.2", "", "", "0 of 1", ""],
        ["2025-09-30", "41.7", "13.0", "17.9", "22.5", "1 of 1", ""],
    ]


def test_csv_of_local_figures_is_private_to_the_council(client, outsider, lead, local_authority):
    local_figure(local_authority, "permanent-social-workers", date(2019, 10, 31), 82)
    url = la_url(local_authority, "la-metric-csv", metric_slug="permanent-social-workers")
    response, _ = page(client, outsider, url)
    assert response.status_code == 404
    response, text = page(client, lead, url)
    assert text.lstrip("\ufeff").splitlines() == ["Date,Havering (%),Notes", "2019-10-31,82,"]


@pytest.mark.parametrize("years", [1, 9])
def test_csv_queries_do_not_grow(client, lead, django_assert_max_num_queries, years):
    build_area(lead.local_authority, years, 10 if years > 1 else 1)
    client.force_login(lead)
    with django_assert_max_num_queries(10):
        response = client.get(
            la_url(lead.local_authority, "la-metric-csv", metric_slug="agency-rate")
        )
    assert len(response.content.decode().splitlines()) == years + 1


# ---- national table --------------------------------------------------------------------------


@pytest.fixture
def national(db):
    england("agency-rate", 2025, Decimal("13.0"))
    region("agency-rate", 2025, Decimal("17.9"))
    rows = [
        ("Havering", "311", "E12000007", "London", "41.7"),
        ("Barnet", "302", "E12000007", "London", "21.1"),
        ("Kent", "886", "E12000008", "South East", "9.5"),
        ("Medway", "887", "E12000008", "South East", "21.1"),
        ("Rutland", "857", "E12000004", "East Midlands", None),
    ]
    for name, code, region_code, region_name, value in rows:
        la = factories.LocalAuthorityFactory(
            name=name, dfe_code=code, region_code=region_code, region_name=region_name
        )
        ObservationFactory(
            local_authority=la,
            value=Decimal(value) if value else None,
            special_value="" if value else "x",
        )
        ObservationFactory(local_authority=la, year=2024, value=Decimal("10"))


def national_rows(client, user, **params):
    response, html = page(client, user, reverse("workforce:national"), **params)
    assert response.status_code == 200
    table = table_with_caption(html, "Agency rate at 30 September")
    return [row[:4] for row in table["rows"][1:]], html


def test_national_table_ranks_best_first_with_ties_and_unranked_specials(client, lead, national):
    rows, html = national_rows(client, lead, metric="agency-rate", year=2025)
    assert rows == [
        ["1", "Kent", "South East", "9.5%"],
        ["2", "Barnet", "London", "21.1%"],
        ["2", "Medway", "South East", "21.1%"],
        ["4", "Havering", "London", "41.7%"],
        ["–", "Rutland", "East Midlands", "not available"],
    ]
    assert "England: 13.0%" in words(html)


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("name", ["Barnet", "Havering", "Kent", "Medway", "Rutland"]),
        ("highest", ["Havering", "Barnet", "Medway", "Kent", "Rutland"]),
        ("lowest", ["Kent", "Barnet", "Medway", "Havering", "Rutland"]),
    ],
)
def test_national_table_sorts(client, lead, national, sort, order):
    rows, _ = national_rows(client, lead, metric="agency-rate", year=2025, sort=sort)
    assert [row[1] for row in rows] == order


def test_national_table_filters_by_region_keeping_the_national_rank(client, lead, national):
    rows, html = national_rows(client, lead, metric="agency-rate", year=2025, region="E12000007")
    assert rows == [["2", "Barnet", "London", "21.1%"], ["4", "Havering", "London", "41.7%"]]
    assert "London: 17.9%" in words(html)


def test_national_table_defaults_to_the_latest_year_and_survives_bad_input(client, lead, national):
    rows, html = national_rows(client, lead)
    assert "Agency rate at 30 September 2025" in html
    assert len(rows) == 5
    response, html = page(client, lead, reverse("workforce:national"), year="1066", sort="x")
    assert response.status_code == 200
    assert "There is a problem" in html


@pytest.mark.parametrize("count", [3, 40])
def test_national_table_queries_do_not_grow(client, lead, django_assert_max_num_queries, count):
    england("agency-rate", 2025, Decimal("13"))
    for _ in range(count):
        ObservationFactory()
    client.force_login(lead)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("workforce:national"))
    assert len(response.context["rows"]) == count


# ---- entering local figures ------------------------------------------------------------------


def test_lead_enters_a_local_figure_and_sees_it(client, lead, local_authority):
    client.force_login(lead)
    response = client.post(la_url(local_authority, "observation-create"), form_data())
    assert response.status_code == 302
    saved = Observation.objects.get()
    assert (saved.value, saved.date, saved.entered_by, saved.source) == (
        Decimal("82"),
        date(2019, 10, 31),
        lead,
        "local",
    )
    html = unescape(client.get(response.url).content.decode())
    assert "Figure saved" in html
    assert "was 82% on 31 October 2019" in html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"value": "101"}, "Enter a percentage between 0 and 100"),
        ({"value": "-3", "metric": "managers-trained"}, "Enter a figure that is 0 or more"),
        ({"value": "-3", "metric": ""}, "Enter a figure that is 0 or more"),
        ({"value": "eighty"}, "Enter the figure as a number, like 82 or 82.5"),
        ({"value": ""}, "Enter the figure"),
        ({"metric": "agency-rate"}, "Choose a metric from the list"),
        ({"metric": "999999"}, "Choose a metric from the list"),
        ({"metric": ""}, "Choose the metric this figure is for"),
        ("tomorrow", "The date must be today or in the past"),
        ({"date_0": "31", "date_1": "2"}, "Enter a real date, like 27 3 2019"),
        ({"date_2": "19"}, "Enter the year as 4 digits, like 2019"),
        ({"date_0": "", "date_1": "", "date_2": ""}, "Enter the date the figure describes"),
    ],
)
def test_bad_input_is_explained_on_the_form_and_nothing_is_saved(
    client, lead, local_authority, changes, message
):
    if changes == "tomorrow":
        tomorrow = date.today() + timedelta(days=1)
        changes = {
            "date_0": str(tomorrow.day),
            "date_1": str(tomorrow.month),
            "date_2": str(tomorrow.year),
        }
    if changes.get("metric") in ("agency-rate", "managers-trained"):
        changes["metric"] = metric(changes["metric"]).pk
    client.force_login(lead)
    response = client.post(la_url(local_authority, "observation-create"), form_data(**changes))
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert html.count(message) >= 2, "in the error summary and beside the field"
    assert not Observation.objects.exists()


def test_a_second_figure_for_the_same_metric_and_date_is_refused(client, lead, local_authority):
    local_figure(local_authority, "permanent-social-workers", date(2019, 10, 31), 80)
    client.force_login(lead)
    response = client.post(la_url(local_authority, "observation-create"), form_data())
    assert "There is already a figure for permanent social workers (%) on 31 October 2019" in (
        unescape(response.content.decode())
    )
    assert Observation.objects.get().value == Decimal("80")


def edit_url(observation):
    return la_url(observation.local_authority, "observation-update", pk=observation.pk)


def test_editing_refuses_a_stale_edit_and_keeps_the_other_persons_change(
    client, lead, admin_user, local_authority
):
    observation = local_figure(local_authority, "permanent-social-workers", date(2019, 10, 31), 82)
    client.force_login(lead)
    loaded = client.get(edit_url(observation)).context["form"]["version"].value()
    other = factories.improvement_lead(local_authority=local_authority)
    client.force_login(other)
    client.post(edit_url(observation), form_data(value="84", version=loaded))
    client.force_login(lead)
    response = client.post(edit_url(observation), form_data(value="79", version=loaded))
    html = unescape(response.content.decode())
    assert response.status_code == 409
    assert f"This was changed by {other}" in html
    comparison = response.context["comparison"]
    assert ("Figure", "84", "79") in [
        (label, str(theirs).rstrip("0").rstrip("."), str(yours).rstrip("0").rstrip("."))
        for label, theirs, yours in comparison
    ]
    observation.refresh_from_db()
    assert (observation.value, observation.version) == (Decimal("84"), 2)
    # Saving again from the refreshed form works.
    again = client.post(edit_url(observation), form_data(value="79", version=2))
    assert again.status_code == 302
    observation.refresh_from_db()
    assert observation.value == Decimal("79")


def test_history_shows_every_change_with_who_made_it(client, lead, admin_user, local_authority):
    client.force_login(lead)
    client.post(la_url(local_authority, "observation-create"), form_data())
    observation = Observation.objects.get()
    client.force_login(admin_user)
    client.post(edit_url(observation), form_data(value="84", version=1))
    response, html = page(
        client, lead, la_url(local_authority, "observation-detail", pk=observation.pk)
    )
    history = table_with_caption(html, "Every change to this figure")
    assert [(row[1], row[2], row[4]) for row in history["rows"][1:]] == [
        (str(admin_user), "Changed", "84%"),
        (str(lead), "Created", "82%"),
    ]


@pytest.mark.parametrize("name", ["observation-create", "observation-list"])
def test_another_councils_user_gets_404_for_local_figures(client, outsider, local_authority, name):
    response, _ = page(client, outsider, la_url(local_authority, name))
    assert response.status_code == 404
    client.force_login(outsider)
    assert client.post(la_url(local_authority, "observation-create"), form_data()).status_code in (
        404,
    )
    assert not Observation.objects.exists()


def test_another_councils_figure_cannot_be_edited_through_the_own_councils_address(
    client, outsider, local_authority
):
    theirs = local_figure(local_authority, "permanent-social-workers", date(2019, 10, 31), 82)
    client.force_login(outsider)
    url = la_url(outsider.local_authority, "observation-update", pk=theirs.pk)
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(value="1", version=1)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.value == Decimal("82")


def test_scrutiny_members_may_read_but_not_enter(client, scrutiny, local_authority):
    observation = local_figure(local_authority, "permanent-social-workers", date(2019, 10, 31), 82)
    response, _ = page(client, scrutiny, la_url(local_authority, "observation-list"))
    assert response.status_code == 200
    assert page(client, scrutiny, la_url(local_authority, "observation-create"))[0].status_code == (
        403
    )
    client.force_login(scrutiny)
    response = client.post(la_url(local_authority, "observation-create"), form_data())
    assert response.status_code == 403
    assert client.post(edit_url(observation), form_data(value="1", version=1)).status_code == 403
    observation.refresh_from_db()
    assert observation.value == Decimal("82")


@pytest.mark.parametrize("who", ["admin_user", "platform_admin"])
def test_administrators_may_enter_figures(client, request, local_authority, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(la_url(local_authority, "observation-create"), form_data())
    assert response.status_code == 302
    assert Observation.objects.get().entered_by == request.getfixturevalue(who)


@pytest.mark.parametrize("count", [1, 30])
def test_local_figure_list_queries_do_not_grow(
    client, lead, local_authority, django_assert_max_num_queries, count
):
    for day in range(count):
        local_figure(
            local_authority,
            "managers-trained",
            date(2019, 1, 1) + timedelta(days=day),
            day,
            by=lead,
        )
    client.force_login(lead)
    with django_assert_max_num_queries(10):
        response = client.get(la_url(local_authority, "observation-list"))
    assert len(response.context["observations"]) == count


def test_local_figure_list_filters_by_metric(client, lead, local_authority):
    local_figure(local_authority, "managers-trained", date(2019, 6, 30), 31)
    local_figure(local_authority, "permanent-social-workers", date(2019, 10, 31), 82)
    response, _ = page(
        client, lead, la_url(local_authority, "observation-list"), metric="managers-trained"
    )
    assert [o.metric.slug for o in response.context["observations"]] == ["managers-trained"]


@pytest.mark.parametrize("edits", [1, 20])
def test_history_page_queries_do_not_grow(
    client, lead, local_authority, django_assert_max_num_queries, edits
):
    observation = local_figure(local_authority, "managers-trained", date(2019, 6, 30), 1)
    for value in range(edits):
        observation.value = value
        observation._history_user = lead
        observation.save()
    client.force_login(lead)
    with django_assert_max_num_queries(10):
        response = client.get(la_url(local_authority, "observation-detail", pk=observation.pk))
    assert response.status_code == 200


# ---- metric definitions ----------------------------------------------------------------------


def test_metric_list_explains_every_metric(client, lead):
    response, html = page(client, lead, reverse("workforce:metric-list"))
    assert response.status_code == 200
    for metric_ in Metric.objects.filter(local_authority__isnull=True):
        assert metric_.definition in html
    assert "Define a local measure" not in html


def test_an_la_administrator_defines_a_metric_for_their_council_only(client, admin_user, outsider):
    client.force_login(admin_user)
    response = client.post(
        reverse("workforce:metric-create"),
        {
            "name": "Social workers with ASYE",
            "phrase": "number of social workers in their assessed year",
            "unit": "count",
            "better_direction": "neither",
            "definition": "Newly qualified social workers in their assessed year.",
            "decimal_places": "0",
        },
    )
    assert response.status_code == 302
    created = Metric.objects.get(name="Social workers with ASYE")
    assert created.local_authority == admin_user.local_authority
    _, html = page(client, outsider, reverse("workforce:metric-list"))
    assert "Social workers with ASYE" not in html
    _, html = page(client, admin_user, la_url(admin_user.local_authority, "observation-create"))
    assert "Social workers with ASYE" in html


def test_only_administrators_define_metrics_and_bad_input_is_explained(client, lead, admin_user):
    client.force_login(lead)
    assert client.get(reverse("workforce:metric-create")).status_code == 403
    client.force_login(admin_user)
    response = client.post(reverse("workforce:metric-create"), {"name": ""})
    html = unescape(response.content.decode())
    assert "There is a problem" in html
    assert "Enter the metric's name" in html
    assert "Choose which direction is better" in html


@pytest.mark.parametrize("extra", [0, 20])
def test_metric_list_queries_do_not_grow(client, lead, django_assert_max_num_queries, extra):
    for number in range(extra):
        Metric.objects.create(
            slug=f"extra-{number}",
            name=f"Extra {number}",
            phrase="extra",
            unit="count",
            better_direction="neither",
            definition="An extra measure.",
            local_authority=lead.local_authority,
        )
    client.force_login(lead)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("workforce:metric-list")).status_code == 200
