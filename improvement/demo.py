"""Havering's 2019 Ofsted improvement programme, as its report to the Children and Learning
Overview and Scrutiny Committee of 26 November 2019 gives it: seven themes with their aims,
the progress tables' achievements and next steps word for word, the evaluation framework and
the improvement board's rota of two themes a meeting.

`PAPER` holds the paper's contents; tests compare the theme pages with it item for item.

`ACTION_PLAN` adds what an action plan keeps beyond the paper, so the demo shows it: due dates
moved with reasons, a step done after its original date (the supervision template, recorded as
the paper's 'Template' achievement), milestones, a progress note and a step at risk. These
details are illustrative: the paper does not give them. The paper's items are unchanged.
"""

import datetime
import sys

from django.db import transaction
from django.utils import timezone

from core.models import LocalAuthority, User

HAVERING = "311"
PROGRAMME_TITLE = "Ofsted improvement programme"
COMMITTEE_DATE = datetime.date(2019, 11, 26)
COMMITTEE = "Children and Learning Overview and Scrutiny Committee"

D, M = "day", "month"  # date precision: an exact date, or a month and year


def _date(year, month, day=1):
    return datetime.date(year, month, day)


PAPER = {
    "title": PROGRAMME_TITLE,
    "summary": (
        "The inspection report highlighted seven thematic areas for improvement in order to "
        "raise standards further, with a key factor being to ensure greater consistency and "
        "quality assurance across the service, and compliance with case recording. These "
        "themes are deliberately cross cutting, and designed to drive improvement across the "
        "service, rather than just in specific services. Each area has a clearly defined "
        "project initiation document, and there is an overall programme plan, describing the "
        "delivery and timescales."
    ),
    "start_date": _date(2018, 9, 1),
    "governance_board": "Children's Services Improvement Board",
    "reports_to": ["LSCB", "SLT", COMMITTEE, "Executive"],
    "themes_per_meeting": 2,
    # Paragraph 7: the evaluation framework.
    "evidence": [
        ("practice_week", "Practice week and special Quality Assurance audits on key themes"),
        ("staff_feedback", "Feedback from staff"),
        ("service_user_feedback", "Feedback from service users"),
        ("peer_review", "Peer Reviews (involving other Local Authorities)"),
        ("independent_auditor", "Challenge from an experienced independent auditor"),
        (
            "ofsted_focused_visit",
            "A focused visit from Ofsted (prior to the next OFSTED inspection)",
        ),
    ],
    # Paragraphs 8-14 (aims) and the Progress section's tables. Achievements:
    # (label, text, achieved_on, precision); next steps: (label, text, due, precision, status).
    "themes": [
        {
            "title": "Pathway Planning and Transitions to Adulthood",
            "aim_heading": "Pathway Planning and Transitions to Adulthood",
            "aim": (
                "The aim is to further improve the quality of care planning. This includes the "
                "development of a Health Passport and the integration of Personal Education "
                "Plans into the care plan. This will involve partners across health and "
                "education. There is also a focus on how we manage and make decisions around "
                "key transitions phases for children, who are in care or care experienced."
            ),
            "leads": ["havering.lead"],
            "achievements": [
                (
                    "Education, Employment and Training",
                    "61% of our care leavers are in education, employment and training (as at "
                    "March 2019) which is higher than the London and England average.",
                    _date(2019, 3),
                    M,
                ),
                (
                    "The Cocoon",
                    "Has recently celebrated its second anniversary and goes from strength to "
                    "strength as a community space for care experienced young people to access "
                    "support and leisure activities.",
                    None,
                    D,
                ),
                (
                    "Transitions Panel",
                    "The contribution from partner agencies has continued to grow and the remit "
                    "has expanded to consider young people from other agencies, such as mental "
                    "health.",
                    None,
                    D,
                ),
            ],
            "next_steps": [
                (
                    "Health Passports",
                    "we want to ensure that all our care experienced young people are supported "
                    "in understanding their health information and why it is important to have. "
                    "We will also ensure that Liquid Logic enables us to make specific "
                    "recordings regarding health passports.",
                    None,
                    D,
                    "planned",
                ),
                (
                    "The Cocoon",
                    "The introduction of a full time manager for The Cocoon will strengthen our "
                    "offer from the community space.",
                    None,
                    D,
                    "planned",
                ),
                (
                    "Leaving Care Local Offer",
                    "Published by the end of the year",
                    _date(2019, 12, 31),
                    M,
                    "planned",
                ),
                (
                    "Plans",
                    "Our Pathway Planning Champions group is exploring the option of "
                    "integrating Personal Education Plans with Pathway Plans to create one "
                    "holistic document.",
                    None,
                    D,
                    "in_progress",
                ),
            ],
        },
        {
            "title": "Strategy Meetings and Planning",
            "aim_heading": (
                "Strategy and Meetings (Including risk assessments and support for children "
                "returning home from care)"
            ),
            "aim": (
                "This theme relates to the approach to planning and recording across Children "
                "in Need, Child Protection, Strategy Discussions and risk assessments. The aim "
                "is to set out a consistent approach to ensuring plans are SMART and recorded in "
                "a clear, concise and consistent manner."
            ),
            "leads": [],
            "achievements": [
                (
                    "Exemplars",
                    "Good practice examples of strategy meetings and plans have been collated "
                    "and will be shared with staff as part of the training and development "
                    "offer",
                    None,
                    D,
                ),
                (
                    "Meetings Protocol",
                    "Standards have been agreed regarding holding strategy meetings and "
                    "attendance by partner agencies is being tracked via the case management "
                    "system",
                    None,
                    D,
                ),
                (
                    "Obsessions Workshops",
                    "Within the programme, workshops are scheduled which will support skills "
                    "development regarding meetings and planning.",
                    None,
                    D,
                ),
            ],
            "next_steps": [
                (
                    "Practice Toolkit",
                    "This is being developed to support managers and includes practice "
                    "guidance, templates and exemplars. This will also be shared with partner "
                    "agencies.",
                    None,
                    D,
                    "in_progress",
                ),
                (
                    "Training Video",
                    "A video example of a good strategy meeting is due to be developed from the "
                    "end of November",
                    _date(2019, 11, 30),
                    M,
                    "planned",
                ),
            ],
        },
        {
            "title": "Supervision",
            "aim_heading": "Supervision",
            "aim": (
                "The aim is to clarify what 'good' supervision looks like, and set out clear "
                "guidance and principles. This also involves looking at new ways of delivering "
                "case supervision including group and peer supervision models."
            ),
            "leads": ["havering.lead2"],
            "achievements": [
                (
                    "Template",
                    "A revised supervision template was rolled out across the service in "
                    "October 2019, following consultation with staff across the service. The "
                    "new template has been created in line with systemic principles and is "
                    "designed to enable reflective and purposeful practice.",
                    _date(2019, 10),
                    M,
                ),
                (
                    "Obsessions Workshops",
                    "A workshop on supervision was held on 17/10/19 and a focus on supervision "
                    "will be retained when developing the rest of the programme.",
                    _date(2019, 10, 17),
                    D,
                ),
            ],
            "next_steps": [
                (
                    "Support",
                    "Continue to offer guidance and support regarding the use of the new template",
                    None,
                    D,
                    "in_progress",
                ),
                (
                    "Quality assurance",
                    "Monitoring of performance data and audit activity to understand the impact "
                    "of the new template. Ensure that supervision observations are undertaken "
                    "regularly by Group Managers.",
                    None,
                    D,
                    "planned",
                ),
            ],
        },
        {
            "title": "Quality Assurance",
            "aim_heading": "Quality Assurance",
            "aim": (
                "This theme will consider the auditing and other quality assurance activities "
                "across the services to ensure there is a robust framework to which supports us "
                "to achieve a more consistent quality of practice. The current auditing "
                "activity will be reviewed to respond to feedback from OFSTED. Specific "
                "attention will be given to the areas of activity covered by these improvement "
                "projects."
            ),
            "leads": [],
            "achievements": [
                (
                    "Framework",
                    "New Quality Assurance Framework and supporting tools are in place",
                    None,
                    D,
                ),
                (
                    "Liquid Logic",
                    "The Deep Dive audit Tool and monthly case file audits have been developed "
                    "in Liquid Logic",
                    None,
                    D,
                ),
                (
                    "Training",
                    "'What Good Looks Like' workshops were held in June 2019 which were "
                    "attended by 31 managers/supervisors",
                    _date(2019, 6),
                    M,
                ),
            ],
            "next_steps": [
                (
                    "Multi-Agency/Cross Borough Audits",
                    "Discussion has taken place with Barking and Dagenham and further "
                    "conversations are scheduled.",
                    None,
                    D,
                    "in_progress",
                ),
                ("SEND QA Framework", "to be developed and implemented", None, D, "planned"),
            ],
        },
        {
            "title": "Workforce Development",
            "aim_heading": "Workforce and Practice development",
            "aim": (
                "This theme will progress the work of the Social Care Academy and set out a "
                "route of professional development for all practitioners and managers within "
                "the service. This will include a review of career progression and fast-track "
                "options. The theme will consider the preparation of social workers for the "
                "national accreditation system, and link the professional development plan "
                "with the PDR process. The theme will also consider recruitment, retention, "
                "induction and recognition."
            ),
            "leads": ["havering.lead2"],
            "achievements": [
                (
                    "Permanent Workforce",
                    "82% of our social workers are now permanent",
                    None,
                    D,
                ),
                (
                    "Recruitment Open Evening",
                    "Event held in March 2018 with 80 potential new recruits attending. A "
                    "second event is scheduled for November 2018 and will be held at The "
                    "Cocoon.",
                    _date(2018, 3),
                    M,
                ),
                (
                    "Social Media",
                    "We have improved our use of social media to raise the profile of Havering "
                    "and advertise roles.",
                    None,
                    D,
                ),
            ],
            "next_steps": [
                (
                    "Career Progression Scheme",
                    "Due to be relaunched in December 2019",
                    _date(2019, 12, 31),
                    M,
                    "planned",
                ),
                (
                    "HSCA Good Practice Awards",
                    "Following the success of the 2019 event, this is scheduled again for "
                    "February 2020",
                    _date(2020, 2, 29),
                    M,
                    "planned",
                ),
            ],
        },
        {
            "title": "Adolescent Safeguarding",
            "aim_heading": "Adolescent Safeguarding",
            "aim": (
                "The aim of this theme is to ensure there is a coherent approach to the range of "
                "risk issues that affect young people, including Serious Youth Violence, Child "
                "Sexual Exploitation, Missing, Criminal Exploitation, County Lines, and "
                "Radicalisation. A review of the governance structure, new strategy, model of "
                "practice, partnership working and intelligence will be developed as part of "
                "this work. The aim is to ensure we consider all contextual safeguarding issues "
                "together when reviewing risks and safety plans for young people."
            ),
            "leads": ["havering.lead"],
            "achievements": [
                (
                    "Multi-agency input",
                    "Agreement to a multi-disciplinary safeguarding arrangement, involving all "
                    "main partners",
                    None,
                    D,
                ),
                (
                    "Resources",
                    "These have been secured and agreed via funding from the Local Authority and "
                    "Health partners",
                    None,
                    D,
                ),
                (
                    "Investment",
                    "Some programmes/projects are already underway, including a £400k "
                    "investment from the Home Office via the Mayor's Office for Policing and "
                    "Crime (MOPAC)",
                    None,
                    D,
                ),
            ],
            "next_steps": [
                (
                    "Launch",
                    "The service will be officially launched in early 2020.",
                    _date(2020, 2, 29),
                    M,
                    "planned",
                ),
            ],
        },
        {
            "title": "Case Recording and Data Quality",
            "aim_heading": "Case recording and data quality",
            "aim": (
                "Alongside the implementation of the new case management system, clear "
                "expectations of how practice should be recorded will be developed, and a "
                "rigorous quality assurance framework for data quality will be put in place. "
                "The aim is to ensure a more consistent approach to record keeping, whilst "
                "ensuring this is efficient and enables practitioners to spend significant time "
                "engaged in direct work with families."
            ),
            "leads": [],
            "achievements": [
                (
                    "Liquid Logic Implementation",
                    "New case management system went live in March 2019, and focus has been on "
                    "data cleansing, data migration and training.",
                    _date(2019, 3),
                    M,
                ),
                (
                    "Case Recording Principles",
                    "we have worked with the youth management team to develop our case "
                    "recording principles and these will be launched in November.",
                    None,
                    D,
                ),
            ],
            "next_steps": [
                (
                    "Liquid Logic Oversight",
                    "Continue to provide oversight of the progress with regards to liquid logic "
                    "and any changes required",
                    None,
                    D,
                    "in_progress",
                ),
                (
                    "Performance Reporting",
                    "Our performance reporting processes will be reviewed to ensure that all "
                    "service areas have their requirements met and we are gathering data that "
                    "is informative and purposeful.",
                    None,
                    D,
                    "planned",
                ),
            ],
        },
    ],
    # The board reviews two themes a meeting; these dates are illustrative (the paper gives
    # none): one full cycle of the seven themes from autumn 2019.
    "board_dates": [
        _date(2019, 9, 17),
        _date(2019, 10, 29),
        _date(2019, 12, 10),
        _date(2020, 1, 21),
    ],
}

