"""The committee paper generated from the programme, read back from the .docx."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from docx.oxml.ns import qn
from docx.shared import Cm

from improvement import demo as improvement_demo
from improvement.models import NextStep
from inspections.models import Grade
from scrutiny.demo import SEED_INPUTS
from scrutiny.paper_content import (
    DetailParagraph,
    LabelledItem,
    PaperContent,
    ThemeProgress,
    paper_content,
)
from scrutiny.paper_docx import build_docx
from scrutiny.paper_wording import DEFAULT_CONSULTATION, PSED_TEXT, paper_defaults
from scrutiny.services import issue_paper
from tests.conftest import havering
from tests.scrutiny import factories
from tests.scrutiny.conftest import make_havering_inspections
from tests.scrutiny.word import bold_leads, headings, open_docx, progress_tables, texts

# Transcribed from the seed paper (Havering, 26 November 2019).
SEED_RECOMMENDATIONS = [
    "Notes the progress in compliance with the Ofsted recommendations",
    "Should continue to receive updates on Ofsted improvement and monitor progress against key "
    "areas of performance.",
]
SEED_JUDGEMENTS = [
    "The impact of leaders on social work practice with children and families is 'Good'.",
    "The experiences and progress of children who need help and protection is 'Requires "
    "improvement to be good'.",
    "The experiences and progress of children in care and care leavers is 'Good'.",
]
SEED_EVALUATION = [
    "Practice week and special Quality Assurance audits on key themes",
    "Feedback from staff",
    "Feedback from service users",
    "Peer Reviews (involving other Local Authorities)",
    "Challenge from an experienced independent auditor",
    "A focused visit from Ofsted (prior to the next OFSTED inspection)",
]
SEED_OBJECTIVES = [
    "Pathway Planning and Transitions to Adulthood",
    "Strategy and Meetings (Including risk assessments and support for children returning "
    "home from care)",
    "Supervision",
    "Quality Assurance",
    "Workforce and Practice development",
    "Adolescent Safeguarding",
    "Case recording and data quality",
]
SEED_PROGRESS = {
    "Pathway Planning and Transitions to Adulthood": (
        ["Education, Employment and Training", "The Cocoon", "Transitions Panel"],
        ["Health Passports", "The Cocoon", "Leaving Care Local Offer", "Plans"],
    ),
    "Strategy Meetings and Planning": (
        ["Exemplars", "Meetings Protocol", "Obsessions Workshops"],
        ["Practice Toolkit", "Training Video"],
    ),
    "Supervision": (["Template", "Obsessions Workshops"], ["Support", "Quality assurance"]),
    "Quality Assurance": (
        ["Framework", "Liquid Logic", "Training"],
        ["Multi-Agency/Cross Borough Audits", "SEND QA Framework"],
    ),
    "Workforce Development": (
        ["Permanent Workforce", "Recruitment Open Evening", "Social Media"],
        ["Career Progression Scheme", "HSCA Good Practice Awards"],
    ),
    "Adolescent Safeguarding": (["Multi-agency input", "Resources", "Investment"], ["Launch"]),
    "Case Recording and Data Quality": (
        ["Liquid Logic Implementation", "Case Recording Principles"],
        ["Liquid Logic Oversight", "Performance Reporting"],
    ),
}


@pytest.fixture(scope="module")
def seed_docx(django_db_setup, django_db_blocker):
    """The paper of the demo programme with the seed inputs, generated once for the module's
    checks of the document; what it was made from is rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        make_havering_inspections(havering())
        programme = improvement_demo.load(stdout=io.StringIO())
        document = build_docx(paper_content(programme=programme, inputs=dict(SEED_INPUTS)))
        transaction.set_rollback(True)
    return document


@pytest.fixture
def seed_paper(seed_docx):
    return open_docx(seed_docx)


def test_seed_inputs_give_the_seed_papers_sections_in_order(seed_paper):
    assert headings(seed_paper, 1) == [
        "CHILDREN AND LEARNING OVERVIEW AND SCRUTINY COMMITTEE 26 NOVEMBER 2019",
        "SUMMARY",
        "RECOMMENDATIONS",
        "REPORT DETAIL",
        "PROGRESS",
        "IMPLICATIONS AND RISKS",
    ]
    assert headings(seed_paper, 2)[0] == "Themes and objectives"
    # The seed paper ends, as Havering's reports do, with the consultation paragraph.
    assert headings(seed_paper, 2)[-5:] == [
        "Financial implications and risks:",
        "Legal implications and risks:",
        "Human Resources implications and risks:",
        "Equalities implications and risks:",
        "Consultation",
    ]
    heading_block = seed_paper.tables[0]
    assert [row.cells[0].text for row in heading_block.rows] == [
        "Subject Heading:",
        "SLT Lead:",
        "Report Author and contact details:",
        "Policy context:",
        "Financial summary:",
    ]
    assert heading_block.rows[0].cells[1].text == "OFSTED IMPROVEMENT UPDATE"
    assert "ali.omar@havering.gov.uk" in heading_block.rows[2].cells[1].text


