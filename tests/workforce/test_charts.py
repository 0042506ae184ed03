"""The SVG trend chart: series that break at gaps, distinct markers, honest axes, and the
`{% trend_chart %}` tag other pages (e.g. a scrutiny summary) include."""

import re
from datetime import date
from decimal import Decimal

from django.template import Context, Template

from indicators.charts import STYLES, build_trend_chart, nice_step
from tests.workforce.factories import ObservationFactory, england, local_figure
from workforce.services import headline_figures, metric_summaries


def agency_summary(la):
    (summary,) = metric_summaries(la, metric_slugs=["agency-rate"])
    return summary


def test_a_gap_breaks_the_line_and_has_no_marker(local_authority):
    for year, value in [(2021, "20"), (2022, "22"), (2023, None), (2024, "25"), (2025, "30")]:
        ObservationFactory(
            local_authority=local_authority,
            year=year,
            value=Decimal(value) if value else None,
            special_value="" if value else "u",
        )
        england("agency-rate", year, Decimal("15"))
    chart = build_trend_chart(agency_summary(local_authority))
    own, nation = chart.series[0], chart.series[1]
    assert (len(own.segments), len(own.markers)) == (2, 4)
    assert (len(nation.segments), len(nation.markers)) == (1, 5)
    assert [label for _, label in chart.x_ticks] == ["2021", "2022", "2023", "2024", "2025"]


def test_axis_starts_at_zero_and_covers_the_highest_figure(local_authority):
    ObservationFactory(local_authority=local_authority, value=Decimal("41.7"))
    england("agency-rate", 2025, Decimal("13"))
    chart = build_trend_chart(agency_summary(local_authority))
    labels = [label for _, label in chart.y_ticks]
    assert labels[0] == "0%"
    assert labels[-1] == "50%"
    assert chart.y_ticks[-1][0] == chart.top
    assert chart.y_ticks[0][0] == chart.bottom


def test_each_series_has_its_own_colour_dash_and_marker_shape():
    assert len({style.colour for style in STYLES.values()}) == 4
    assert len({style.dash for style in STYLES.values()}) == 4
    assert len({style.marker for style in STYLES.values()}) == 4


def test_nice_steps():
    assert [nice_step(value) for value in (41.7, 100, 7, 321661)] == [10, 20, 2, 100000]


def test_a_local_metric_charts_only_the_council_by_date(local_authority):
    local_figure(local_authority, "permanent-social-workers", date(2019, 3, 31), 76)
    local_figure(local_authority, "permanent-social-workers", date(2019, 10, 31), 82)
    (summary,) = metric_summaries(local_authority, metric_slugs=["permanent-social-workers"])
    chart = build_trend_chart(summary)
    assert [series.label for series in chart.series] == ["Havering"]
    assert [label for _, label in chart.x_ticks] == ["Mar 2019", "Oct 2019"]
    assert chart.title == "Permanent social workers (%): Havering, 31 March 2019 to 31 October 2019"


def render(template, **context):
    return Template("{% load workforce_charts %}" + template).render(Context(context))


def test_the_tag_renders_a_small_chart_with_name_description_key_and_table(local_authority):
    ObservationFactory(local_authority=local_authority, value=Decimal("41.7"))
    england("agency-rate", 2025, Decimal("13"))
    (summary,) = headline_figures(local_authority, ["agency-rate"])
    html = render(
        "{% trend_chart summary small=True table_open=True download=False id_prefix='s-' %}",
        summary=summary,
    )
    svg = re.search(r"<svg class=\"app-trend__svg\"[^>]*>", html).group(0)
    assert 'role="img"' in svg
    assert 'viewBox="0 0 400 220"' in svg
    assert 'aria-labelledby="s-trend-311-agency-rate-title"' in svg
    assert '<title id="s-trend-311-agency-rate-title">Agency rate: Havering against England' in html
    assert "is above England&#x27;s 13.0%" in html  # the description says it in words
    assert "<details" not in html  # table shown, for print
    assert "<caption" in html
    assert ".csv" not in html
    for label in ("Havering", "England", "London", "Statistical neighbours (average)"):
        assert f"</svg>{label}</li>" in html


def test_an_empty_chart_says_so(local_authority):
    england("agency-rate", 2025, None, special="x")
    html = render("{% trend_chart summary %}", summary=agency_summary(local_authority))
    assert "No figures yet" in html