# Words that tie each theme to one of the July 2018 inspection's recommendations.
RECOMMENDATION_KEYWORDS = [
    ("pathway", "transition", "care leaver", "health passport", "personal education"),
    ("strategy", "plans", "planning", "return home", "returning home", "risk assessment"),
    ("supervision",),
    ("quality assurance", "audit"),
    ("workforce", "training", "development", "academy"),
    ("adolescent", "exploitation", "missing", "contextual"),
    ("recording", "record", "data"),
]
RAG_REASON = (
    f"Work under way, as reported to the {COMMITTEE} on 26 November 2019 (Ofsted improvement "
    "update)."
)


def _users(usernames, local_authority):
    users = []
    for username in usernames:
        user, _ = User.objects.get_or_create(
            username=username, defaults={"local_authority": local_authority}
        )
        users.append(user)
    return users


def load(stdout=None):
    """Havering's programme (returned) and the second demo council's, Cheshire East's
    (`improvement.demo_cheshire_east`). Safe to run again."""
    from improvement import demo_cheshire_east

    programme = load_havering(stdout)
    demo_cheshire_east.load(stdout)
    return programme


@transaction.atomic
def load_havering(stdout=None):
    """Create Havering's programme if it is not there yet; link the inspection's
    recommendations when the inspections demo provides them. Safe to run again."""
    # Deliberately parallel to improvement.demo_cheshire_east.load: two councils' different
    # stories told through the same services, each from its own tables.
    from improvement import services
    from improvement.models import EvidenceItem, Programme, ProgressUpdate

    out = stdout or sys.stdout
    havering = LocalAuthority.objects.filter(dfe_code=HAVERING).first()
    if havering is None:
        out.write("Improvement demo: Havering (311) is not in the register; skipped.\n")
        return None

    programme = Programme.objects.filter(local_authority=havering, title=PAPER["title"]).first()
    if programme is None:
        programme = services.create_programme(
            by=None,
            local_authority=havering,
            title=PAPER["title"],
            summary=PAPER["summary"],
            start_date=PAPER["start_date"],
            governance_board=PAPER["governance_board"],
            reports_to=PAPER["reports_to"],
            themes_per_meeting=PAPER["themes_per_meeting"],
            status=Programme.Status.ACTIVE,
        )
        reported_at = timezone.make_aware(
            datetime.datetime.combine(COMMITTEE_DATE, datetime.time(12, 0))
        )
        evidence = {}
        for kind, title in PAPER["evidence"]:
            evidence[kind] = services.add_evidence(
                programme=programme, by=None, kind=kind, title=title
            )
        for order, spec in enumerate(PAPER["themes"], start=1):
            leads = _users(spec["leads"], havering)
            theme = services.create_theme(
                programme=programme,
                by=None,
                title=spec["title"],
                aim_heading=spec["aim_heading"],
                aim=spec["aim"],
                order=order,
                leads=leads,
            )
            for label, text, on, precision in spec["achievements"]:
                services.add_achievement(
                    theme=theme,
                    by=None,
                    label=label,
                    text=text,
                    achieved_on=on,
                    achieved_precision=precision,
                )
            for label, text, due, precision, status in spec["next_steps"]:
                services.add_next_step(
                    theme=theme,
                    by=None,
                    label=label,
                    text=text,
                    due_date=due,
                    due_precision=precision,
                    status=status,
                    owner=leads[0] if leads else None,
                )
            theme = services.change_rag(
                theme=theme, by=None, status="amber", reason=RAG_REASON, seen_version=None
            )
            theme.rag_changes.update(changed_at=reported_at)
            update = ProgressUpdate(
                theme=theme,
                text=f"Progress reported to the {COMMITTEE} on 26 November 2019: "
                f"{len(spec['achievements'])} achievements so far and "
                f"{len(spec['next_steps'])} next steps.",
                rag_status=theme.rag_status,
            )
            update.created_at = reported_at
            update.save()
        qa_theme = programme.themes.get(title="Quality Assurance")
        evidence["practice_week"].themes.add(qa_theme)
        services.build_board_rota(programme=programme, by=None, dates=PAPER["board_dates"])
        add_action_plan(programme)
        out.write(
            f"Improvement demo: {programme} with {len(PAPER['themes'])} themes, "
            f"{EvidenceItem.objects.filter(programme=programme).count()} evaluation items and "
            f"{programme.board_meetings.count()} board meetings.\n"
        )
    linked = link_recommendations(programme)
    if linked is not None:
        add_findings(programme)
    if linked is None:
        out.write(
            "Improvement demo: the inspections demo has no Havering 2018 inspection yet; "
            "themes are not linked to recommendations.\n"
        )
    return programme


