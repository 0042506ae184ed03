"""Scrutiny's writes.

Public functions other apps may call:

- `issue_paper(*, programme, by, inputs, issued_at=None) -> CommitteePaper`: generates and
  stores the paper as issued (the .docx and the HTML), refusing a second paper for the same
  committee meeting (ValidationError). Bumps the council's data version.

Reads live beside them: the paper's wording (`scrutiny.paper_wording`), its content
(`scrutiny.paper_content`), its Word document (`scrutiny.paper_docx`) and the LA summary
(`scrutiny.summary`).
"""

from django.db import transaction
from django.utils import timezone

from core.versioning import bump_council
from scrutiny.models import CommitteePaper
from scrutiny.paper_content import paper_content, render_paper_html
from scrutiny.paper_docx import build_docx
from scrutiny.paper_wording import printable


@transaction.atomic
def issue_paper(*, programme, by, inputs: dict, issued_at=None) -> CommitteePaper:
    """Generate the paper from the programme as it is now and keep it as issued.

    Raises ValidationError if a paper was already issued for the same committee meeting, or
    if an input breaks a rule of the model.
    """
    issued_at = issued_at or timezone.now()
    content = paper_content(programme=programme, inputs=inputs)
    content.issued_on = timezone.localtime(issued_at).date()
    content.issued_by = printable(by.get_full_name() or by.get_username())
    paper = CommitteePaper(
        local_authority_id=programme.local_authority_id,
        programme=programme,
        committee_name=content.committee_name,
        meeting_date=content.meeting_date,
        subject_heading=content.subject_heading,
        slt_lead=content.slt_lead,
        report_author=content.report_author,
        policy_context=content.policy_context,
        financial_summary=content.financial_summary,
        summary=content.summary,
        recommendations=content.recommendations,
        financial_implications=content.financial_implications,
        legal_implications=content.legal_implications,
        hr_implications=content.hr_implications,
        equalities_implications=content.equalities_implications,
        issued_at=issued_at,
        issued_by=by,
        docx=build_docx(content, created=issued_at),
        html=render_paper_html(content),
        content=content.as_data(),
    )
    paper.full_clean()
    paper._history_user = by
    paper.save()
    bump_council(paper.local_authority_id)
    return paper
