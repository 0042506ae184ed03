"""The real DfE file, imported once for this module: what was stored, and what pages show."""

from decimal import ROUND_HALF_UP, Decimal
from html import unescape

import pytest
from django.urls import reverse

from core.models import LocalAuthority
from tests.factories import improvement_lead
from tests.workforce.factories import real_rows
from tests.workforce.html_tables import table_with_caption, tables
from workforce.importers import import_workforce
from workforce.models import Metric, Observation
from workforce.services import headline_figures


def figure(slug, year, **area):
    return Observation.objects.get(metric__slug=slug, date__year=year, **area)


# ---- the real file ---------------------------------------------------------------------------


def test_real_file_loads_every_area_and_year(imported):
    rows = real_rows()
    published = Metric.objects.published().count()
    years = sorted({int(row["time_period"]) for row in rows})
    assert imported.years == years
    national = Observation.objects.national()
    assert national.count() == len(years) * published
    assert (
        Observation.objects.filter(area_type="regional").count()
        == sum(row["geographic_level"] == "Regional" for row in rows) * published
    )
    # Dorset County (835) and Bournemouth (837), abolished in 2019, are in the register as
    # former councils: their 2017 and 2018 figures are kept, as Poole's always were.
    assert imported.skipped == []
    for code in ("835", "837"):
        dates = Observation.objects.filter(local_authority__dfe_code=code).values_list(
            "date__year", flat=True
        )
        assert sorted(set(dates)) == [2017, 2018]
    assert imported.created == Observation.objects.count()


def test_real_file_twice_changes_nothing(imported):
    before = Observation.objects.count()
    assert import_workforce().skipped_since is not None
    again = import_workforce(force=True)
    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == before
    assert Observation.objects.count() == before


def test_barnet_2017_and_england_2017_are_as_published(imported):
    def at(slug, **area):
        return figure(slug, 2017, **area).display_value

    barnet = {"local_authority__dfe_code": "302"}
    assert [at(s, **barnet) for s in ("turnover-rate", "agency-rate", "vacancy-rate")] == [
        "18.6%",
        "22.4%",
        "32.1%",
    ]
    england = {"area_type": "national"}
    assert [at(s, **england) for s in ("turnover-rate", "agency-rate", "vacancy-rate")] == [
        "13.4%",
        "15.8%",
        "17.0%",
    ]


def test_real_joint_return_is_stored_for_both_councils(imported):
    kingston = figure("agency-rate", 2025, local_authority__dfe_code="314")
    richmond = figure("agency-rate", 2025, local_authority__dfe_code="318")
    assert kingston.value == richmond.value == Decimal("14.9")
    assert kingston.joint_return_note == "Joint return with Richmond upon Thames"
    assert richmond.joint_return_note == "Joint return with Kingston upon Thames"


def test_real_special_values_are_kept_as_symbols_not_numbers(imported):
    scilly = figure("absence-rate", 2018, local_authority__dfe_code="420")
    assert scilly.value is None
    assert scilly.special_value == "c"
    assert scilly.display_value == "suppressed"
    sunderland = figure("agency-rate", 2025, local_authority__dfe_code="394")
    assert (sunderland.value, sunderland.display_value) == (None, "rounds to 0 but is not 0")
    assert not Observation.objects.filter(special_value="", value__isnull=True).exists()


# ---- pages over the real data ----------------------------------------------------------------

WORDS = {
    "c": "suppressed",
    "x": "not available",
    "z": "not applicable",
    "u": "low reliability",
    "low": "rounds to 0 but is not 0",
}


def as_shown(text: str, metric: Metric) -> str:
    """How a CSV cell should read on the page."""
    if text in WORDS:
        return WORDS[text]
    suffix = "%" if metric.unit == "percentage" else ""
    return f"{Decimal(text):,.{metric.decimal_places}f}{suffix}"


def trend_tables(html: str, la_name: str) -> dict[str, dict[str, list[str]]]:
    """{metric name: {year: [LA, England, region, neighbours]}} from the page's figure tables."""
    found = {}
    for table in tables(html):
        name, _, rest = table["caption"].partition(": ")
        if not rest.startswith(f"{la_name} against England"):
            continue
        found[name] = {row[0]: row[1:] for row in table["rows"][1:]}
    return found


