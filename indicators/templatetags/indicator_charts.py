"""`{% load indicator_charts %}{% trend_chart summary small=True %}`: a server-rendered SVG trend
chart of one measure (an `indicators.engine.MeasureSummary`, for a workforce metric or any other
indicator) with its legend, its table of figures for screen readers and, unless
`download=False`, a link to the same numbers as CSV (`summary.csv_url`).

Options: `small=True` for a compact chart (e.g. a scrutiny summary), `table_open=True` to show
the table without a "Show the figures" toggle (e.g. for print), `download=False` to leave out
the CSV link, `id_prefix` when one chart appears twice on a page.
"""

from django import template

from indicators.charts import build_trend_chart

register = template.Library()


@register.inclusion_tag("indicators/includes/_trend_chart.html")
def trend_chart(summary, small=False, table_open=False, download=True, id_prefix=""):
    chart = build_trend_chart(summary, small=bool(small))
    return {
        "chart": chart,
        "summary": summary,
        "small": small,
        "table_open": table_open,
        "download": download,
        "dom_id": f"{id_prefix}{chart.dom_id}",
    }
