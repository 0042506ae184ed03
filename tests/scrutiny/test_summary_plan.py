"""The summary for scrutiny holds the programme to account: the action plan's figures (equal to
a count by hand), findings not yet answered, the exception report, and the scorecard."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from improvement.models import Finding
from tests.indicators import factories as indicator_factories
from tests.scrutiny.test_paper_plan import hand_count


@pytest.fixture
def page(client, scrutiny, havering_programme):
    def read():
        client.force_login(scrutiny)
        url = reverse("scrutiny:la-summary", kwargs={"dfe_code": "311"})
        return client.get(url).content.decode()

    return read


def figure(page_text, element_id):
    """The text of the element with `element_id`, tags and spacing taken out."""
    found = re.search(rf'id="{element_id}">(.*?)</(dd|p)>', page_text, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def test_summary_gives_the_plans_figures_equal_to_a_count_by_hand(page, havering_programme):
    counted = hand_count(havering_programme)
    text = page()
    percent = round(100 * counted["done"] / counted["actions"])
    assert figure(text, "plan-percent-complete") == f"{percent}% of actions complete"
    assert f"How it is counted: {counted['done']} of {counted['actions']} actions done" in text
    assert figure(text, "plan-overdue") == str(counted["overdue"])
    assert figure(text, "plan-rescheduled").startswith(f"{counted['rescheduled']}: ")
    assert figure(text, "plan-done-late").startswith(str(counted["done_late"]))
    assert figure(text, "plan-due-soon") == str(counted["due_soon"])
    rag = figure(text, "plan-by-rag").split(" Done and dropped")[0].split()
    assert rag[0::2] == ["Red", "Amber", "Green"]
    assert sum(int(n) for n in rag[1::2]) == counted["open"]
    # Each theme's row, too.
    by_theme = text.split('id="plan-by-theme"', 1)[1].split("</table>", 1)[0]
    for theme in havering_programme.themes.all():
        assert theme.title in by_theme


def test_summary_links_the_exception_report(page, havering_programme):
    report = reverse("improvement:exception-report", args=[havering_programme.pk])
    assert f'href="{report}">Exception report' in page()


def test_summary_counts_the_findings_not_yet_answered_with_a_link(page, havering_programme):
    Finding.objects.create(
        programme=havering_programme,
        source=Finding.Source.RECOMMENDATION,
        text="Improve the quality of plans.",
    )
    text = page()
    assert figure(text, "plan-unanswered").startswith("1 not yet answered")
    assert reverse("improvement:findings", args=[havering_programme.pk]) in text


def test_summary_shows_the_councils_scorecard(page, local_authority):
    measure = indicator_factories.MeasureFactory()
    indicator_factories.ValueFactory(
        measure=measure, local_authority=local_authority, value=Decimal("55")
    )
    indicator_factories.england(measure, 2025, "60")
    indicator_factories.key_indicator(local_authority, measure, 1)
    table = page().split('id="scorecard-table"', 1)[1].split("</table>", 1)[0]
    assert measure.name in table
    assert "Amber</strong>" in table
    assert "5 points short of the 60% target" in table
    assert "60%" in table
