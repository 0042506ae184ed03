from django import template

from inspections.models import Grade

register = template.Library()


@register.inclusion_tag("inspections/_grade_tag.html")
def grade_tag(grade):
    """A grade in Ofsted's words, in a coloured tag (the colour is never the only signal).
    `grade` is a Grade value, or a Judgement."""
    value = getattr(grade, "grade", grade)
    if not value:
        return {"label": "", "code": None}
    try:
        label = Grade(value).label
    except ValueError:
        label = str(value)
    return {"label": label, "code": Grade.code(value)}


@register.filter
def months_words(months):
    """12 -> "1 year", 26 -> "2 years 2 months", 5 -> "5 months"."""
    months = int(months or 0)
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if rest or not years:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    return " ".join(parts)