def test_seed_inputs_give_the_numbered_recommendations(seed_paper):
    assert texts(seed_paper, "RECOMMENDATIONS", "REPORT DETAIL", "List Number") == (
        SEED_RECOMMENDATIONS
    )
    intro = texts(seed_paper, "RECOMMENDATIONS", "REPORT DETAIL", "Normal")
    assert intro == [
        "It is recommended that the Children and Learning Overview and Scrutiny Committee:"
    ]


def test_report_detail_gives_the_inspection_governance_and_evaluation(seed_paper):
    numbered = texts(seed_paper, "REPORT DETAIL", "PROGRESS", "List Number")
    bullets = texts(seed_paper, "REPORT DETAIL", "PROGRESS", "List Bullet")
    assert numbered[0].startswith("The published Ofsted inspection report of July 2018")
    assert numbered[1] == (
        "Havering received an overall grade of 'Good', with the following breakdown of "
        "sub-categories:"
    )
    assert bullets[:3] == SEED_JUDGEMENTS
    assert "introduced in January 2018" in numbered[2]
    assert "inspected in October 2016" in numbered[2]
    assert any(
        p.startswith("The inspection report highlighted seven thematic areas") for p in numbered
    )
    governance = next(p for p in numbered if "Improvement Board" in p)
    assert "Children's Services Improvement Board" in governance
    assert "two themes per meeting" in governance
    assert (
        "LSCB, SLT, the Children and Learning Overview and Scrutiny Committee and the Executive"
        in governance
    )
    assert bullets[3:] == SEED_EVALUATION


def test_themes_and_objectives_give_each_theme_with_its_aim(seed_paper):
    assert bold_leads(seed_paper, "REPORT DETAIL", "PROGRESS") == SEED_OBJECTIVES
    numbered = texts(seed_paper, "REPORT DETAIL", "PROGRESS", "List Number")
    for theme in improvement_demo.PAPER["themes"]:
        assert any(theme["aim"] in paragraph for paragraph in numbered), theme["title"]


def test_progress_tables_match_the_seed_paper_label_by_label(seed_paper):
    tables = progress_tables(seed_paper)
    assert list(tables) == list(SEED_PROGRESS)
    for title, (achievements, next_steps) in SEED_PROGRESS.items():
        assert tables[title]["header"] == ["Achievements so far", "Next steps"]
        assert tables[title]["achievements"] == achievements, title
        assert tables[title]["next_steps"] == next_steps, title


def test_progress_tables_hold_the_demo_programmes_items_word_for_word(seed_paper):
    tables = progress_tables(seed_paper)
    for spec in improvement_demo.PAPER["themes"]:
        table = tables[spec["title"]]
        left = [row[0] for row in table["rows"] if row[0]]
        right = [row[1] for row in table["rows"] if row[1]]
        assert left == [f"{label}: {text}" for label, text, *_ in spec["achievements"]]
        assert right == [f"{label}: {text}" for label, text, *_ in spec["next_steps"]]


def test_implications_keep_the_inputs_and_the_equality_duty(seed_paper):
    paragraphs = [p.text for p in seed_paper.paragraphs]
    start = paragraphs.index("Equalities implications and risks:")
    end = paragraphs.index("Consultation")
    assert paragraphs[start + 1 : end] == PSED_TEXT.splitlines()
    assert paragraphs[end + 1 :] == [DEFAULT_CONSULTATION]
    assert "There are no financial implications associated with this report." in paragraphs


def test_the_document_is_in_arial_with_real_word_numbering(seed_paper):
    assert seed_paper.styles["Normal"].font.name == "Arial"
    assert seed_paper.styles["Heading 1"].font.name == "Arial"
    numbered = [p for p in seed_paper.paragraphs if p.style.name == "List Number"]
    num_ids = {p._p.pPr.numPr.numId.val for p in numbered}
    assert len(num_ids) == 2  # recommendations restart at 1; the report detail has its own list


