"""Every kind of write shows at once on every page that shows it, however the page is cached.

Each case reads a page (filling its cache), makes one write through the code a user's action
runs (a service or an importer), and reads the page again. Cached pages are keyed on data
versions (core.versioning), so a write that does not bump the version its pages depend on
shows here as a stale page. Pages that are not cached today are covered too, so caching them
later cannot go stale unnoticed.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from improvement import services as improvement
from improvement.plan_services import add_milestone, change_due_date, record_progress
from indicators.services import set_scorecard
from inspections.importers import import_inspection_outcomes
from inspections.models import Framework, Grade, Inspection, JudgementArea
from inspections.services import save_inspection
from tests import factories as core_factories
from tests.indicators import factories as indicator_factories
from tests.inspections import workbooks
from tests.inspections.factories import ensure_frameworks
from tests.scrutiny import factories
from tests.workforce.factories import dfe_row, metric, write_csv
from workforce.importers import import_workforce
from workforce.services import record_observation


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def world(local_authority):
    """Havering: a good standard inspection in June 2018, a programme of one Amber theme, and
    published workforce figures to 2025; an administrator and an improvement lead (signed in
    by session, so without the cost of hashing a password)."""
    ensure_frameworks()
    factories.inspection(local_authority, datetime.date(2018, 6, 11), grades=Grade.GOOD)
    programme = factories.programme_with(local_authority, themes=1, items=1, meetings=0)
    factories.figures(local_authority)
    return {
        "la": local_authority,
        "theme": programme.themes.get(),
        "admin": core_factories.administrator(local_authority=local_authority, password=None),
        "lead": core_factories.improvement_lead(local_authority=local_authority, password=None),
    }


# ---- the writes ------------------------------------------------------------------------------
# Each returns the words the pages that show it must then show.


def theme_rag(world, tmp_path):
    theme = world["theme"]
    improvement.change_rag(
        theme=theme,
        by=world["lead"],
        status=theme.Rag.GREEN,
        reason="Audits show it.",
        seen_version=theme.version,
    )
    return "RAG status: </span>Green"


def theme_title(world, tmp_path):
    theme = world["theme"]
    improvement.update_theme(
        theme=theme,
        by=world["lead"],
        changes={"title": "Renamed theme"},
        seen_version=theme.version,
    )
    return "Renamed theme"


def next_step(world, tmp_path):
    improvement.add_next_step(
        theme=world["theme"],
        by=world["lead"],
        label="Late one",
        text="Something now overdue.",
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    return "<strong>1 overdue</strong>"


def achievement(world, tmp_path):
    improvement.add_achievement(
        theme=world["theme"], by=world["lead"], label="New", text="Something achieved."
    )
    return "2 achievements so far"


def progress_update(world, tmp_path):
    improvement.add_progress_update(
        theme=world["theme"], by=world["lead"], text="The newest word on this theme."
    )
    return "The newest word on this theme."


def board_rota(world, tmp_path):
    day = timezone.localdate() + datetime.timedelta(days=9)
    improvement.build_board_rota(programme=world["theme"].programme, by=world["lead"], dates=[day])
    return f"{day.day} {day:%B %Y}"


def inspection_entered(world, tmp_path):
    start = datetime.date(2023, 12, 11)
    framework = Framework.for_date(start)
    save_inspection(
        inspection=None,
        by=world["admin"],
        values={
            "local_authority": world["la"],
            "inspection_type": Inspection.Type.STANDARD,
            "framework": framework,
            "start_date": start,
            "end_date": datetime.date(2023, 12, 22),
            "published_on": datetime.date(2024, 2, 16),
        },
        judgements=[
            (area, Grade.INADEQUATE, "")
            for area in JudgementArea.objects.filter(framework=framework)
        ],
        recommendations=[],
    )
    return "Inadequate"


def inspection_corrected(world, tmp_path):
    """The 2018 inspection's summary corrected by hand."""
    inspection = Inspection.objects.get(local_authority=world["la"])
    save_inspection(
        inspection=inspection,
        by=world["admin"],
        values={"summary": "Leaders know their services well."},
        judgements=[(j.area, j.grade, j.narrative) for j in inspection.judgements.all()],
        recommendations=[],
    )
    return "Leaders know their services well."


