"""The Havering demo programme reproduces the committee paper of 26 November 2019."""

import html
import io
import re

import pytest
from django.urls import reverse

from improvement import demo
from improvement.models import Achievement, BoardMeeting, EvidenceItem, NextStep, Programme, Theme
from tests import factories

ITEM = re.compile(
    r'<div class="app-progress-item (app-achievement|app-next-step)" id="[^"]+">\s*'
    r'<p class="govuk-body govuk-!-margin-bottom-1"><strong class="app-item-label">(.*?)</strong>: '
    r'<span class="app-item-text">(.*?)</span></p>',
    re.S,
)


def progress_items(page_html):
    """[(kind, label, text)] in document order from a page's progress tables."""
    return [
        (kind, html.unescape(label), html.unescape(text))
        for kind, label, text in ITEM.findall(page_html)
    ]


@pytest.fixture
def havering_programme(local_authority):
    return demo.load(stdout=io.StringIO())


def test_demo_holds_the_papers_seven_themes_with_their_aims(havering_programme):
    themes = list(havering_programme.themes.all())
    assert [t.title for t in themes] == [
        "Pathway Planning and Transitions to Adulthood",
        "Strategy Meetings and Planning",
        "Supervision",
        "Quality Assurance",
        "Workforce Development",
        "Adolescent Safeguarding",
        "Case Recording and Data Quality",
    ]
    assert [t.aim for t in themes] == [spec["aim"] for spec in demo.PAPER["themes"]]
    assert themes[4].aim.startswith("This theme will progress the work of the Social Care Academy")
    assert havering_programme.governance_board == "Children's Services Improvement Board"
    assert havering_programme.themes_per_meeting == 2
    assert havering_programme.reports_to == [
        "LSCB",
        "SLT",
        "Children and Learning Overview and Scrutiny Committee",
        "Executive",
    ]


@pytest.mark.parametrize("index", range(7))
def test_each_theme_page_shows_the_papers_table_item_for_item(
    client, havering_programme, lead, index
):
    spec = demo.PAPER["themes"][index]
    theme = havering_programme.themes.get(order=index + 1)
    client.force_login(lead)
    page = client.get(theme.get_absolute_url()).text
    items = progress_items(page)
    achievements = [(label, text) for kind, label, text in items if kind == "app-achievement"]
    next_steps = [(label, text) for kind, label, text in items if kind == "app-next-step"]
    assert achievements == [(label, text) for label, text, *_ in spec["achievements"]]
    assert next_steps == [(label, text) for label, text, *_ in spec["next_steps"]]
    assert (
        '<th scope="col" class="govuk-table__header app-table-half">Achievements so far</th>'
        in page
    )
    assert html.unescape(page).count(spec["aim"]) == 1


def test_the_paper_has_every_achievement_and_next_step(havering_programme):
    assert Achievement.objects.count() == 19
    assert NextStep.objects.open().count() == 15  # and one done late, now an achievement
    pathway = havering_programme.themes.get(order=1)
    assert [s.label for s in pathway.next_steps.all()] == [
        "Health Passports",
        "The Cocoon",
        "Leaving Care Local Offer",
        "Plans",
    ]
    cocoon = pathway.achievements.get(label="The Cocoon")
    assert cocoon.text.startswith("Has recently celebrated its second anniversary")
    launch = NextStep.objects.get(label="Launch")
    assert launch.due_display == "February 2020"
    assert Achievement.objects.get(label="Investment").text.endswith(
        "£400k investment from the Home Office via the Mayor's Office for Policing and Crime "
        "(MOPAC)"
    )


def test_demo_has_the_evaluation_framework_and_a_two_theme_rota(havering_programme):
    kinds = list(
        EvidenceItem.objects.filter(programme=havering_programme).values_list("kind", flat=True)
    )
    assert kinds == [
        "practice_week",
        "staff_feedback",
        "service_user_feedback",
        "peer_review",
        "independent_auditor",
        "ofsted_focused_visit",
    ]
    meetings = BoardMeeting.objects.filter(programme=havering_programme).order_by("date")
    agendas = [[i.theme.order for i in m.agenda_items.all()] for m in meetings]
    assert agendas == [[1, 2], [3, 4], [5, 6], [7, 1]]