def havering_inspection():
    """Havering's July 2018 ILACS inspection from the inspections demo, or None."""
    try:
        from inspections.demo import havering_2018_inspection
    except ImportError:
        return None
    try:
        return havering_2018_inspection()
    except Exception:  # the other app's demo may not have been loaded
        return None


def _best_recommendation(keywords, recommendations, taken):
    best, best_score = None, 0
    for rec in recommendations:
        if rec.pk in taken:
            continue
        text = rec.text.lower()
        score = sum(1 for word in keywords if word in text)
        if score > best_score:
            best, best_score = rec, score
    return best


def link_recommendations(programme):
    """Link the programme to the inspection and each theme to the recommendation it answers
    (by its words; in order where the words do not decide). None if there is no inspection."""
    inspection = havering_inspection()
    if inspection is None:
        return None
    programme.inspections.add(inspection)
    recommendations = list(inspection.recommendations.order_by("order", "pk"))
    themes = list(programme.themes.order_by("order", "pk"))
    taken: set = set()
    pairs = []
    for theme, keywords in zip(themes, RECOMMENDATION_KEYWORDS, strict=False):
        rec = _best_recommendation(keywords, recommendations, taken)
        if rec is not None:
            taken.add(rec.pk)
        pairs.append((theme, rec))
    spare = [rec for rec in recommendations if rec.pk not in taken]
    for theme, rec in pairs:
        chosen = rec or (spare.pop(0) if spare else None)
        if chosen is not None and not theme.recommendations.filter(pk=chosen.pk).exists():
            theme.recommendations.add(chosen)
    return pairs


