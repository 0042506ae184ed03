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
from scrutiny.paper_wording import INPUT_FIELDS, printable

# The inputs a paper keeps in columns of its own (all are in its stored content as well).
STORED_INPUTS = [
    name for name in INPUT_FIELDS if name not in ("council_objectives", "consultation")
]


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
        **{name: getattr(content, name) for name in STORED_INPUTS},
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
