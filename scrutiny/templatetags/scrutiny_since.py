"""The summary's "since the last committee" block: each section's count since the council's
latest committee meeting with an issued paper. Two queries (one without a paper)."""

from django import template

from scrutiny.since import last_committee_paper, since_counts

register = template.Library()


@register.simple_tag
def since_last_committee(local_authority, today=None):
    """A `SinceMeeting` with counts only, or None when no committee has met on a paper."""
    paper = last_committee_paper(local_authority, today)
    return since_counts(paper, today) if paper is not None else None