def test_demo_names_leads_for_some_themes(havering_programme):
    led = {t.title: [u.username for u in t.leads.all()] for t in havering_programme.themes.all()}
    assert led["Pathway Planning and Transitions to Adulthood"] == ["havering.lead"]
    assert led["Supervision"] == ["havering.lead2"]
    assert led["Quality Assurance"] == []


def test_demo_is_idempotent(havering_programme):
    counts = (Programme.objects.count(), Theme.objects.count(), Achievement.objects.count())
    demo.load(stdout=io.StringIO())
    assert (Programme.objects.count(), Theme.objects.count(), Achievement.objects.count()) == counts


def test_demo_links_themes_to_the_inspections_recommendations(local_authority):
    from inspections import demo as inspections_demo
    from inspections.models import Framework, Inspection, Recommendation

    inspection = Inspection.objects.create(
        local_authority=local_authority,
        inspection_type=Inspection.Type.STANDARD,
        framework=Framework.objects.filter(code__startswith="ilacs").first(),
        start_date=inspections_demo.HAVERING_2018_START,
    )
    for order, text in enumerate(inspections_demo.HAVERING_2018_RECOMMENDATIONS, start=1):
        Recommendation.objects.create(inspection=inspection, order=order, text=text)
    programme = demo.load(stdout=io.StringIO())
    assert list(programme.inspections.all()) == [inspection]
    for theme in programme.themes.all():
        assert [r.order for r in theme.recommendations.all()] == [theme.order]
    # Each recommendation is a finding answered by its theme's open next steps.
    from improvement import plan

    findings = plan.findings(programme)
    assert [f.text for f in findings] == list(inspections_demo.HAVERING_2018_RECOMMENDATIONS)
    for finding in findings:
        answering = NextStep.objects.open().filter(
            theme__programme=programme, theme__recommendations__text=finding.text
        )
        assert {s.pk for s in finding.answering} == set(answering.values_list("pk", flat=True))
    assert plan.unanswered_count(programme) == sum(1 for f in findings if not f.answering)


def test_demo_reports_when_the_inspection_is_not_there(local_authority):
    out = io.StringIO()
    demo.load(stdout=out)
    assert "themes are not linked to recommendations" in out.getvalue()


def test_demo_skips_without_havering(db):
    out = io.StringIO()
    assert demo.load(stdout=out) is None
    assert "skipped" in out.getvalue()


def test_programme_page_for_the_demo(client, havering_programme):
    user = factories.scrutiny_member(local_authority=havering_programme.local_authority)
    client.force_login(user)
    page = client.get(reverse("improvement:programme-detail", args=[havering_programme.pk]))
    assert page.status_code == 200
    for spec in demo.PAPER["themes"]:
        assert spec["title"] in page.text


def test_demo_action_plan_has_moves_with_reasons_a_late_step_milestones_and_every_rag(
    havering_programme,
):
    from improvement import plan

    steps = {s.label: s for s in plan.with_plan(NextStep.objects.all())}
    career = steps["Career Progression Scheme"]
    assert plan.due_sentence(career) == (
        "Due December 2019 (originally 30 September 2019, moved twice)"
    )
    assert career.milestone_count == 3
    assert career.percent_complete == 66
    assert steps["Template"].is_done_late
    assert {s.rag for s in steps.values()} >= {"red", "amber", "green"}
    figures = plan.headline_figures(havering_programme)
    assert (figures.rescheduled, figures.done_late, figures.done) == (2, 1, 1)
    # At the committee of 26 November 2019, as the history gives it.
    then = plan.headline_figures(havering_programme, as_at=demo.COMMITTEE_DATE)
    assert then.actions == 16
    assert then.rescheduled == 2
    assert then.done_late == 1
