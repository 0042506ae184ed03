"""Every improvement page runs a fixed number of queries however much data it shows."""

import datetime

import pytest
from django.urls import reverse

from improvement import services
from tests import factories
from tests.conftest import module_scoped_sizes
from tests.improvement.factories import (
    AchievementFactory,
    EvidenceItemFactory,
    NextStepFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
    ThemeFactory,
)


def fill(programme, lead, n):
    """n themes, each led by `lead` with n achievements, next steps (some overdue, some done)
    and updates; n evidence items; board meetings for every theme."""
    themes = []
    for order in range(1, n + 1):
        theme = ThemeFactory(programme=programme, order=order, leads=[lead])
        for i in range(n):
            AchievementFactory(theme=theme)
            NextStepFactory(
                theme=theme,
                owner=lead,
                due_date=datetime.date(2019, 2, 1) + datetime.timedelta(days=i),
                status="done" if i % 3 == 0 else "planned",
            )
            ProgressUpdateFactory(theme=theme)
        services.change_rag(theme=theme, by=lead, status="red", reason="r", seen_version=None)
        services.update_theme(theme=theme, by=lead, changes={"aim": "New aim"}, seen_version=None)
        themes.append(theme)
    for _ in range(n):
        EvidenceItemFactory(programme=programme, themes=themes[:3])
    services.build_board_rota(
        programme=programme, by=None, start=datetime.date(2030, 1, 7), every_n_weeks=2
    )
    return themes


SIZES = [2, 12]


@pytest.fixture(scope="module")
def worlds(django_db_setup, django_db_blocker):
    """For each size, a council of its own with a lead and a programme filled at that size:
    built once for the module (the pages only read them) and rolled back after it."""

    def build(n):
        council = factories.LocalAuthorityFactory()
        lead = factories.improvement_lead(local_authority=council)
        programme = ProgrammeFactory(local_authority=council, start_date=datetime.date(2019, 1, 1))
        return (council, lead, programme, fill(programme, lead, n))

    yield from module_scoped_sizes(django_db_blocker, SIZES, build)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize(
    ("page", "limit"),
    [
        ("programme-detail", 18),  # 4 for the action plan: figures, meetings, papers, findings
        ("theme-detail", 26),
        ("theme-history", 14),
        ("board", 11),
        ("meeting-detail", 20),  # 2 for the action plan's figures and findings unanswered
        ("evidence-list", 14),
        ("evidence-detail", 12),
        ("achievements-csv", 9),
        ("next-steps-csv", 9),
        ("evidence-csv", 10),
        ("my-work", 11),
        ("la-programme", 11),
    ],
)
def test_page_queries_do_not_grow_with_the_data(
    db, client, django_assert_max_num_queries, worlds, page, limit, n
):
    local_authority, lead, programme, themes = worlds[n]
    if page == "la-programme":
        ProgrammeFactory(local_authority=local_authority)  # a list, not a redirect
    kwargs = {
        "programme-detail": {"pk": programme.pk},
        "theme-detail": {"pk": themes[0].pk},
        "theme-history": {"pk": themes[0].pk},
        "board": {"pk": programme.pk},
        "meeting-detail": {"pk": programme.board_meetings.first().pk},
        "evidence-list": {"pk": programme.pk},
        "evidence-detail": {"pk": programme.evidence_items.first().pk},
        "achievements-csv": {"pk": programme.pk},
        "next-steps-csv": {"pk": programme.pk},
        "evidence-csv": {"pk": programme.pk},
        "my-work": {},
        "la-programme": {"dfe_code": local_authority.dfe_code},
    }[page]
    client.force_login(lead)
    url = reverse(f"improvement:{page}", kwargs=kwargs)
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("n", SIZES)
def test_edit_form_queries_do_not_grow(db, client, django_assert_max_num_queries, worlds, n):
    _, lead, _, themes = worlds[n]
    step = themes[0].next_steps.first()
    client.force_login(lead)
    for url in (
        reverse("improvement:theme-edit", args=[themes[0].pk]),
        reverse("improvement:next-step-edit", args=[step.pk]),
        reverse("improvement:next-step-complete", args=[step.pk]),
        reverse("improvement:achievement-create", args=[themes[0].pk]),
    ):
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200