def inspection_finding(world, tmp_path):
    """A finding the council's programme takes from the 2018 inspection."""
    from improvement.models import Finding
    from improvement.plan_services import add_finding

    add_finding(
        programme=world["theme"].programme,
        by=world["admin"],
        source=Finding.Source.RECOMMENDATION,
        inspection=Inspection.objects.get(local_authority=world["la"]),
        text="Plans for children in need lack focus.",
    )
    return "Plans for children in need lack focus."


def inspection_imported(world, tmp_path):
    rows = [row for row in workbooks.havering_history() if row[2] == "Havering"]
    path = workbooks.write_workbook(tmp_path / "outcomes.ods", history=rows)
    import_inspection_outcomes(path=path)
    return "Inadequate"


def workforce_figure(world, tmp_path):
    record_observation(
        local_authority=world["la"],
        metric=metric("permanent-social-workers"),
        date=datetime.date(2025, 10, 31),
        value=Decimal("82"),
        by=world["lead"],
    )
    return "82%"


def workforce_import(world, tmp_path):
    rows = [
        dfe_row(2025, "National", agency_rate_fte="15"),
        dfe_row(
            2025,
            "Local authority",
            old_la_code="311",
            la_name="Havering",
            region_code="E13000002",
            region_name="Outer London",
            agency_rate_fte="37.5",
        ),
    ]
    import_workforce(path=write_csv(tmp_path / "release.csv", rows))
    return "37.5%"


def workforce_metric(world, tmp_path):
    from workforce.services import define_metric

    define_metric(
        by=world["admin"],
        local_authority=world["la"],
        name="Social workers on the front line",
        phrase="",
        unit="count",
        better_direction="higher",
        definition="Counted each quarter.",
    )
    return "Social workers on the front line"


def action_rescheduled(world, tmp_path):
    step = world["theme"].next_steps.get()
    # As the services create an action: its original due date is its first due date.
    type(step).objects.filter(pk=step.pk).update(original_due_date=step.due_date)
    step.refresh_from_db()
    change_due_date(
        next_step=step,
        by=world["admin"],
        new_date=step.due_date + datetime.timedelta(days=30),
        reason="Waiting for the partners.",
        seen_version=None,
    )
    return 'id="plan-rescheduled">1: 30 days of slip'


def action_due_date(world, tmp_path):
    """The reason of the due date's change, in the action's own history."""
    action_rescheduled(world, tmp_path)
    return "Waiting for the partners."


def action_progress(world, tmp_path):
    step = world["theme"].next_steps.get()
    record_progress(
        next_step=step,
        by=world["lead"],
        status=step.Status.IN_PROGRESS,
        text="Half the audits are done.",
        seen_version=step.version,
    )
    return "Half the audits are done."


def action_milestone(world, tmp_path):
    add_milestone(
        next_step=world["theme"].next_steps.get(), by=world["lead"], title="First audit back"
    )
    return "First audit back"


def action_changed(world, tmp_path):
    step = world["theme"].next_steps.get()
    improvement.update_next_step(
        next_step=step,
        by=world["lead"],
        changes={"text": "Audit every open case."},
        seen_version=step.version,
    )
    return "Audit every open case."


def scorecard_chosen(world, tmp_path):
    measure = indicator_factories.MeasureFactory(name="Care leavers in EET (%)")
    set_scorecard(local_authority=world["la"], by=world["admin"], measures=[measure])
    return "Care leavers in EET (%)"


# ---- the pages -------------------------------------------------------------------------------
# Each gives the part of the page a write may change.


def la_summary(client, world):
    url = reverse("scrutiny:la-summary", kwargs={"dfe_code": world["la"].dfe_code})
    return client.get(url).content.decode()


def learning_journeys(client, world):
    """Havering's journey (good in 2018 to inadequate in 2023) in the cached journeys table."""
    page = client.get(reverse("scrutiny:learning")).content.decode()
    journeys = page.split('id="journeys-heading"', 1)[1].split('id="visits-heading"', 1)[0]
    history = reverse("inspections:la-history", kwargs={"dfe_code": world["la"].dfe_code})
    return "Inadequate" if history in journeys else ""


