"""What the committee paper tells members beyond the seed's structure: the action plan's
headline figures and exceptions, the council's scorecard, every inspection and visit since the
graded inspection, counts that say what they count, and the objectives and consultation
blocks."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from docx.table import Table

from improvement.models import NextStep
from indicators.models import ThemeMeasure
from inspections.models import Recommendation
from scrutiny.paper_content import paper_content, render_paper_html
from scrutiny.paper_docx import build_docx
from scrutiny.paper_wording import DEFAULT_CONSULTATION, paper_defaults
from scrutiny.services import issue_paper
from tests.indicators import factories as indicator_factories
from tests.scrutiny import factories
from tests.scrutiny.word import blocks, open_docx

HEADLINE = "The action plan's headline figures"
EXCEPTIONS = "Exceptions: actions that are Red, overdue, rescheduled or done late"
SCORECARD = "Key performance indicators"


def table_after(document, caption):
    """The rows (lists of cell texts) of the table that follows the heading `caption`."""
    found = False
    for style, item in blocks(document):
        if style.startswith("Heading") and item.text.startswith(caption):
            found = True
        elif found and isinstance(item, Table):
            return [[cell.text for cell in row.cells] for row in item.rows]
    raise AssertionError(f"no table after {caption!r}")


def hand_count(programme):
    today = timezone.localdate()
    steps = list(NextStep.objects.filter(theme__programme=programme))
    closed = {NextStep.Status.DONE, NextStep.Status.DROPPED}
    actions = [s for s in steps if s.status != NextStep.Status.DROPPED]
    open_steps = [s for s in steps if s.status not in closed]
    done = [s for s in actions if s.status == NextStep.Status.DONE]
    return {
        "actions": len(actions),
        "done": len(done),
        "open": len(open_steps),
        "overdue": sum(1 for s in open_steps if s.due_date and s.due_date < today),
        "rescheduled": sum(
            1
            for s in actions
            if s.original_due_date and s.due_date and s.original_due_date != s.due_date
        ),
        "done_late": sum(
            1 for s in done if s.completed_on and s.completed_on > s.original_due_date
        ),
        "due_soon": sum(
            1
            for s in open_steps
            if s.due_date and today <= s.due_date <= today + datetime.timedelta(days=28)
        ),
    }


@pytest.fixture
def scorecard(local_authority):
    measure = indicator_factories.MeasureFactory()
    indicator_factories.ValueFactory(
        measure=measure, local_authority=local_authority, value=Decimal("55")
    )
    indicator_factories.england(measure, 2025, "60")
    return indicator_factories.key_indicator(local_authority, measure, 1)


@pytest.fixture
def content(havering_programme, seed_inputs):
    return paper_content(programme=havering_programme, inputs=seed_inputs)


def test_the_plans_headline_figures_equal_a_count_by_hand(havering_programme, content):
    counted = hand_count(havering_programme)
    # The demo has both.
    assert counted["rescheduled"] >= 2
    assert counted["done_late"] >= 1
    percent = round(100 * counted["done"] / counted["actions"])
    for rows in (
        table_after(open_docx(build_docx(content)), HEADLINE),
        [content.plan_figures.header] + content.plan_figures.rows,
    ):
        figures = dict(rows[1:])
        assert figures["Actions complete"] == (
            f"{percent}% ({counted['done']} of {counted['actions']} actions done; dropped "
            "actions are not counted)"
        )
        assert figures["Overdue"] == str(counted["overdue"])
        assert figures["Rescheduled"].startswith(f"{counted['rescheduled']} (moved ")
        assert figures["Done late (after their original due date)"] == str(counted["done_late"])
        assert figures["Due in the next 28 days"] == str(counted["due_soon"])
        rag = dict(part.split(" ") for part in figures["Open actions by RAG rating"].split(", "))
        assert list(rag) == ["Red", "Amber", "Green"]
        assert sum(int(n) for n in rag.values()) == counted["open"]
    html = render_paper_html(content)
    assert f"{percent}% ({counted['done']} of {counted['actions']} actions done" in html


def test_the_exception_table_lists_a_rescheduled_action_with_its_reason(content):
    reason = "The improvement board asked for staff to be consulted on the revised scheme first."
    rows = table_after(open_docx(build_docx(content)), EXCEPTIONS)
    # The headings spelt out, not taken from the paper's code: changing them changes this test.
    assert rows[0] == [
        "Theme",
        "Action",
        "Owner",
        "Original due",
        "Current due",
        "Times moved",
        "Reason or latest note",
        "Why it is listed",
    ]
    row = next(r for r in rows if r[1].startswith("Career Progression Scheme"))
    assert row[0] == "Workforce Development"
    assert row[3:7] == ["30 September 2019", "31 December 2019", "2", reason]
    assert reason in render_paper_html(content)


def test_the_scorecard_rows_appear_in_the_document_and_the_page(
    havering_programme, seed_inputs, scorecard
):
    content = paper_content(programme=havering_programme, inputs=seed_inputs)
    rows = table_after(open_docx(build_docx(content)), SCORECARD)
    assert rows[0][:4] == ["Measure", "Latest", "Target", "Against target"]
    assert rows[1][0] == scorecard.name
    assert rows[1][1].startswith("55% (DfE, ")
    assert rows[1][2] == "60%"
    assert rows[1][3] == "Amber: 5 points short of the 60% target"
    assert rows[1][4] == "60%"
    html = render_paper_html(content)
    assert scorecard.name in html
    assert "Amber: 5 points short of the 60% target" in html


def test_a_themes_measures_of_success_are_listed_under_its_progress(
    havering_programme, seed_inputs, scorecard
):
    theme = havering_programme.themes.get(title="Pathway Planning and Transitions to Adulthood")
    ThemeMeasure.objects.create(theme=theme, measure=scorecard)
    content = paper_content(programme=havering_programme, inputs=seed_inputs)
    (section,) = [t for t in content.themes if t.measures]
    assert section.title == theme.title
    assert section.measures[0].startswith(f"{scorecard.name}: 55% (DfE, ")
    document = open_docx(build_docx(content))
    paragraphs = [p.text for p in document.paragraphs]
    assert section.measures[0] in paragraphs
    assert "Measures of success:" in render_paper_html(content)


def test_every_inspection_and_visit_since_the_graded_inspection_appears_in_date_order(
    havering_programme, seed_inputs, local_authority
):
    factories.monitoring_visit(local_authority, datetime.date(2020, 2, 3), "Care leavers")
    factories.focused_visit(local_authority, datetime.date(2019, 10, 7), "Children in need")
    content = paper_content(programme=havering_programme, inputs=seed_inputs)
    rows = table_after(open_docx(build_docx(content)), "Inspections and visits since")
    assert [row[:3] for row in rows[1:]] == [
        ["7 October 2019", "Focused visit", "Children in need"],
        ["3 February 2020", "Monitoring visit", "Care leavers"],
    ]
    assert "Monitoring visit" in render_paper_html(content)
    assert content.visits.intro.startswith("Ofsted has made two inspections or visits since")


def test_the_issued_papers_stored_content_keeps_the_figures_and_tables(
    havering_programme, seed_inputs, admin_user, scorecard
):
    paper = issue_paper(programme=havering_programme, by=admin_user, inputs=seed_inputs)
    paper.refresh_from_db()
    stored = paper.content
    assert stored["plan_figures"]["rows"][0][0] == "Actions complete"
    assert any(r[1].startswith("Career Progression Scheme") for r in stored["exceptions"]["rows"])
    assert stored["scorecard"]["rows"][0][0] == scorecard.name
    assert stored["consultation"] == DEFAULT_CONSULTATION
    assert stored["council_objectives"] == ["Communities making Havering"]


def test_counts_say_what_they_count(local_authority, frameworks):
    graded = factories.inspection(local_authority, datetime.date(2018, 6, 11))
    for order in range(1, 8):
        Recommendation.objects.create(inspection=graded, order=order, text=f"Improve {order}.")
    programme = factories.ProgrammeFactory(local_authority=local_authority)
    for number in range(5):
        factories.ThemeFactory(programme=programme, title=f"Theme {number}")
    inputs = paper_defaults(local_authority=local_authority)
    inputs["meeting_date"] = datetime.date(2019, 11, 26)
    content = paper_content(programme=programme, inputs=inputs)
    texts = [p.text for p in content.detail]
    assert (
        "The inspection report made seven recommendations, answered by five themes for "
        "improvement in order to raise standards further." in texts
    )
    assert not any("thematic area" in text for text in texts)


def test_the_paper_form_offers_council_objectives_and_consultation_to_edit(
    client, admin_user, havering_programme
):
    client.force_login(admin_user)
    response = client.get(reverse("scrutiny:paper-create", kwargs={"dfe_code": "311"}))
    page = response.content.decode()
    assert 'name="council_objectives"' in page
    assert "Communities making Havering" in page
    assert 'name="consultation"' in page
    assert "Consultation with affected parties is essential to good practice." in page


def test_the_seed_papers_objectives_and_consultation_are_in_both_formats(content):
    document = open_docx(build_docx(content))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Communities making Havering" in paragraphs
    assert paragraphs[-2:] == ["Consultation", DEFAULT_CONSULTATION]
    html = render_paper_html(content)
    assert "The subject matter of this report deals with the following Council Objectives" in html
    assert DEFAULT_CONSULTATION in html
