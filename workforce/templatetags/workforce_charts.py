"""`{% load workforce_charts %}`: the indicator engine's `{% trend_chart %}` tag under the name
workforce pages (and the scrutiny summary) have always loaded."""

from indicators.templatetags.indicator_charts import register  # noqa: F401
