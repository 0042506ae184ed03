"""`{% load indicators_tags %}{% theme_measures theme %}`: a theme's measures of success as a
scorecard table (latest figure, target and RAG in words, England, neighbours, direction), with
a link to choose them for the council's administrators and leads. One query when the theme has
none; a fixed number otherwise."""

from django import template

from indicators.services import theme_measure_rows
from indicators.views import may_manage_indicators

register = template.Library()


@register.inclusion_tag("indicators/_theme_measures.html", takes_context=True)
def theme_measures(context, theme):
    request = context.get("request")
    la = theme.programme.local_authority
    return {
        "theme": theme,
        "local_authority": la,
        "scorecard": theme_measure_rows(theme),
        "scorecard_caption": f"Measures of success: {theme}",
        "may_manage": request is not None and may_manage_indicators(request.user, la),
    }
