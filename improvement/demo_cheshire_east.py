"""A second demo council: Cheshire East's improvement journey from 2024, after Ofsted judged its
children's services inadequate, built from public information.

What the public sources say (and the demo records):
- Ofsted inspected Cheshire East's children's services (ILACS) from 26 February to 8 March
  2024 and published its report on 16 May 2024: overall effectiveness inadequate; the
  experiences and progress of care leavers inadequate; the impact of leaders, children who
  need help and protection, and children in care requires improvement to be good. The report
  asks for improvement in senior leaders' oversight of performance; the quality, consistency
  and responsiveness of support, advice and guidance for care leavers; and the quality and
  frequency of visits to children. Source: Ofsted, "Cheshire East: Inspection of local
  authority children's services", https://reports.ofsted.gov.uk/provider/44/80447 (the
  judgements are also in Ofsted's "Local authority inspection outcomes as at 31 March 2025",
  which the inspections demo imports).
- The Department for Education issued an improvement notice after the inspection. Source:
  DfE, "Improvement notice issued to Cheshire East Council: July 2024",
  https://www.gov.uk/government/publications/improvement-notice-issued-to-cheshire-east-council-july-2024
- The council's Children and Families Committee approved the improvement plan on 8 July 2024
  and receives progress reports (for example on 10 November 2025). Sources: Cheshire East
  Council, "Improvement plan",
  https://moderngov.cheshireeast.gov.uk/ecSDDisplay.aspx?NAME=SD237&ID=237&RPID=0 and
  "Improvement Plan Progress Report",
  https://moderngov.cheshireeast.gov.uk/ecminutes/mgIssueHistoryHome.aspx?IId=87483
- Ofsted's first monitoring visit, in February 2025, looked at the front door; the second,
  in June 2025, at children in need and child protection (including disabled children),
  senior leaders' oversight of performance, and management oversight and supervision. Source:
  the monitoring visit letters on Ofsted's page above.

What is illustrative (the sources do not give it): the exact days of the monitoring visits
(the months are right), the wording of the improvement notice's requirements, the sector-led
improvement partner's (SLIP) review and its finding, the themes, actions, owners, dates,
notes and evidence. Owners are named by role only. Idempotent: running it again changes
nothing.
"""

import datetime
import sys

from django.db import transaction
from django.utils import timezone

from core.models import LocalAuthority

CHESHIRE_EAST = "895"
TITLE = "Children's services improvement plan"
ILACS_START = datetime.date(2024, 2, 26)
COMMITTEE = "Children and Families Committee"
OFSTED_PAGE = "https://reports.ofsted.gov.uk/provider/44/80447"
NOTICE = "Improvement notice issued to Cheshire East Council: July 2024"

# (start, end, theme): Ofsted's monitoring visits (the days are illustrative; see above).
MONITORING_VISITS = [
    (datetime.date(2025, 2, 4), datetime.date(2025, 2, 5), "The front door"),
    (
        datetime.date(2025, 6, 10),
        datetime.date(2025, 6, 11),
        "Children in need and children subject to a child protection plan",
    ),
]

# (title, aim, [(label, text, owner role, due, status)])
THEMES = [
    (
        "Leadership and oversight of performance",
        "Senior leaders know the quality of practice from performance information and audit, "
        "and act on it.",
        [
            (
                "Performance framework",
                "Introduce a performance framework and monthly performance clinics led by the "
                "director of children's services.",
                "Head of Service, Performance and Quality Assurance",
                datetime.date(2024, 10, 31),
                "done",
            ),
            (
                "Audit programme",
                "Run a monthly case audit programme moderated by senior leaders, with learning "
                "shared with every team.",
                "Head of Service, Performance and Quality Assurance",
                datetime.date(2025, 3, 31),
                "in_progress",
            ),
        ],
    ),
    (
        "Care leavers",
        "Care leavers get consistent, responsive support, advice and guidance, and live in "
        "accommodation where they feel safe.",
        [
            (
                "Pathway plans",
                "Every care leaver has an up-to-date pathway plan written with them.",
                "Head of Service, Care Leavers",
                datetime.date(2025, 1, 31),
                "at_risk",
            ),
            (
                "Emergency accommodation",
                "No care leaver is placed in emergency accommodation without a senior "
                "manager's agreement and a plan to move on.",
                "Head of Service, Care Leavers",
                datetime.date(2025, 6, 30),
                "slipped",
            ),
        ],
    ),
    (
        "Help and protection",
        "Children in need and children with a child protection plan are visited as often as "
        "their plans say, and their plans make a difference.",
        [
            (
                "Visits to children",
                "Social workers visit children as often as their plans say; team managers check "
                "it each week.",
                "Head of Service, Children in Need and Child Protection",
                datetime.date(2025, 4, 30),
                "in_progress",
            ),
            (
                "Supervision",
                "Regular, reflective supervision recorded on every child's file.",
                "Principal Social Worker",
                datetime.date(2027, 3, 31),
                "planned",
            ),
        ],
    ),
]