def test_paper_leaves_out_next_steps_done_or_dropped(local_authority, frameworks):
    theme = factories.ThemeFactory(programme__local_authority=local_authority)
    factories.NextStepFactory(theme=theme, label="Still to do")
    factories.NextStepFactory(theme=theme, label="Finished", status=NextStep.Status.DONE)
    factories.NextStepFactory(theme=theme, label="Abandoned", status=NextStep.Status.DROPPED)
    factories.AchievementFactory(theme=theme, label="Done well")
    inputs = paper_defaults(local_authority=local_authority)
    inputs["meeting_date"] = datetime.date(2024, 3, 1)
    document = open_docx(build_docx(paper_content(programme=theme.programme, inputs=inputs)))
    table = progress_tables(document)[theme.title]
    assert table["achievements"] == ["Done well"]
    assert table["next_steps"] == ["Still to do"]


def test_paper_without_an_inspection_says_so(local_authority, frameworks):
    programme = factories.ProgrammeFactory(local_authority=local_authority)
    factories.ThemeFactory(programme=programme, title="Only theme")
    inputs = paper_defaults(local_authority=local_authority)
    inputs["meeting_date"] = datetime.date(2024, 3, 1)
    content = paper_content(programme=programme, inputs=inputs)
    assert content.detail[0].text == "There is no graded Ofsted inspection of Havering on record."
    assert content.detail[1].text.startswith("The programme has one thematic area")


def test_paper_uses_the_inspection_the_programme_answers(local_authority, frameworks):
    answered = factories.inspection(
        local_authority, datetime.date(2019, 3, 4), grades=Grade.REQUIRES_IMPROVEMENT
    )
    factories.inspection(local_authority, datetime.date(2023, 5, 8), grades=Grade.GOOD)
    programme = factories.ProgrammeFactory(local_authority=local_authority)
    programme.inspections.add(answered)
    inputs = paper_defaults(local_authority=local_authority)
    inputs["meeting_date"] = datetime.date(2024, 3, 1)
    content = paper_content(programme=programme, inputs=inputs)
    assert content.detail[1].text.startswith(
        "Havering received an overall grade of 'Requires improvement to be good'"
    )
    assert "last inspected under the same framework" not in content.detail[2].text


def test_defaults_give_the_standard_wording_and_the_equality_duty(local_authority, admin_user):
    defaults = paper_defaults(local_authority=local_authority, user=admin_user)
    assert defaults["committee_name"] == "Children and Learning Overview and Scrutiny Committee"
    assert defaults["subject_heading"] == "Ofsted improvement update"
    assert defaults["summary"].startswith("To ensure that Havering is meeting")
    assert defaults["recommendations"] == SEED_RECOMMENDATIONS
    assert defaults["equalities_implications"] == PSED_TEXT
    assert admin_user.email in defaults["report_author"]


CONTROL = "\x1b\x08\x01\ufffe\x00"


def dirty(text):
    """`text` with a control character between each word (NUL is only for text that never
    reaches the database, which refuses it)."""
    return text.replace(" ", f" {CONTROL}")