def national_overview(client, world):
    page = client.get(reverse("inspections:national")).content.decode()
    section = page.split("Judged inadequate now", 1)[1].split("Journeys between", 1)[0]
    return "Inadequate" if world["la"].name in section else ""


def finding_form(client, world):
    """The actions an administrator may tick on the form of a new finding: "theme: label"."""
    client.force_login(world["admin"])
    url = reverse(
        "improvement:finding-create", kwargs={"programme_pk": world["theme"].programme_id}
    )
    return client.get(url).content.decode()


def la_workforce(client, world):
    url = reverse("workforce:la-workforce", kwargs={"dfe_code": world["la"].dfe_code})
    return client.get(url).content.decode()


def workforce_national(client, world):
    """The national table (cached as rendered) of the agency rate in 2025."""
    url = reverse("workforce:national") + "?metric=agency-rate&year=2025"
    return client.get(url).content.decode()


def programme_page(client, world):
    return client.get(world["theme"].programme.get_absolute_url()).content.decode()


def theme_page(client, world):
    return client.get(world["theme"].get_absolute_url()).content.decode()


def inspection_page(client, world):
    inspection = Inspection.objects.get(local_authority=world["la"], start_date__year=2018)
    return client.get(inspection.get_absolute_url()).content.decode()


def inspections_list(client, world):
    """The list's table (its filter offers every grade, "Inadequate" included)."""
    page = client.get(reverse("inspections:list")).content.decode()
    return page.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]


def board_page(client, world):
    url = reverse("improvement:board", args=[world["theme"].programme.pk])
    return client.get(url).content.decode()


def theme_history_page(client, world):
    url = reverse("improvement:theme-history", args=[world["theme"].pk])
    return client.get(url).content.decode()


def action_page(client, world):
    step = world["theme"].next_steps.get()
    return client.get(reverse("improvement:action-detail", args=[step.pk])).content.decode()


CASES = [
    (theme_title, programme_page),
    (theme_title, theme_page),
    (progress_update, theme_page),
    (progress_update, programme_page),
    (inspection_entered, inspections_list),
    (inspection_imported, inspections_list),
    (theme_rag, la_summary),
    (theme_title, la_summary),
    (next_step, la_summary),
    (achievement, la_summary),
    (progress_update, la_summary),
    (board_rota, la_summary),
    (board_rota, board_page),
    (theme_title, theme_history_page),
    (action_changed, theme_history_page),
    (inspection_entered, la_summary),
    (inspection_entered, learning_journeys),
    pytest.param(inspection_entered, national_overview),
    (inspection_imported, la_summary),
    (inspection_imported, learning_journeys),
    pytest.param(inspection_imported, national_overview),
    (action_rescheduled, la_summary),
    (scorecard_chosen, la_summary),
    (workforce_figure, la_summary),
    pytest.param(workforce_figure, la_workforce),
    (workforce_import, la_summary),
    pytest.param(workforce_import, la_workforce),
    (workforce_import, workforce_national),
    (workforce_metric, la_workforce),
    (inspection_corrected, inspection_page),
    (inspection_finding, inspection_page),
    (theme_title, action_page),
    (action_due_date, action_page),
    (action_progress, action_page),
    (action_milestone, action_page),
    (action_changed, action_page),
    (theme_title, finding_form),
]


def shows_at_once(client, reader, world, tmp_path, write, page) -> str:
    """Read the page as `reader` (filling its cache), make the write, and read it again: the
    words the write returns are new on the page. Returns the page as it was before."""
    client.force_login(reader)
    before = page(client, world)
    words = write(world, tmp_path)
    assert words not in before
    assert words in page(client, world)
    return before


@pytest.mark.parametrize(("write", "page"), CASES)
def test_a_write_shows_at_once_on_every_page_that_shows_it(client, world, tmp_path, write, page):
    shows_at_once(client, world["lead"], world, tmp_path, write, page)


