"""What changed since a committee: the demo's 26 November 2019 paper, then edits made after the
meeting (each on the page) and records dated before it (none on the page)."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from improvement import demo as improvement_demo
from improvement import plan_services
from improvement import services as improvement_services
from improvement.models import NextStep, RagChange
from indicators import services as indicator_services
from inspections.models import Inspection
from scrutiny import demo
from scrutiny.since import count_words, cut_off, since_counts, since_paper
from tests import factories as core_factories
from tests.conftest import havering, module_scoped_data
from tests.indicators.factories import lower_measure
from tests.scrutiny import factories
from tests.scrutiny.conftest import make_havering_inspections

MEETING = datetime.date(2019, 11, 26)
RAG_REASON = "Audits in January found plans of consistently good quality."
MOVE_REASON = "Waiting for the new case management system."


def text_of(response) -> str:
    """The page's text with tags removed and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def section_text(response, key: str) -> str:
    """The text of one section of the page (from its heading to the next section)."""
    html = response.content.decode()
    start = html.index(f'id="{key}"')
    end = html.find("<section", start)
    return " ".join(re.sub(r"<[^>]+>", " ", html[start : end if end > 0 else None]).split())


@pytest.fixture
def paper(havering_programme):
    return demo.load(stdout=io.StringIO())


@pytest.fixture
def havering_admin(paper):
    return paper.issued_by


def record_figure(local_authority, by, measure, day, value):
    """A local figure of `measure` for `day`, entered by `by`."""
    indicator_services.record_local_value(
        local_authority=local_authority, by=by, measure=measure, date=day, value=Decimal(value)
    )


@pytest.fixture
def re_referrals(local_authority, havering_admin):
    """A key indicator with a local figure from before the meeting (18.9%, September 2019)."""
    measure = lower_measure()
    indicator_services.set_scorecard(
        local_authority=local_authority, by=havering_admin, measures=[measure]
    )
    record_figure(local_authority, havering_admin, measure, datetime.date(2019, 9, 30), "18.9")
    return measure


def open_step(programme, label):
    return NextStep.objects.get(theme__programme=programme, label=label)


@pytest.fixture
def edits_since(paper, havering_admin, local_authority, re_referrals):
    """One of every kind of change, made after the meeting."""
    programme = paper.programme
    theme = programme.themes.get(title="Pathway Planning and Transitions to Adulthood")
    improvement_services.change_rag(
        theme=theme, by=havering_admin, status="green", reason=RAG_REASON, seen_version=None
    )
    completed = NextStep.objects.filter(theme__programme=programme).open().order_by("pk")[0]
    improvement_services.complete_next_step_as_achievement(
        next_step=completed, by=havering_admin, seen_version=None
    )
    moved = (
        NextStep.objects.filter(theme__programme=programme, due_date__isnull=False)
        .open()
        .exclude(pk=completed.pk)
        .order_by("pk")[0]
    )
    plan_services.change_due_date(
        next_step=moved,
        by=havering_admin,
        new_date=moved.due_date + datetime.timedelta(days=60),
        reason=MOVE_REASON,
        seen_version=None,
    )
    improvement_services.add_next_step(
        theme=theme,
        by=havering_admin,
        label="Care leavers' hub",
        text="Open a drop-in hub for care leavers.",
        due_date=datetime.date(2020, 9, 30),
    )
    improvement_services.add_evidence(
        programme=programme,
        by=havering_admin,
        kind="qa_audit",
        title="Audit of pathway plans, January 2020",
        date=datetime.date(2020, 1, 20),
    )
    factories.monitoring_visit(local_authority, datetime.date(2020, 2, 4), "Care leavers")
    record_figure(local_authority, havering_admin, re_referrals, datetime.date(2020, 1, 31), "17.2")
    return {"completed": completed, "moved": moved, "theme": theme}


@pytest.fixture
def edits_before(paper, havering_admin, local_authority):
    """Records dated on or before the meeting, entered now or kept in the history as then."""
    improvement_services.add_evidence(
        programme=paper.programme,
        by=havering_admin,
        kind="staff_feedback",
        title="Staff survey, October 2019",
        date=datetime.date(2019, 10, 14),
    )
    own = lower_measure(
        code="ChildProtectionPlans", slug="cpp", name="Child protection plans lasting 2 years"
    )
    record_figure(local_authority, havering_admin, own, datetime.date(2019, 11, 1), "3.1")
    factories.focused_visit(local_authority, datetime.date(2019, 10, 1), "Children in need")


def since_url(paper):
    return reverse("scrutiny:paper-since", kwargs={"dfe_code": "311", "pk": paper.pk})


def test_the_demo_paper_alone_has_nothing_since_its_meeting(client, paper, scrutiny):
    """The demo's RAG changes (made at the meeting), due-date moves and done-late step all
    come before the end of 26 November 2019."""
    client.force_login(scrutiny)
    response = client.get(since_url(paper))
    assert response.status_code == 200
    page = text_of(response)
    assert "Since the committee on 26 November 2019" in page
    assert page.count("Nothing since 26 November 2019.") == 7
    assert RagChange.objects.filter(theme__programme=paper.programme).count() == 7


