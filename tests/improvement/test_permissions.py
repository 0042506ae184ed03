"""Who may see and change what, for every improvement page: another LA's programme is a 404,
read-only roles get a 403 on edits, leads edit only the themes they lead."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse

from improvement.models import Theme
from tests.improvement.factories import (
    AchievementFactory,
    BoardMeetingFactory,
    EvidenceItemFactory,
    NextStepFactory,
    ThemeFactory,
)


@pytest.fixture
def world(programme, theme, other_theme, lead, other_lead):
    achievement = AchievementFactory(theme=theme)
    next_step = NextStepFactory(theme=theme, owner=lead, due_date=datetime.date(2019, 6, 1))
    other_achievement = AchievementFactory(theme=other_theme)
    other_next_step = NextStepFactory(theme=other_theme, owner=other_lead)
    meeting = BoardMeetingFactory(programme=programme, themes=[theme, other_theme])
    evidence = EvidenceItemFactory(programme=programme, themes=[theme])
    return SimpleNamespace(
        programme=programme,
        theme=theme,
        other_theme=other_theme,
        achievement=achievement,
        next_step=next_step,
        other_achievement=other_achievement,
        other_next_step=other_next_step,
        meeting=meeting,
        evidence=evidence,
    )


READ_PAGES = {
    "programme-detail": lambda w: {"pk": w.programme.pk},
    "theme-detail": lambda w: {"pk": w.theme.pk},
    "theme-history": lambda w: {"pk": w.theme.pk},
    "board": lambda w: {"pk": w.programme.pk},
    "meeting-detail": lambda w: {"pk": w.meeting.pk},
    "evidence-list": lambda w: {"pk": w.programme.pk},
    "evidence-detail": lambda w: {"pk": w.evidence.pk},
    "achievements-csv": lambda w: {"pk": w.programme.pk},
    "next-steps-csv": lambda w: {"pk": w.programme.pk},
    "evidence-csv": lambda w: {"pk": w.programme.pk},
}

# Pages that change one theme or its items: its leads and administrators.
THEME_EDIT_PAGES = {
    "theme-edit": lambda w, t: {"pk": t.pk},
    "theme-rag": lambda w, t: {"pk": t.pk},
    "update-create": lambda w, t: {"pk": t.pk},
    "achievement-create": lambda w, t: {"theme_pk": t.pk},
    "achievement-edit": lambda w, t: {
        "pk": (w.achievement if t == w.theme else w.other_achievement).pk
    },
    "next-step-create": lambda w, t: {"theme_pk": t.pk},
    "next-step-edit": lambda w, t: {"pk": (w.next_step if t == w.theme else w.other_next_step).pk},
    "next-step-complete": lambda w, t: {
        "pk": (w.next_step if t == w.theme else w.other_next_step).pk
    },
}

# Pages that change the programme as a whole: administrators only. A deliberate parallel of
# READ_PAGES (a page's name and how to find its arguments in the world), kept apart because
# each table is checked against a different rule.
ADMIN_PAGES = {
    "programme-edit": lambda w: {"pk": w.programme.pk},
    "theme-create": lambda w: {"pk": w.programme.pk},
    "build-rota": lambda w: {"pk": w.programme.pk},
    "meeting-create": lambda w: {"programme_pk": w.programme.pk},
    "meeting-edit": lambda w: {"pk": w.meeting.pk},
    "evidence-create": lambda w: {"programme_pk": w.programme.pk},
    "evidence-edit": lambda w: {"pk": w.evidence.pk},
    "programme-create": lambda w: {"dfe_code": w.programme.local_authority.dfe_code},
}


def url(name, kwargs):
    return reverse(f"improvement:{name}", kwargs=kwargs)


@pytest.mark.parametrize("name", READ_PAGES)
@pytest.mark.parametrize("role", ["lead", "other_lead", "scrutiny", "admin_user", "platform_admin"])
def test_everyone_in_the_la_and_platform_administrators_can_read(
    client, world, request, name, role
):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url(name, READ_PAGES[name](world))).status_code == 200


@pytest.mark.parametrize("name", [*READ_PAGES, *ADMIN_PAGES])
def test_another_las_user_gets_404_everywhere(client, world, outsider, name):
    client.force_login(outsider)
    kwargs = (READ_PAGES.get(name) or ADMIN_PAGES[name])(world)
    assert client.get(url(name, kwargs)).status_code == 404
    assert client.post(url(name, kwargs), {}).status_code in (404, 405)


@pytest.mark.parametrize("name", THEME_EDIT_PAGES)
def test_another_las_user_gets_404_on_theme_edits(client, world, outsider, name):
    client.force_login(outsider)
    target = url(name, THEME_EDIT_PAGES[name](world, world.theme))
    assert client.get(target).status_code == 404
    assert client.post(target, {"label": "x", "text": "y", "reason": "z"}).status_code == 404


@pytest.mark.parametrize("name", [*READ_PAGES, *ADMIN_PAGES])
def test_anonymous_visitors_are_sent_to_sign_in(client, world, name):
    kwargs = (READ_PAGES.get(name) or ADMIN_PAGES[name])(world)
    response = client.get(url(name, kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", THEME_EDIT_PAGES)
def test_anonymous_visitors_cannot_reach_edit_pages(client, world, name):
    response = client.get(url(name, THEME_EDIT_PAGES[name](world, world.theme)))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", THEME_EDIT_PAGES)
def test_a_lead_edits_their_own_theme_but_not_another_leads(client, world, lead, name):
    client.force_login(lead)
    assert client.get(url(name, THEME_EDIT_PAGES[name](world, world.theme))).status_code == 200
    other = url(name, THEME_EDIT_PAGES[name](world, world.other_theme))
    assert client.get(other).status_code == 403
    assert client.post(other, {"label": "x", "text": "y", "reason": "z"}).status_code == 403


@pytest.mark.parametrize("name", THEME_EDIT_PAGES)
@pytest.mark.parametrize("role", ["admin_user", "platform_admin"])
def test_administrators_edit_every_theme(client, world, request, name, role):
    client.force_login(request.getfixturevalue(role))
    for theme in (world.theme, world.other_theme):
        assert client.get(url(name, THEME_EDIT_PAGES[name](world, theme))).status_code == 200


@pytest.mark.parametrize("name", THEME_EDIT_PAGES)
def test_scrutiny_members_get_403_on_edits_and_change_nothing(client, world, scrutiny, name):
    client.force_login(scrutiny)
    target = url(name, THEME_EDIT_PAGES[name](world, world.theme))
    assert client.get(target).status_code == 403
    before = Theme.objects.get(pk=world.theme.pk).version
    response = client.post(
        target, {"label": "x", "text": "y", "reason": "z", "status": "red", "title": "t"}
    )
    assert response.status_code == 403
    assert Theme.objects.get(pk=world.theme.pk).version == before


@pytest.mark.parametrize("name", ADMIN_PAGES)
@pytest.mark.parametrize(
    ("role", "status"),
    [("lead", 403), ("scrutiny", 403), ("admin_user", 200), ("platform_admin", 200)],
)
def test_programme_wide_changes_are_for_administrators(client, world, request, name, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url(name, ADMIN_PAGES[name](world))).status_code == status


def test_la_programme_page_redirects_to_the_single_programme(client, world, lead):
    client.force_login(lead)
    response = client.get(url("la-programme", {"dfe_code": "311"}))
    assert response.status_code == 302
    assert response["Location"] == world.programme.get_absolute_url()


def test_la_programme_page_lists_several_programmes(client, world, lead):
    second = ThemeFactory(programme__local_authority=world.programme.local_authority).programme
    client.force_login(lead)
    response = client.get(url("la-programme", {"dfe_code": "311"}))
    assert response.status_code == 200
    assert world.programme.title in response.text
    assert second.title in response.text


def test_la_programme_page_is_404_for_another_la(client, world, outsider):
    client.force_login(outsider)
    assert client.get(url("la-programme", {"dfe_code": "311"})).status_code == 404


def test_my_work_shows_only_the_users_own_work(client, world, lead, outsider):
    client.force_login(outsider)
    response = client.get(reverse("improvement:my-work"))
    assert response.status_code == 200
    assert world.theme.title not in response.text
    client.force_login(lead)
    response = client.get(reverse("improvement:my-work"))
    assert world.theme.title in response.text
    assert world.other_theme.title not in response.text
    assert world.next_step.label in response.text
    assert world.other_next_step.label not in response.text


def test_published_pages_stay_visible_to_other_las(client, world, outsider):
    client.force_login(outsider)
    la_page = client.get(reverse("core:la-detail", kwargs={"dfe_code": "311"}))
    assert la_page.status_code == 200
    assert "Improvement programme: themes" not in la_page.text


def test_la_page_home_page_and_navigation_link_to_the_programme_for_its_users(client, world, lead):
    client.force_login(lead)
    la_page = client.get(reverse("core:la-detail", kwargs={"dfe_code": "311"}))
    assert "Improvement programme: themes" in la_page.text
    home = client.get(reverse("home"))
    assert reverse("improvement:la-programme", kwargs={"dfe_code": "311"}) in home.text
    assert reverse("improvement:my-work") in home.text
    response = client.get(reverse("improvement:own-programme"))
    assert response["Location"] == reverse("improvement:la-programme", kwargs={"dfe_code": "311"})


def test_platform_administrator_has_no_own_programme(client, platform_admin):
    client.force_login(platform_admin)
    response = client.get(reverse("improvement:own-programme"))
    assert response["Location"] == reverse("core:la-list")
