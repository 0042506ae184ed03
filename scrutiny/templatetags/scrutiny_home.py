"""The scrutiny panel of the home page: what a committee member reads first: the summary, the
latest paper, what changed since that committee, and the council's key indicators."""

from django import template

from indicators.services import scorecard_rows
from scrutiny.models import CommitteePaper

register = template.Library()


@register.inclusion_tag("scrutiny/_home_committee.html")
def committee_reading(user, local_authority):
    latest = (
        CommitteePaper.objects.visible_to(user)
        .for_local_authority(local_authority)
        .for_list()
        .latest_first()
        .first()
    )
    return {
        "local_authority": local_authority,
        "latest_paper": latest,
        "scorecard": scorecard_rows(local_authority),
    }