# Due dates moved, with reasons: (label, asked on, new date, reason).
MOVES = [
    (
        "Pathway plans",
        datetime.date(2025, 1, 20),
        datetime.date(2025, 9, 30),
        "Three of the care leavers' personal advisers left; agency cover started in February.",
    ),
    (
        "Emergency accommodation",
        datetime.date(2025, 6, 16),
        datetime.date(2026, 3, 31),
        "The supported accommodation contract is re-let in the new year.",
    ),
]

# (source, detail, text, inspection key, answering action labels)
FINDINGS = [
    (
        "recommendation",
        "Inspection of local authority children's services, published 16 May 2024",
        "Senior leaders' oversight of performance.",
        "ilacs",
        ["Performance framework"],
    ),
    (
        "recommendation",
        "Inspection of local authority children's services, published 16 May 2024",
        "The quality, consistency and responsiveness of support, advice and guidance for care "
        "leavers.",
        "ilacs",
        ["Pathway plans", "Emergency accommodation"],
    ),
    (
        "recommendation",
        "Inspection of local authority children's services, published 16 May 2024",
        "The quality and frequency of visits to children.",
        "ilacs",
        ["Visits to children"],
    ),
    (
        "improvement_notice",
        NOTICE,
        "Deliver the improvement plan, overseen by an improvement board with an independent "
        "chair, and work with the Department's children's services improvement adviser.",
        None,
        ["Audit programme"],
    ),
    (
        "monitoring_visit",
        "Second monitoring visit, June 2025",
        "The quality of management oversight and supervision.",
        "visit-2",
        ["Supervision"],
    ),
    (
        "peer_review",
        "Sector-led improvement partner's review, autumn 2025",
        "Make sure the voice of children and care leavers shapes the improvement plan.",
        None,
        [],
    ),
]

# (kind code, title, date, finding text it tests or None)
EVIDENCE = [
    (
        "ofsted_monitoring_letter",
        "Ofsted monitoring visit letter: the front door",
        datetime.date(2025, 3, 11),
        None,
    ),
    (
        "ofsted_monitoring_letter",
        "Ofsted monitoring visit letter: children in need and child protection",
        datetime.date(2025, 7, 15),
        "The quality of management oversight and supervision.",
    ),
    (
        "dfe_adviser_review",
        "DfE improvement adviser's six-monthly review",
        datetime.date(2025, 1, 28),
        None,
    ),
    (
        "case_audit",
        "Audit of visits to children on a child protection plan",
        datetime.date(2025, 5, 20),
        "The quality and frequency of visits to children.",
    ),
    (
        "councillor_visit",
        "Councillors' frontline visit to the care leavers' team",
        datetime.date(2025, 9, 12),
        None,
    ),
    ("slip_review", "Sector-led improvement partner's review", datetime.date(2025, 10, 21), None),
]

BOARD_DATES = [
    datetime.date(2024, 9, 16),
    datetime.date(2024, 11, 18),
    datetime.date(2025, 1, 20),
    datetime.date(2025, 3, 17),
    datetime.date(2025, 5, 19),
    datetime.date(2025, 7, 21),
    datetime.date(2025, 9, 15),
    datetime.date(2025, 11, 10),
]


def _ilacs_inspection(council):
    """The 2024 inspection: imported from Ofsted's outcomes by the inspections demo, or entered
    here with the published judgements if the import has not run."""
    from inspections.models import Framework, Grade, Inspection
    from inspections.services import save_inspection

    found = Inspection.objects.filter(
        local_authority=council, inspection_type=Inspection.Type.STANDARD, start_date=ILACS_START
    ).first()
    if found is not None:
        return found
    framework = Framework.for_date(ILACS_START)
    if framework is None:
        return None
    grades = {
        "overall": Grade.INADEQUATE,
        "leadership": Grade.REQUIRES_IMPROVEMENT,
        "help-and-protection": Grade.REQUIRES_IMPROVEMENT,
        "children-in-care": Grade.REQUIRES_IMPROVEMENT,
        "care-leavers": Grade.INADEQUATE,
    }
    return save_inspection(
        inspection=None,
        by=None,
        values={
            "local_authority": council,
            "inspection_type": Inspection.Type.STANDARD,
            "framework": framework,
            "start_date": ILACS_START,
            "end_date": datetime.date(2024, 3, 8),
            "published_on": datetime.date(2024, 5, 16),
            "report_url": OFSTED_PAGE,
        },
        judgements=[
            (area, grades[area.strand], "")
            for area in framework.areas.all()
            if area.strand in grades
        ],
        recommendations=[],
    )