# ---- performance indicators --------------------------------------------------------------------
# Havering's care leavers in education, employment or training: 44% in 2025 (England 54%), on
# its scorecard, before each write.


@pytest.fixture
def indicators_world(world):
    from indicators.services import set_scorecard
    from tests.indicators.factories import MeasureFactory, ValueFactory, england

    eet = MeasureFactory()
    ValueFactory(measure=eet, local_authority=world["la"], year=2025, value=Decimal("44"))
    england(eet, 2025, "54")
    set_scorecard(local_authority=world["la"], by=world["admin"], measures=[eet])
    return {**world, "measure": eet}


def indicator_target(world, tmp_path):
    from indicators.services import set_target

    set_target(
        local_authority=world["la"],
        by=world["lead"],
        measure=world["measure"],
        value=Decimal("50"),
        tolerance=Decimal("5"),
        applies_from=datetime.date(2025, 4, 1),
        applies_to=timezone.localdate() + datetime.timedelta(days=365),
    )
    return "6 points short of the 50% target"


def indicator_local_figure(world, tmp_path):
    from indicators.services import record_local_value

    record_local_value(
        local_authority=world["la"],
        by=world["lead"],
        measure=world["measure"],
        date=datetime.date(2025, 6, 30),
        value=Decimal("61"),
    )
    return "61%"


def indicator_import(world, tmp_path):
    from indicators.importers import import_indicators
    from tests.indicators.test_imports import HEADER, MEASURES, files

    values = HEADER + "CareLeaverEET,2025,311,Havering,Outer London,47\n"
    values += "CareLeaverEET,2025,970,England,,54\n"
    import_indicators(**files(tmp_path, values=values, measures=MEASURES))
    return "47%"


def indicator_scorecard_changed(world, tmp_path):
    from tests.indicators.factories import MeasureFactory

    placements = MeasureFactory(
        code="Placements3", name="Children with three or more placements (%)"
    )
    set_scorecard(
        local_authority=world["la"], by=world["admin"], measures=[world["measure"], placements]
    )
    return "Children with three or more placements (%)"


def words(response) -> str:
    from tests.indicators.test_views import text

    return text(response)


def council_indicators(client, world):
    url = reverse("indicators:council", kwargs={"dfe_code": world["la"].dfe_code})
    return words(client.get(url + "?topic=children-looked-after"))


def national_indicators(client, world):
    url = reverse("indicators:national") + f"?metric={world['measure'].slug}&year=2025"
    return words(client.get(url))


def scorecard(client, world):
    url = reverse("indicators:scorecard", kwargs={"dfe_code": world["la"].dfe_code})
    return words(client.get(url))


def council_measure(client, world):
    url = reverse(
        "indicators:la-measure",
        kwargs={"dfe_code": world["la"].dfe_code, "slug": world["measure"].slug},
    )
    return words(client.get(url))


INDICATOR_CASES = [
    (indicator_target, scorecard),
    (indicator_target, council_measure),
    (indicator_local_figure, scorecard),
    (indicator_local_figure, council_measure),
    (indicator_import, council_indicators),
    (indicator_import, national_indicators),
    (indicator_import, scorecard),
    (indicator_import, council_measure),
    (indicator_scorecard_changed, scorecard),
]


@pytest.mark.parametrize(("write", "page"), INDICATOR_CASES)
def test_an_indicator_write_shows_at_once(client, indicators_world, tmp_path, write, page):
    before = shows_at_once(
        client, indicators_world["lead"], indicators_world, tmp_path, write, page
    )
    assert "44%" in before


def test_the_indicator_pages_are_served_from_the_cache(
    client, indicators_world, django_assert_max_num_queries
):
    """Read twice, the second read of each page works nothing out again."""
    client.force_login(indicators_world["lead"])
    for page in (council_indicators, national_indicators):
        page(client, indicators_world)
        with django_assert_max_num_queries(10):
            assert "44%" in page(client, indicators_world)


# ---- the board pack --------------------------------------------------------------------------
# A meeting next week with the theme on its agenda, before each write.