@pytest.mark.parametrize(
    "dfe_code",
    [
        "311",  # Havering
        "302",  # Barnet
        "314",  # Kingston upon Thames: a joint return with Richmond
        "330",  # Birmingham: low-reliability figures in 2024
        "394",  # Sunderland: agency figures that round to 0
        "420",  # Isles of Scilly: suppressed and not-applicable figures
        "857",  # Rutland
        "941",  # West Northamptonshire: from 2021, jointly with North Northamptonshire
    ],
)
def test_every_figure_on_the_workforce_page_equals_the_csv(client, imported, dfe_code):
    la = LocalAuthority.objects.get(dfe_code=dfe_code)
    client.force_login(improvement_lead(local_authority=la))
    html = client.get(reverse("workforce:la-workforce", args=[dfe_code])).content.decode()
    shown = trend_tables(html, la.name)
    rows = real_rows()
    national = {r["time_period"]: r for r in rows if r["geographic_level"] == "National"}
    regional = {
        r["time_period"]: r
        for r in rows
        if r["geographic_level"] == "Regional" and r["region_code"] == la.region_code
    }
    own = {
        r["time_period"]: r
        for r in rows
        if r["geographic_level"] == "Local authority"
        and dfe_code in [code.strip() for code in r["old_la_code"].split("/")]
    }
    metrics = list(Metric.objects.published())
    assert set(shown) == {metric.name for metric in metrics}
    checked = 0
    for metric in metrics:
        column = metric.csv_column
        table = shown[metric.name]
        assert set(table) == set(national), metric.name
        for year, cells in table.items():
            la_cell, england_cell, region_cell, _neighbours = cells
            if year in own:
                assert la_cell.startswith(as_shown(own[year][column], metric)), (metric, year)
                if " / " in own[year]["old_la_code"]:
                    assert "Joint return with" in la_cell
            else:
                assert la_cell == "no figure"
            assert england_cell == as_shown(national[year][column], metric), (metric, year)
            assert region_cell == as_shown(regional[year][column], metric), (metric, year)
            checked += 1
    assert checked == len(metrics) * len(national)


def test_barnet_2017_figures_are_shown_beside_englands(client, imported, lead):
    client.force_login(lead)
    html = client.get(reverse("workforce:la-workforce", args=["302"])).content.decode()
    shown = trend_tables(html, "Barnet")
    assert [
        shown[name]["2017"][:2] for name in ("Turnover rate", "Agency rate", "Vacancy rate")
    ] == [
        ["18.6%", "13.4%"],
        ["22.4%", "15.8%"],
        ["32.1%", "17.0%"],
    ]


def test_havering_2025_agency_rate_is_shown_beside_englands_in_words(client, imported, lead):
    client.force_login(lead)
    html = unescape(client.get(reverse("workforce:la-workforce", args=["311"])).content.decode())
    assert "Havering's agency rate, 41.7%, is above England's 13.0%." in html
    latest = table_with_caption(html, "Latest figures for Havering")
    agency = next(row for row in latest["rows"] if row[0] == "Agency rate")
    assert agency[1:5] == ["2025", "41.7%", "13.0%", "17.9%"]
    assert agency[-1] == "Worse than England"


def test_havering_neighbour_average_is_the_mean_of_its_neighbours_published_figures(
    imported,
):
    havering = LocalAuthority.objects.with_neighbours().get(dfe_code="311")
    codes = [n.dfe_code for n in havering.ordered_neighbours()]
    rows = [
        r
        for r in real_rows()
        if r["time_period"] == "2025" and r["geographic_level"] == "Local authority"
    ]
    # Each published return counts once in the mean (a joint return covers two councils);
    # every neighbour with a number counts towards "n of 10".
    values, count = [], 0
    for r in rows:
        covered = [code for code in r["old_la_code"].split(" / ") if code in codes]
        if covered and r["agency_rate_fte"] not in WORDS:
            values.append(Decimal(r["agency_rate_fte"]))
            count += len(covered)
    (summary,) = headline_figures(havering, ["agency-rate"])
    average = summary.latest.neighbours
    assert (average.count, average.total) == (count, 10)
    assert average.value == (sum(values) / len(values)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def test_national_table_ranks_havering_among_every_council(client, imported, lead):
    rows = real_rows()
    register = set(LocalAuthority.objects.values_list("dfe_code", flat=True))
    returns = [
        r
        for r in rows
        if r["time_period"] == "2025"
        and r["geographic_level"] == "Local authority"
        and r["agency_rate_fte"] not in WORDS
        and any(code in register for code in r["old_la_code"].split(" / "))
    ]
    values = [
        Decimal(r["agency_rate_fte"])
        for r in returns
        for code in r["old_la_code"].split(" / ")
        if code in register
    ]
    # A joint return (two councils, one figure) takes one place in the ranks.
    expected_rank = 1 + sum(Decimal(r["agency_rate_fte"]) < Decimal("41.7") for r in returns)
    client.force_login(lead)
    response = client.get(reverse("workforce:national"), {"metric": "agency-rate", "year": 2025})
    table = table_with_caption(response.content.decode(), "Agency rate at 30 September 2025")
    havering = next(row for row in table["rows"] if row[1] == "Havering")
    assert havering[0] == str(expected_rank)
    assert havering[3] == "41.7%"
    ranks = [int(row[0]) for row in table["rows"][1:] if row[0] != "–"]
    assert ranks == sorted(ranks)
    assert len(ranks) == len(values)