def test_each_change_since_the_meeting_is_on_the_page(client, paper, scrutiny, edits_since):
    client.force_login(scrutiny)
    response = client.get(since_url(paper))

    rag = section_text(response, "rag-changes")
    assert "One RAG change since 26 November 2019." in rag
    assert "Pathway Planning and Transitions to Adulthood" in rag
    assert "RAG status: Amber" in rag
    assert "RAG status: Green" in rag
    assert RAG_REASON in rag

    completed = section_text(response, "completed")
    assert "One action completed since 26 November 2019." in completed
    assert edits_since["completed"].label in completed
    assert timezone.localdate().strftime("%-d %B %Y") in completed

    rescheduled = section_text(response, "rescheduled")
    assert "One action rescheduled since 26 November 2019." in rescheduled
    moved = edits_since["moved"]
    new_due = moved.due_date + datetime.timedelta(days=60)
    assert f"From {moved.due_date:%-d %B %Y} to {new_due:%-d %B %Y}" in rescheduled
    assert MOVE_REASON in rescheduled

    added = section_text(response, "added")
    assert "One action added since 26 November 2019." in added
    assert "Care leavers' hub" in added or "Care leavers&#x27; hub" in added

    evidence = section_text(response, "evidence")
    assert "One piece of evidence since 26 November 2019." in evidence
    assert "Audit of pathway plans, January 2020" in evidence

    visits = section_text(response, "inspections")
    assert "One inspection or visit since 26 November 2019." in visits
    assert "Monitoring visit" in visits
    assert "4 February 2020" in visits

    indicators = section_text(response, "indicators")
    assert "One indicator with a new figure since 26 November 2019." in indicators
    assert "Re-referrals within 12 months (%)" in indicators
    assert "18.9% 30 September 2019, local, unpublished" in indicators
    assert "17.2% 31 January 2020, local, unpublished" in indicators
    assert "Improving" in indicators  # lower is better


def test_records_dated_before_the_meeting_are_not_on_the_page(
    client, paper, scrutiny, edits_since, edits_before
):
    client.force_login(scrutiny)
    response = client.get(since_url(paper))
    page = text_of(response)
    # Made at the meeting or before it, in the demo's history.
    assert "The launch waits until every partner" not in page
    assert "consulted on the revised scheme" not in page
    assert "Roll out the revised supervision template" not in page
    # Entered now, but dated before the meeting.
    assert "Staff survey, October 2019" not in page
    assert "Child protection plans lasting 2 years" not in page
    assert "Focused visit" not in page
    # Each section still counts only what came after.
    since = since_paper(paper)
    assert [section.count for section in since.sections] == [1, 1, 1, 1, 1, 1, 1]
    added = since.section("added").rows
    assert [step.label for step in added] == ["Care leavers' hub"]


def test_a_step_added_before_the_meeting_but_completed_after_counts_once(
    paper, havering_admin, edits_since
):
    since = since_paper(paper)
    assert [step.pk for step in since.section("completed").rows] == [edits_since["completed"].pk]
    assert edits_since["completed"].pk not in [step.pk for step in since.section("added").rows]


def test_counts_agree_with_the_rows(paper, edits_since, edits_before):
    counted = since_counts(paper)
    listed = since_paper(paper)
    assert [s.count for s in counted.sections] == [s.count for s in listed.sections]
    assert counted.total == 7


def test_counts_are_in_words():
    assert count_words(0, "RAG change", "RAG changes") == "No RAG changes"
    assert count_words(1, "action added", "actions added") == "One action added"
    assert count_words(7, "action added", "actions added") == "Seven actions added"
    assert count_words(14, "action added", "actions added") == "14 actions added"


def test_before_its_meeting_a_paper_counts_from_when_it_was_issued(paper):
    day_before = MEETING - datetime.timedelta(days=1)
    since = cut_off(paper, today=day_before)
    assert since.moment == paper.issued_at
    assert since.day == datetime.date(2019, 11, 18)
    assert since.words == "the paper was issued on 18 November 2019"
    # The demo's RAG changes were made after the paper was issued, at the meeting.
    assert since_counts(paper, today=day_before).section("rag-changes").count == 7


def test_the_summary_and_the_paper_link_to_the_page(client, paper, scrutiny, edits_since):
    client.force_login(scrutiny)
    summary = client.get(reverse("scrutiny:la-summary", kwargs={"dfe_code": "311"}))
    block = section_text(summary, "since-last-committee")
    assert "Since the last committee" in block
    assert "met on 26 November 2019" in block
    for words in [
        "One RAG change",
        "One action completed",
        "One action rescheduled",
        "One action added",
        "One piece of evidence",
        "One inspection or visit",
        "One indicator with a new figure",
    ]:
        assert words in block
    assert since_url(paper) in summary.content.decode()
    assert since_url(paper) in client.get(paper.get_absolute_url()).content.decode()
    home = client.get(reverse("home")).content.decode()
    assert "What changed since the committee on 26 November 2019" in home
    assert since_url(paper) in home