# --------------------------------------------------------------------------------------------
# The action plan behind the paper (illustrative: see the module's docstring)

ACTION_PLAN = {
    # label: [(requested on, from, to, reason)]
    "moves": {
        "Career Progression Scheme": [
            (
                _date(2019, 7, 2),
                _date(2019, 9, 30),
                _date(2019, 10, 31),
                "The scheme is being aligned with the council's pay and grading review.",
            ),
            (
                _date(2019, 9, 17),
                _date(2019, 10, 31),
                _date(2019, 12, 31),
                "The improvement board asked for staff to be consulted on the revised scheme "
                "first.",
            ),
        ],
        "Launch": [
            (
                _date(2019, 10, 29),
                _date(2019, 11, 30),
                _date(2020, 2, 29),
                "The launch waits until every partner's funding is confirmed.",
            ),
        ],
    },
    # (theme, label, text, original due, completed on, achievement it became)
    "done_late": (
        "Supervision",
        "Template",
        "Roll out the revised supervision template across the service.",
        _date(2019, 9, 30),
        _date(2019, 10, 1),
        "Template",
    ),
    # label: [(milestone, due, done on)]
    "milestones": {
        "Career Progression Scheme": [
            ("Consult staff on the revised scheme", _date(2019, 10, 31), _date(2019, 10, 25)),
            ("Agree the scheme with HR and the unions", _date(2019, 11, 30), _date(2019, 11, 19)),
            ("Relaunch the scheme to staff", _date(2019, 12, 31), None),
        ],
    },
    "at_risk": ["Multi-Agency/Cross Borough Audits"],
    # label: (as at, text)
    "notes": {
        "Career Progression Scheme": (
            _date(2019, 11, 20),
            "Consultation finished; the scheme is agreed with HR and the unions.",
        ),
    },
}


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def add_action_plan(programme):
    """Give the paper's next steps the dates, history and milestones of an action plan, dated
    as the programme ran (so figures at past meetings come from the history)."""
    from improvement.models import (
        Achievement,
        ActionNote,
        DueDateChange,
        Milestone,
        NextStep,
    )

    steps = NextStep.objects.filter(theme__programme=programme)
    # The paper's steps were in the plan from the programme's start.
    NextStep.history.filter(id__in=steps.values("id")).update(
        history_date=_at(programme.start_date)
    )
    for label, moves in ACTION_PLAN["moves"].items():
        step = steps.get(label=label)
        steps.filter(pk=step.pk).update(original_due_date=moves[0][1])
        step.original_due_date = moves[0][1]
        step.history.update(original_due_date=moves[0][1], due_date=moves[0][1])
        for requested_on, from_date, to_date, reason in moves:
            DueDateChange.objects.create(
                next_step=step,
                from_date=from_date,
                to_date=to_date,
                reason=reason,
                requested_at=_at(requested_on),
                decided_at=_at(requested_on),
            )
            step.due_date = to_date
            step._history_date = _at(requested_on)
            step.save(update_fields=["due_date"])
    theme_title, label, text, due, done_on, achievement_label = ACTION_PLAN["done_late"]
    theme = programme.themes.get(title=theme_title)
    step = NextStep(
        theme=theme,
        label=label,
        text=text,
        due_date=due,
        original_due_date=due,
        status=NextStep.Status.DONE,
        completed_on=done_on,
        order=0,
        owner=theme.leads.first(),
    )
    step._history_date = _at(programme.start_date)
    step.save()
    Achievement.objects.filter(theme=theme, label=achievement_label).update(from_next_step=step)
    for label, milestones in ACTION_PLAN["milestones"].items():
        step = steps.get(label=label)
        for order, (title, due, done_on) in enumerate(milestones, start=1):
            Milestone.objects.create(
                next_step=step, title=title, due_date=due, completed_on=done_on, order=order
            )
    steps.filter(label__in=ACTION_PLAN["at_risk"]).update(status=NextStep.Status.AT_RISK)
    for label, (as_at, text) in ACTION_PLAN["notes"].items():
        step = steps.get(label=label)
        ActionNote.objects.create(
            next_step=step, text=text, status=step.status, as_at=as_at, created_at=_at(as_at)
        )


def add_findings(programme):
    """Each recommendation of the inspection as a finding, answered by the open next steps of
    the theme linked to it (a recommendation no theme answers is 'Not yet answered'). Safe to
    run again."""
    from improvement.models import Finding, NextStep

    inspection = havering_inspection()
    if inspection is None or programme.findings.exists():
        return
    for order, rec in enumerate(inspection.recommendations.order_by("order", "pk"), start=1):
        finding = Finding.objects.create(
            programme=programme,
            source=Finding.Source.RECOMMENDATION,
            source_detail=f"{inspection}",
            text=rec.text,
            inspection=inspection,
            order=order,
        )
        finding.actions.set(
            NextStep.objects.open().filter(theme__programme=programme, theme__recommendations=rec)
        )
