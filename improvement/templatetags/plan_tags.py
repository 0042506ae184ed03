"""Action-plan pieces for any page: `{% plan_headlines programme_or_theme %}` (the headline
figures, and for a programme their trend at past meetings) and filters for an action's dates,
owner and RAG."""

from django import template

from improvement import plan
from improvement.models import ActionRag, NextStep, Programme

register = template.Library()


@register.inclusion_tag("includes/_plan_headlines.html")
def plan_headlines(subject, with_trend=True, heading_level=2):
    """The headline figures of a programme or theme (and, for a programme, the trend)."""
    is_programme = isinstance(subject, Programme)
    trend = plan.trend(subject) if is_programme and with_trend else []
    return {
        "subject": subject,
        "is_programme": is_programme,
        "figures": plan.headline_figures(subject),
        "trend": trend,
        "unanswered": plan.unanswered_count(subject) if is_programme else None,
        "chart": _chart(trend),
        "heading_level": heading_level,
        "soon_days": plan.SOON_DAYS,
    }


@register.inclusion_tag("improvement/_one_action_warning.html")
def one_action_warning(programme):
    """Where a council answering each finding with exactly one action falls short."""
    return {"programme": programme, "warning": plan.one_action_warning(programme)}


def _chart(trend):
    """Bars of % complete at each meeting, 100% = 100 units tall above a baseline at 120."""
    bars = []
    for index, (meeting, figures) in enumerate(trend):
        height = figures.percent_complete
        x = 12 + index * 56
        bars.append(
            {
                "x": x,
                "middle": x + 18,
                "y": 120 - height,
                "height": height,
                "label_y": 116 - height,
                "percent": figures.percent_complete,
                "date": meeting.date,
            }
        )
    return {"width": 24 + 56 * len(trend), "bars": bars}


@register.filter
def due_sentence(step):
    return plan.due_sentence(step)


@register.filter
def due_phrase(step):
    """'due 31 March 2026 (originally 30 June 2025, moved twice)', inside a sentence."""
    return plan.due_sentence(step, start="due")


@register.filter
def owner_label(step):
    return plan.owner_label(step)


@register.filter
def slip_days(step):
    return plan.slip_days(step)


@register.filter
def rag_label(value):
    return ActionRag(value).label if value in ActionRag.values else ""


@register.filter
def times_word(count):
    return plan.times_word(count)


@register.filter
def plan_rows(theme):
    """The paper's two columns, one row per pair: achievements, and next steps not yet turned
    into achievements (a done step shows once, as its achievement). Uses prefetched rows."""
    achievements = list(theme.achievements.all())
    steps = [
        step
        for step in theme.next_steps.all()
        if not (step.status == NextStep.Status.DONE and step.achievements.all())
    ]
    length = max(len(achievements), len(steps))
    achievements += [None] * (length - len(achievements))
    steps += [None] * (length - len(steps))
    return list(zip(achievements, steps, strict=True))


@register.inclusion_tag("improvement/_rag_rule.html")
def rag_rule_details():
    """'How RAG is worked out', in words."""
    return {"rag_rule": plan.RAG_RULE}
