"""Demo data: Ofsted's official outcomes, plus the earlier inspections and visits of the seeds'
councils (Havering, Barnet, Tower Hamlets, Dudley) that the official statistics do not cover.

Only what the source documents state is recorded: where they give a season rather than dates,
the dates are approximate (and the summary says so); where they do not give a grade, none is
recorded. Idempotent: running it again changes nothing.
"""

import datetime
import sys

from django.db import transaction

from core.demo import import_summary
from core.models import LocalAuthority
from core.versioning import bump_for_council_and_nation
from inspections.importers import import_inspection_outcomes
from inspections.models import Framework, Grade, Inspection, Recommendation
from inspections.services import save_inspection

HAVERING, BARNET, TOWER_HAMLETS, DUDLEY = "E09000016", "E09000003", "E09000030", "E08000027"
APPROXIMATE = "The dates are approximate: the source gives the season, not the exact dates."

SIF = Inspection.Type.SIF
MONITORING = Inspection.Type.MONITORING_VISIT

# (ONS code, type, start, end, published, theme, summary, {strand: (grade, findings)}, [recs])
EARLIER_ACTIVITY = [
    (
        HAVERING,
        SIF,
        datetime.date(2016, 10, 3),
        datetime.date(2016, 10, 27),
        None,
        "",
        "Havering's inspection under the single inspection framework in October 2016. "
        "The grades are in Ofsted's report; they are not recorded here. "
        "The quality of assessments was a core area for improvement, and so was making sure "
        "that actions agreed at reviews of children's care plans are carried out. " + APPROXIMATE,
        {},
        [
            "Improve the quality of assessments, so that they analyse the information gathered "
            "and the views of children and families, and lead to the right help.",
            "Make sure that independent reviewing officers oversee children's care plans between "
            "reviews, so that actions agreed at reviews are acted upon.",
        ],
    ),
    (
        BARNET,
        SIF,
        datetime.date(2017, 4, 3),
        datetime.date(2017, 4, 27),
        None,
        "",
        "Inspectors found widespread and serious failures: services could “neither adequately "
        "ensure the safety, nor promote the welfare of children and young people”. " + APPROXIMATE,
        {
            "overall": (
                Grade.INADEQUATE,
                "Assessments, child protection investigations, care planning, case recording "
                "and managerial oversight were poor, and threshold decisions were “inconsistent "
                "at every stage”. Large numbers of poor-quality assessments did not analyse risk, "
                "leading to reassessment and poor planning, with little focus on the lived "
                "experience of children.",
            )
        },
        [
            "Improve the quality of assessments so that they analyse risk and focus on the "
            "lived experience of children.",
            "Make sure that threshold decisions are consistent at every stage.",
            "Improve the quality of child protection investigations.",
            "Improve care planning.",
            "Improve case recording.",
            "Strengthen managerial oversight of social work practice.",
            "Stabilise the social work workforce, reducing turnover, agency and vacancy rates.",
        ],
    ),
    (
        TOWER_HAMLETS,
        SIF,
        datetime.date(2017, 3, 6),
        datetime.date(2017, 3, 30),
        None,
        "",
        "Inspectors identified widespread and serious failings. " + APPROXIMATE,
        {
            "overall": (
                Grade.INADEQUATE,
                "A culture of “drift and delay” left young people at risk of being drawn into "
                "gang activity. Multi-agency safeguarding relationships were underdeveloped.",
            )
        },
        [
            "Tackle drift and delay in social work with children.",
            "Protect adolescents at risk of exploitation and of being drawn into gang activity.",
            "Develop multi-agency safeguarding relationships and early help.",
        ],
    ),
    (
        TOWER_HAMLETS,
        MONITORING,
        datetime.date(2018, 4, 17),
        datetime.date(2018, 4, 18),
        datetime.date(2018, 5, 29),
        "Vulnerable adolescents",
        "Ofsted's second monitoring visit since the 2017 inspection looked at the help and "
        "protection of vulnerable adolescents. Inspectors found “substantial” improvements and "
        "a “noteworthy change in frontline social work culture”: a dedicated, co-located "
        "multi-agency exploitation team (set up in March 2018), a renewed focus on children as "
        "victims of exploitation rather than as criminals, and reliable intelligence gathering "
        "that helps disrupt perpetrators. Reliance on agency workers remained a challenge, the "
        "improvements were very recent and practice remained variable. " + APPROXIMATE,
        {},
        [],
    ),
    (
        DUDLEY,
        SIF,
        datetime.date(2016, 2, 22),
        datetime.date(2016, 3, 17),
        datetime.date(2016, 4, 26),
        "",
        "Dudley's children's services were judged inadequate (report published April 2016). "
        + APPROXIMATE,
        {"overall": (Grade.INADEQUATE, "")},
        [],
    ),
    (
        DUDLEY,
        MONITORING,
        datetime.date(2018, 4, 24),
        datetime.date(2018, 4, 25),
        datetime.date(2018, 5, 31),
        "Early help and the multi-agency safeguarding hub (MASH)",
        "Ofsted's sixth monitoring visit since the 2016 inspection, including the MASH and two "
        "of the five family centre hubs. Services had improved since the previous visit and "
        "children were better able to reach them. In the MASH children's needs were identified "
        "promptly and management oversight was of a high quality. Thresholds were well "
        "understood and consistently applied; staff engaged families tenaciously, especially "
        "fathers. Direct work with children, and supervision, could be more consistent. "
        + APPROXIMATE,
        {},
        [],
    ),
]