def _monitoring_visits(council):
    from inspections.models import Framework, Inspection
    from inspections.services import save_inspection

    visits = []
    for start, end, theme in MONITORING_VISITS:
        visit = Inspection.objects.filter(
            local_authority=council,
            inspection_type=Inspection.Type.MONITORING_VISIT,
            start_date__year=start.year,
            start_date__month=start.month,
        ).first()
        if visit is None:
            visit = save_inspection(
                inspection=None,
                by=None,
                values={
                    "local_authority": council,
                    "inspection_type": Inspection.Type.MONITORING_VISIT,
                    "framework": Framework.for_date(start),
                    "start_date": start,
                    "end_date": end,
                    "theme": theme,
                    "report_url": OFSTED_PAGE,
                    "summary": "The month is right; the days are approximate.",
                },
                judgements=[],
                recommendations=[],
            )
        visits.append(visit)
    return visits


@transaction.atomic
def load(stdout=None):
    """Create Cheshire East's programme if it is not there yet. Safe to run again."""
    # Deliberately parallel to improvement.demo.load_havering: see there.
    from improvement import plan_services, services
    from improvement.models import Finding, NextStep, Programme

    out = stdout or sys.stdout
    council = LocalAuthority.objects.filter(dfe_code=CHESHIRE_EAST).first()
    if council is None:
        out.write("Improvement demo: Cheshire East (895) is not in the register; skipped.\n")
        return None
    programme = Programme.objects.filter(local_authority=council, title=TITLE).first()
    if programme is not None:
        return programme
    inspection = _ilacs_inspection(council)
    visits = _monitoring_visits(council)
    programme = services.create_programme(
        by=None,
        local_authority=council,
        title=TITLE,
        summary="The plan answering Ofsted's inspection of February and March 2024 and the "
        "Department for Education's improvement notice of July 2024.",
        start_date=datetime.date(2024, 7, 8),
        governance_board="Children's Services Improvement Board",
        reports_to=[COMMITTEE, "Corporate Leadership Team"],
        themes_per_meeting=1,
        inspections=[v for v in [inspection, *visits] if v is not None],
    )
    Programme.objects.filter(pk=programme.pk).update(one_action_per_finding=True)
    programme.refresh_from_db()
    steps = {}
    for order, (title, aim, actions) in enumerate(THEMES, start=1):
        theme = services.create_theme(
            programme=programme, by=None, title=title, aim_heading="Aim", aim=aim, order=order
        )
        for label, text, role, due, status in actions:
            steps[label] = services.add_next_step(
                theme=theme,
                by=None,
                label=label,
                text=text,
                owner_name=role,
                due_date=due,
                status="planned" if status == "done" else status,
            )
    for label, asked_on, new_date, reason in MOVES:
        change = plan_services.change_due_date(
            next_step=steps[label], by=None, new_date=new_date, reason=reason, seen_version=None
        )
        requested = timezone.make_aware(datetime.datetime.combine(asked_on, datetime.time(12)))
        type(change).objects.filter(pk=change.pk).update(
            requested_at=requested, decided_at=requested
        )
    plan_services.record_progress(
        next_step=steps["Performance framework"],
        by=None,
        status=NextStep.Status.DONE,
        text="Monthly performance clinics started in November; the framework was agreed by "
        "the improvement board.",
        seen_version=None,
        as_at=datetime.date(2024, 11, 18),
    )
    sources = {"ilacs": inspection, "visit-2": visits[1] if len(visits) > 1 else None}
    findings = {}
    for order, (source, detail, text, key, labels) in enumerate(FINDINGS, start=1):
        findings[text] = plan_services.add_finding(
            programme=programme,
            by=None,
            source=source,
            source_detail=detail,
            text=text,
            inspection=sources.get(key),
            order=order,
            actions=[steps[label] for label in labels],
        )
    for kind, title, on, tests in EVIDENCE:
        services.add_evidence(
            programme=programme,
            by=None,
            kind=kind,
            title=title,
            date=on,
            finding=findings.get(tests),
        )
    services.build_board_rota(programme=programme, by=None, dates=BOARD_DATES)
    out.write(
        f"Improvement demo: {programme} with {len(THEMES)} themes and "
        f"{Finding.objects.filter(programme=programme).count()} findings.\n"
    )
    return programme
