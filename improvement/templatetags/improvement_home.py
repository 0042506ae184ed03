"""The improvement panel of the home page: a lead's (or administrator's) actions that need them
first, overdue then due soon. Two bounded queries, whatever the size of the programme."""

from django import template
from django.db.models import Q
from django.utils import timezone

from improvement.models import NextStep

register = template.Library()

SHOWN = 5
DUE_SOON_DAYS = 28


@register.inclusion_tag("improvement/_home_actions.html")
def actions_needing(user):
    today = timezone.localdate()
    mine = NextStep.objects.visible_to(user).filter(Q(owner=user) | Q(theme__leads=user))
    mine = NextStep.objects.filter(pk__in=mine.values("pk")).with_theme().by_due_date()
    overdue = list(mine.overdue(today)[: SHOWN + 1])
    due_soon = list(mine.due_within(DUE_SOON_DAYS, today)[: SHOWN + 1])
    return {
        "overdue": overdue[:SHOWN],
        "more_overdue": len(overdue) > SHOWN,
        "due_soon": due_soon[:SHOWN],
        "more_due_soon": len(due_soon) > SHOWN,
        "days": DUE_SOON_DAYS,
        "today": today,
    }