HAVERING_2018_START = datetime.date(2018, 6, 11)

# The seven "what needs to improve" themes of Havering's July 2018 report, as the council's
# improvement programme framed them (committee paper, 26 November 2019, paragraphs 8-14).
HAVERING_2018_RECOMMENDATIONS = [
    "Pathway planning and transitions to adulthood: improve the quality of care and pathway "
    "planning (including health passports and personal education plans) and how decisions are "
    "made at key points of transition for children in care and care leavers.",
    "Strategy meetings and planning, including risk assessments and support for children "
    "returning home from care: a consistent approach to planning and recording in children in "
    "need, child protection and strategy discussions, with SMART plans.",
    "Supervision: make supervision reflective and analytical rather than focused on compliance "
    "with timescales, with clear guidance on what good supervision looks like.",
    "Quality assurance: a robust framework of auditing and quality assurance that secures a "
    "more consistent quality of practice.",
    "Workforce and practice development: a route of professional development for all "
    "practitioners and managers, including first-line managers, recruitment and retention.",
    "Adolescent safeguarding: a coherent, multi-agency approach to the risks that affect young "
    "people, including exploitation, going missing, serious youth violence and radicalisation.",
    "Case recording and data quality: clear expectations of how practice is recorded and a "
    "rigorous quality assurance framework for data quality.",
]

HAVERING_2018_FINDINGS = {
    "overall": "Services have “significantly improved” since the previous inspection in 2016. "
    "Leaders show a determination to “strive for improvement and an openness to learning”.",
    "leadership": "Leaders demonstrate a determination to improve outcomes for children, "
    "supported by “purposeful corporate investment and commitment”.",
    "help-and-protection": "Children and families increasingly benefit from a good range of "
    "early help services, and the quality of assessments has clearly improved. While the vast "
    "majority of social workers receive regular supervision, it is often too focused on "
    "compliance with timescales and not always sufficiently analytical or reflective.",
    "children-in-care": "Independent reviewing officers visit children between reviews and "
    "hold midpoint reviews so that actions are acted upon; children's wishes and feelings are "
    "listened to. The Cocoon, co-produced with care leavers, is “highly impressive”.",
}


def havering_2018_inspection() -> Inspection:
    """Havering's ILACS standard inspection of June 2018 (published July 2018), whose seven
    recommendations the improvement programme's themes link to."""
    return Inspection.objects.get(
        local_authority__ons_code=HAVERING,
        inspection_type=Inspection.Type.STANDARD,
        start_date=HAVERING_2018_START,
    )


def _add_earlier_activity(stdout) -> int:
    created = 0
    for code, kind, start, end, published, theme, summary, grades, recs in EARLIER_ACTIVITY:
        la = LocalAuthority.objects.get(ons_code=code)
        if Inspection.objects.filter(
            local_authority=la, inspection_type=kind, start_date=start
        ).exists():
            continue
        framework = Framework.for_date(start)
        areas = {area.strand: area for area in framework.areas.all()}
        save_inspection(
            inspection=None,
            by=None,
            values={
                "local_authority": la,
                "inspection_type": kind,
                "framework": framework,
                "start_date": start,
                "end_date": end,
                "published_on": published,
                "theme": theme,
                "summary": summary,
            },
            judgements=[(areas[s], grade, text) for s, (grade, text) in grades.items()],
            recommendations=[{"id": None, "kind": "improve", "text": text} for text in recs],
        )
        created += 1
    return created


def _complete_havering_2018() -> None:
    inspection = havering_2018_inspection()
    for judgement in inspection.judgements.select_related("area"):
        findings = HAVERING_2018_FINDINGS.get(judgement.area.strand)
        if findings and not judgement.narrative:
            judgement.narrative = findings
            judgement.save(update_fields=["narrative"])
    for order, text in enumerate(HAVERING_2018_RECOMMENDATIONS, start=1):
        Recommendation.objects.get_or_create(
            inspection=inspection,
            order=order,
            kind=Recommendation.Kind.IMPROVE,
            defaults={"text": text},
        )


@transaction.atomic
def load(stdout=None) -> None:
    stdout = stdout or sys.stdout
    result = import_inspection_outcomes()
    stdout.write(import_summary("Inspection outcomes", result) + "\n")
    created = _add_earlier_activity(stdout)
    _complete_havering_2018()
    bump_for_council_and_nation(havering_2018_inspection().local_authority_id)
    stdout.write(
        f"Earlier inspections and visits of Havering, Barnet, Tower Hamlets and Dudley: "
        f"{created} added; Havering's 2018 recommendations recorded.\n"
    )
