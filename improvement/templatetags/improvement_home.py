"""The improvement panels of the home page: a lead's (or administrator's) actions that need them
first, overdue then due soon; and what needs a council's administrators (revised due dates
waiting for approval, findings no action answers yet, key indicators without a recent figure).
Bounded queries, whatever the size of the programme."""

from django import template
from django.db.models import Q
from django.utils import timezone

from improvement.models import DueDateChange, Finding, NextStep, Programme
from indicators.services import scorecard_rows

register = template.Library()

SHOWN = 5
DUE_SOON_DAYS = 28
# A key indicator whose latest figure (published or local) is older than this is "stale".
STALE_AFTER_DAYS = 183


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


@register.inclusion_tag("improvement/_home_administrator.html")
def administrator_needs(user, local_authority):
    today = timezone.localdate()
    programmes = Programme.objects.visible_to(user).for_local_authority(local_authority)
    waiting = list(
        DueDateChange.objects.filter(
            next_step__theme__programme__in=programmes,
            decision=DueDateChange.Decision.PENDING,
        )
        .select_related("next_step__theme")
        .order_by("requested_at", "pk")[: SHOWN + 1]
    )
    unanswered = list(
        programmes.filter(pk__in=Finding.objects.unanswered().values("programme_id")).values_list(
            "pk", "title"
        )
    )
    unanswered_count = Finding.objects.filter(programme__in=programmes).unanswered().count()
    stale = [
        row
        for row in scorecard_rows(local_authority)
        if row.latest is None or (today - row.latest.date).days > STALE_AFTER_DAYS
    ]
    return {
        "local_authority": local_authority,
        "waiting": waiting[:SHOWN],
        "more_waiting": len(waiting) > SHOWN,
        "unanswered_count": unanswered_count,
        "unanswered_programmes": unanswered,
        "stale": stale,
        "stale_days": STALE_AFTER_DAYS,
    }
