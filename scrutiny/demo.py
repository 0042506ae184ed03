"""Demo data: Havering's Ofsted improvement update to the Children and Learning Overview and
Scrutiny Committee of 26 November 2019, issued from the demo programme (the seed paper)."""

import datetime
import sys
from zoneinfo import ZoneInfo

from core.models import LocalAuthority, User
from improvement.models import Programme
from scrutiny import services
from scrutiny.models import CommitteePaper
from scrutiny.paper_wording import DEFAULT_CONSULTATION, PSED_TEXT

HAVERING = "311"
ISSUED_BY = "havering.admin"
ISSUED_AT = datetime.datetime(2019, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/London"))

SEED_INPUTS = {
    "committee_name": "Children and Learning Overview and Scrutiny Committee",
    "meeting_date": datetime.date(2019, 11, 26),
    "subject_heading": "Ofsted improvement update",
    "slt_lead": "Robert South, Director of Children's Services",
    "report_author": (
        "Ali Omar, Head of Innovation and Improvement\nTel: 01708 431671\nali.omar@havering.gov.uk"
    ),
    "policy_context": "Ofsted Improvement and delivery of statutory social care.",
    "financial_summary": (
        "There are no direct financial implications arising from this update report."
    ),
    "summary": (
        "To ensure that Havering is meeting its statutory responsibilities and continuing to "
        "evidence improvement against Ofsted recommendations, this report updates members of "
        "the Committee on progress to improve standards of social care practice, workforce "
        "development and associated systems."
    ),
    "recommendations": [
        "Notes the progress in compliance with the Ofsted recommendations",
        "Should continue to receive updates on Ofsted improvement and monitor progress against "
        "key areas of performance.",
    ],
    "financial_implications": "There are no financial implications associated with this report.",
    "legal_implications": (
        "There are no apparent legal implications in noting the progress with implementation "
        "of the Ofsted recommendations."
    ),
    "hr_implications": (
        "There are no direct HR implications arising from the recommendations in this report."
    ),
    "equalities_implications": PSED_TEXT,
    "council_objectives": ["Communities making Havering"],
    "consultation": DEFAULT_CONSULTATION,
}


def havering_programme():
    """The demo programme of Havering (the improvement app's), or None."""
    return (
        Programme.objects.filter(local_authority__dfe_code=HAVERING)
        .select_related("local_authority")
        .order_by("start_date", "pk")
        .first()
    )


def load(stdout=None):
    stdout = stdout or sys.stdout
    programme = havering_programme()
    if programme is None:
        stdout.write("Scrutiny: no Havering programme to write a paper from; nothing loaded.\n")
        return None
    existing = CommitteePaper.objects.filter(
        programme=programme,
        committee_name=SEED_INPUTS["committee_name"],
        meeting_date=SEED_INPUTS["meeting_date"],
    ).first()
    if existing is not None:
        stdout.write("Scrutiny: the 26 November 2019 committee paper is already issued.\n")
        return existing
    havering = LocalAuthority.objects.get(dfe_code=HAVERING)
    author, _ = User.objects.get_or_create(
        username=ISSUED_BY,
        defaults={
            "first_name": "Ali",
            "last_name": "Omar",
            "local_authority": havering,
            "job_title": "Head of Innovation and Improvement",
        },
    )
    paper = services.issue_paper(
        programme=programme, by=author, inputs=dict(SEED_INPUTS), issued_at=ISSUED_AT
    )
    stdout.write("Scrutiny: issued the committee paper for 26 November 2019 (Havering).\n")
    return paper