@pytest.fixture
def pack_world(world):
    meeting = improvement.create_meeting(
        programme=world["theme"].programme,
        by=world["admin"],
        date=timezone.localdate() + datetime.timedelta(days=7),
        themes=[world["theme"]],
    )
    return {**world, "meeting": meeting}


def meeting_notes(world, tmp_path):
    meeting = world["meeting"]
    improvement.update_meeting(
        meeting=meeting,
        by=world["admin"],
        changes={"date": meeting.date, "notes": "Apologies from the chair."},
        seen_version=meeting.version,
    )
    return "Apologies from the chair."


def pack_rag(world, tmp_path):
    """The pack gives the reason of the last RAG change."""
    theme_rag(world, tmp_path)
    return "Audits show it."


def pack_achievement(world, tmp_path):
    achievement(world, tmp_path)
    return "Something achieved."


def board_pack(client, world):
    return client.get(world["meeting"].get_absolute_url()).content.decode()


def meeting_moved(world, tmp_path):
    meeting = world["meeting"]
    day = meeting.date + datetime.timedelta(days=3)
    improvement.update_meeting(
        meeting=meeting,
        by=world["admin"],
        changes={"date": day, "notes": meeting.notes},
        seen_version=meeting.version,
    )
    return f"{day.day} {day:%B %Y}"


@pytest.mark.parametrize(
    ("write", "page"),
    [
        *(
            (write, board_pack)
            for write in (
                theme_title,
                pack_rag,
                progress_update,
                pack_achievement,
                action_changed,
                meeting_notes,
            )
        ),
        (theme_title, board_page),
        (meeting_moved, board_page),
    ],
)
def test_a_write_shows_at_once_on_the_board_and_its_packs(
    client, pack_world, tmp_path, write, page
):
    shows_at_once(client, pack_world["lead"], pack_world, tmp_path, write, page)


# ---- a council's list of programmes ------------------------------------------------------------
# With a second programme the council's programme page is a list of both, not a redirect.


def programme_renamed(world, tmp_path):
    programme = world["theme"].programme
    improvement.update_programme(
        programme=programme,
        by=world["admin"],
        changes={"title": "Children's services improvement, second phase"},
        seen_version=programme.version,
    )
    return "Children&#x27;s services improvement, second phase"


def theme_added(world, tmp_path):
    improvement.create_theme(programme=world["theme"].programme, by=world["admin"], title="Voice")
    return '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>'


def step_overdue(world, tmp_path):
    next_step(world, tmp_path)
    return '1 <strong class="app-flag-overdue">Overdue</strong>'


def programme_list(client, world):
    url = reverse("improvement:la-programme", args=[world["la"].dfe_code])
    return client.get(url).content.decode()


@pytest.mark.parametrize("write", [programme_renamed, theme_added, step_overdue])
def test_a_write_shows_at_once_on_the_councils_list_of_programmes(client, world, tmp_path, write):
    from tests.improvement.factories import ProgrammeFactory

    ProgrammeFactory(local_authority=world["la"], title="An earlier programme")
    before = shows_at_once(client, world["lead"], world, tmp_path, write, programme_list)
    assert "An earlier programme" in before