def test_the_summary_says_nothing_since_for_empty_sections(client, paper, scrutiny):
    client.force_login(scrutiny)
    summary = client.get(reverse("scrutiny:la-summary", kwargs={"dfe_code": "311"}))
    block = section_text(summary, "since-last-committee")
    assert block.count("nothing since 26 November 2019") == 7


def test_the_summary_without_a_paper_says_no_committee_has_met(client, scrutiny, local_authority):
    client.force_login(scrutiny)
    summary = client.get(reverse("scrutiny:la-summary", kwargs={"dfe_code": "311"}))
    assert "No committee has met on an issued paper yet." in text_of(summary)


def test_the_page_is_cached_until_the_council_changes_something(
    client, paper, scrutiny, havering_admin
):
    client.force_login(scrutiny)
    assert "Nothing since 26 November 2019." in text_of(client.get(since_url(paper)))
    theme = paper.programme.themes.order_by("pk")[0]
    improvement_services.change_rag(
        theme=theme, by=havering_admin, status="red", reason=RAG_REASON, seen_version=None
    )
    assert RAG_REASON in text_of(client.get(since_url(paper)))


def test_another_councils_users_get_404(client, paper, outsider):
    client.force_login(outsider)
    assert client.get(since_url(paper)).status_code == 404


def test_platform_administrators_see_the_page(client, paper):
    client.force_login(core_factories.platform_administrator(username="platform"))
    assert client.get(since_url(paper)).status_code == 200


def test_a_paper_for_a_meeting_to_come_counts_from_its_issue(client, scrutiny, local_authority):
    programme = factories.ProgrammeFactory(local_authority=local_authority)
    theme = factories.ThemeFactory(programme=programme)
    coming = factories.CommitteePaperFactory(
        programme=programme,
        meeting_date=timezone.localdate() + datetime.timedelta(days=10),
        issued_at=timezone.now() - datetime.timedelta(days=2),
    )
    improvement_services.change_rag(
        theme=theme, by=None, status="red", reason=RAG_REASON, seen_version=None
    )
    client.force_login(scrutiny)
    page = text_of(client.get(since_url(coming)))
    assert "was issued" in page
    assert "One RAG change since" in page
    assert RAG_REASON in page


# --------------------------------------------------------------------------------------------
# Queries do not grow (last in the module: the paper they share is there until its end)


def _grow(paper, n):
    """n more of every kind of change since the meeting."""
    la = paper.local_authority
    admin = paper.issued_by
    programme = paper.programme
    theme = programme.themes.order_by("pk")[0]
    statuses = ["green", "red"]
    for i in range(n):
        step = improvement_services.add_next_step(
            theme=theme,
            by=admin,
            label=f"Step {i}",
            text="Do it.",
            due_date=datetime.date(2021, 1, 1),
        )
        plan_services.change_due_date(
            next_step=step,
            by=admin,
            new_date=datetime.date(2021, 6, 1),
            reason="Later.",
            seen_version=None,
        )
        improvement_services.update_next_step(
            next_step=NextStep.objects.get(pk=step.pk),
            by=admin,
            changes={"status": NextStep.Status.DONE},
            seen_version=None,
        )
        improvement_services.change_rag(
            theme=theme, by=admin, status=statuses[i % 2], reason="Moved.", seen_version=None
        )
        improvement_services.add_evidence(
            programme=programme,
            by=admin,
            kind="qa_audit",
            title=f"Audit {i}",
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=i),
        )
        factories.inspection(
            la,
            datetime.date(2020, 1, 1) + datetime.timedelta(days=30 * i),
            kind=Inspection.Type.MONITORING_VISIT,
        )
        measure = lower_measure(code=f"M{i}", slug=f"m{i}", name=f"Measure {i}")
        for day, value in [(datetime.date(2019, 3, 31), "20"), (datetime.date(2020, 3, 31), "18")]:
            record_figure(la, admin, measure, day, value)


@pytest.fixture(scope="module", params=[1, 12], ids=str)
def grown(request, django_db_setup, django_db_blocker):
    """The demo paper with n more of every kind of change since its meeting (n = 1, then 12):
    built once for both tests of a size, and rolled back before the other size is built."""

    def build():
        local_authority = havering()
        make_havering_inspections(local_authority)
        improvement_demo.load(stdout=io.StringIO())
        paper = demo.load(stdout=io.StringIO())
        _grow(paper, request.param)
        return paper, request.param

    yield from module_scoped_data(django_db_blocker, build)


def test_since_page_queries_do_not_grow(db, client, grown, scrutiny, django_assert_max_num_queries):
    paper, n = grown
    client.force_login(scrutiny)
    # The user (1), the council (1), the paper (1), the national data version (1), the seven
    # sections (7) and the session's first save (3).
    with django_assert_max_num_queries(14):
        response = client.get(since_url(paper))
    assert response.status_code == 200
    assert count_words(n, "action added", "actions added") in text_of(response)


def test_since_counts_take_one_query(db, grown, django_assert_num_queries):
    paper, n = grown
    with django_assert_num_queries(1):
        counted = since_counts(paper)
    assert counted.section("added").count == n
    assert counted.section("indicators").count == n