def test_the_writer_leaves_out_characters_a_document_cannot_hold():
    content = PaperContent(
        council_name=dirty("London Borough of Havering"),
        committee_name=dirty("Children and Learning Overview and Scrutiny Committee"),
        meeting_date=datetime.date(2019, 11, 26),
        subject_heading=dirty("Ofsted improvement update"),
        slt_lead=dirty("Robert South"),
        report_author=dirty("Ali Omar\nali.omar@havering.gov.uk"),
        policy_context=dirty("Ofsted Improvement."),
        financial_summary=dirty("None here."),
        summary=dirty("This report updates members."),
        recommendations=[dirty("Notes the progress")],
        detail=[DetailParagraph(dirty("The inspection found things."), [dirty("A bullet")])],
        themes=[
            ThemeProgress(
                title=dirty("Case recording"),
                heading=dirty("Case recording"),
                aim=dirty("Records are up to date."),
                achievements=[LabelledItem(dirty("Liquid Logic"), dirty("Went live."))],
                next_steps=[LabelledItem(dirty("Oversight"), dirty("Audit monthly."))],
            )
        ],
        financial_implications=dirty("None at all."),
        legal_implications=dirty("None at all."),
        hr_implications=dirty("None at all."),
        equalities_implications=dirty("Due regard given."),
    )
    document = open_docx(build_docx(content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert not any(character in text for character in CONTROL)
    assert "London Borough of Havering" in text
    assert "Case recording. Records are up to date." in text
    assert progress_tables(document)["Case recording"]["rows"] == [
        ["Liquid Logic: Went live.", "Oversight: Audit monthly."]
    ]
    assert document.tables[0].rows[0].cells[1].text == "OFSTED IMPROVEMENT UPDATE"
    assert document.core_properties.title == "Ofsted improvement update"


def test_a_paper_whose_programme_and_fields_hold_control_characters_issues_cleanly(
    local_authority, frameworks, admin_user, seed_inputs
):
    in_database = CONTROL.replace("\x00", "")
    theme = factories.ThemeFactory(
        programme__local_authority=local_authority,
        title=f"Supervision{in_database}",
        aim=f"Every worker{in_database} is supervised.",
    )
    factories.NextStepFactory(theme=theme, label="Audit", text=f"Check{in_database} monthly.")
    factories.AchievementFactory(theme=theme, label=f"Template{in_database}")
    inputs = {
        name: dirty(value) if isinstance(value, str) else value
        for name, value in seed_inputs.items()
    }

    paper = issue_paper(programme=theme.programme, by=admin_user, inputs=inputs)

    paper.refresh_from_db()
    document = open_docx(bytes(paper.docx))
    table = progress_tables(document)["Supervision"]
    assert table["rows"] == [["Template: What template achieved.", "Audit: Check monthly."]]
    assert "Supervision. Every worker is supervised." in [p.text for p in document.paragraphs]
    assert paper.summary == seed_inputs["summary"]
    assert paper.content["themes"][0]["aim"] == "Every worker is supervised."
    assert not any(character in paper.html for character in CONTROL)


def footer_fields(section):
    return [code.text.strip() for code in section.footer._element.iter(qn("w:instrText"))]


def test_the_paper_is_a4_with_uk_margins_in_british_english(seed_paper):
    section = seed_paper.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    for side in (section.top_margin, section.bottom_margin, section.left_margin):
        assert side == Cm(2.54)
    assert section.right_margin == Cm(2.54)
    styles = seed_paper.styles.element
    languages = {lang.get(qn("w:val")) for lang in styles.iter(qn("w:lang"))}
    assert languages == {"en-GB"}
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "en-GB"
    assert seed_paper.core_properties.language == "en-GB"


def test_every_page_has_the_council_and_page_x_of_y_in_its_footer(seed_paper):
    section = seed_paper.sections[0]
    footer = section.footer.paragraphs[0].text
    assert footer.startswith("London Borough of Havering. Page ")
    assert " of " in footer
    assert footer_fields(section) == ["PAGE", "NUMPAGES"]


def test_a_draft_says_draft_and_carries_todays_properties(seed_paper):
    section = seed_paper.sections[0]
    assert section.header.paragraphs[0].text == "DRAFT"
    assert not any(p.text.startswith("Issued on") for p in seed_paper.paragraphs)
    properties = seed_paper.core_properties
    assert properties.title == "Ofsted improvement update"
    assert properties.author == "Ali Omar, Head of Innovation and Improvement"
    now = datetime.datetime.now(datetime.UTC)
    assert abs(properties.created - now) < datetime.timedelta(minutes=5)
    assert properties.modified == properties.created


def test_the_issued_paper_says_when_and_by_whom_and_is_not_a_draft(
    havering_programme, seed_inputs, admin_user
):
    admin_user.first_name, admin_user.last_name = "Ali", "Omar"
    issued_at = datetime.datetime(2019, 11, 26, 9, 30, tzinfo=ZoneInfo("Europe/London"))
    paper = issue_paper(
        programme=havering_programme, by=admin_user, inputs=seed_inputs, issued_at=issued_at
    )
    document = open_docx(bytes(paper.docx))
    assert "Issued on 26 November 2019 by Ali Omar" in [p.text for p in document.paragraphs]
    section = document.sections[0]
    assert "DRAFT" not in section.header.paragraphs[0].text
    assert footer_fields(section) == ["PAGE", "NUMPAGES"]
    properties = document.core_properties
    assert properties.title == "Ofsted improvement update"
    assert properties.created == datetime.datetime(2019, 11, 26, 9, 30, tzinfo=datetime.UTC)
    assert properties.last_modified_by == "Ali Omar"
    assert "Issued on 26 November 2019 by Ali Omar" in paper.html
    assert "Draft" not in paper.html