def test_a_deletion_in_the_django_admin_shows_at_once_on_the_cached_theme_page(client, world):
    from tests import factories as people

    update = improvement.add_progress_update(
        theme=world["theme"], by=world["lead"], text="Entered on the wrong theme."
    )
    client.force_login(world["lead"])
    assert "Entered on the wrong theme." in theme_page(client, world)
    client.force_login(people.platform_administrator(username="root", is_superuser=True))
    response = client.post(
        f"/admin/improvement/progressupdate/{update.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    client.force_login(world["lead"])
    assert "Entered on the wrong theme." not in theme_page(client, world)


# ---- an item of evidence --------------------------------------------------------------------


def test_a_change_to_evidence_shows_at_once_on_its_page(client, world):
    from tests.improvement.factories import EvidenceItemFactory

    item = EvidenceItemFactory(programme=world["theme"].programme, title="Case audit, May")
    client.force_login(world["lead"])
    assert "Case audit, May" in client.get(item.get_absolute_url()).text
    improvement.update_evidence(
        evidence=item,
        by=world["admin"],
        changes={"title": "Case audit, June"},
        seen_version=item.version,
        themes=[world["theme"]],
    )
    page = client.get(item.get_absolute_url()).text
    assert "Case audit, June" in page
    assert world["theme"].title in page


def test_new_evidence_shows_at_once_in_the_cached_list(client, world):
    programme = world["theme"].programme
    url = reverse("improvement:evidence-list", args=[programme.pk])
    client.force_login(world["lead"])
    assert "Staff survey, spring" not in client.get(url).text
    improvement.add_evidence(
        programme=programme, by=world["admin"], kind="qa_audit", title="Staff survey, spring"
    )
    assert "Staff survey, spring" in client.get(url).text


# ---- the users pages -------------------------------------------------------------------------
# Read by the council's administrator; the lead is the account changed.


def user_invited(world, tmp_path):
    from core.roles import Role
    from core.users.services import invite_user

    invite_user(
        local_authority=world["la"],
        by=world["admin"],
        first_name="Priya",
        last_name="Newcomer",
        email="priya.newcomer@example.org",
        roles=[Role.IMPROVEMENT_LEAD],
        base_url="https://tracker.example.org",
    )
    return "Newcomer"


def user_deactivated(world, tmp_path):
    from core.users.services import deactivate_user

    deactivate_user(member=world["lead"], by=world["admin"])
    return "Deactivated"


def user_signed_in(world, tmp_path):
    from django.contrib.auth.signals import user_logged_in
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    lead = world["lead"]
    user_logged_in.send(sender=type(lead), request=request, user=lead)
    return timezone.localtime().strftime("%-d %B %Y")


def users_list(client, world):
    url = reverse("core:user-list", kwargs={"dfe_code": world["la"].dfe_code})
    page = client.get(url).content.decode()
    return page.split('<h1 class="govuk-heading-xl">Users</h1>', 1)[1]


def lead_in_users_list(client, world):
    """The lead's row of the list."""
    row = users_list(client, world).split(f'href="/users/{world["lead"].pk}/"', 1)[1]
    return row.split("</tr>", 1)[0]


def user_page(client, world):
    page = client.get(reverse("core:user-detail", args=[world["lead"].pk])).content.decode()
    return page.split('<h1 class="govuk-heading-xl">', 1)[1]


@pytest.mark.parametrize(
    ("write", "page"),
    [
        (user_invited, users_list),
        (user_deactivated, lead_in_users_list),
        (user_deactivated, user_page),
        (user_signed_in, lead_in_users_list),
        (user_signed_in, user_page),
    ],
)
def test_an_account_change_shows_at_once_on_the_users_pages(client, world, tmp_path, write, page):
    shows_at_once(client, world["admin"], world, tmp_path, write, page)


# ---- forms -----------------------------------------------------------------------------------
# An unbound form is cached under the council's version: a change shows in it at once, and the
# version it carries (for stale edits) is the saved one.


def test_a_change_shows_at_once_in_the_cached_edit_form(client, world):
    theme = world["theme"]
    url = reverse("improvement:theme-edit", args=[theme.pk])
    client.force_login(world["admin"])
    before = client.get(url).text
    assert f'name="version" value="{theme.version}"' in before
    theme_title(world, None)
    theme.refresh_from_db()
    after = client.get(url).text
    assert "Renamed theme" in after
    assert f'name="version" value="{theme.version}"' in after


def test_a_new_colleague_shows_at_once_in_the_cached_form_choices(client, world):
    url = reverse("improvement:next-step-create", args=[world["theme"].pk])
    client.force_login(world["admin"])
    assert "Newcomer" not in client.get(url).text
    user_invited(world, None)
    assert "Newcomer" in client.get(url).text


def test_a_form_posted_back_with_errors_is_rendered_afresh(client, world):
    theme = world["theme"]
    url = reverse("improvement:theme-edit", args=[theme.pk])
    client.force_login(world["admin"])
    client.get(url)  # the unbound form, cached
    response = client.post(url, {"title": "", "version": theme.version})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
