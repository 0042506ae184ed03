"""Every kind of write to a programme moves the council's data version on, in the same
transaction, so pages cached by that version show the change at once; a refused write leaves
it where it was."""

import datetime

import pytest
from django.urls import reverse

from core.versioning import council_version
from improvement import services
from improvement.models import Programme
from tests.improvement.factories import BoardMeetingFactory, EvidenceItemFactory

WRITES = {
    "programme created": lambda w: services.create_programme(
        by=w.admin,
        local_authority=w.la,
        title="A second programme",
        start_date=datetime.date(2020, 1, 1),
    ),
    "programme changed": lambda w: services.update_programme(
        programme=w.programme, by=w.admin, changes={"title": "Renamed"}, seen_version=None
    ),
    "theme added": lambda w: services.create_theme(
        programme=w.programme, by=w.admin, title="Early help"
    ),
    "theme changed": lambda w: services.update_theme(
        theme=w.theme, by=w.lead, changes={"aim": "A new aim"}, seen_version=None
    ),
    "RAG status changed": lambda w: services.change_rag(
        theme=w.theme, by=w.lead, status="red", reason="Audit", seen_version=None
    ),
    "progress update added": lambda w: services.add_progress_update(
        theme=w.theme, by=w.lead, text="Workshops held."
    ),
    "achievement added": lambda w: services.add_achievement(
        theme=w.theme, by=w.lead, label="Cocoon", text="Opened."
    ),
    "achievement changed": lambda w: services.update_achievement(
        achievement=w.achievement, by=w.lead, changes={"text": "Changed"}, seen_version=None
    ),
    "next step added": lambda w: services.add_next_step(
        theme=w.theme, by=w.lead, label="Passports", text="Roll out."
    ),
    "next step changed": lambda w: services.update_next_step(
        next_step=w.next_step, by=w.lead, changes={"status": "in_progress"}, seen_version=None
    ),
    "next step done as an achievement": lambda w: services.complete_next_step_as_achievement(
        next_step=w.next_step, by=w.lead, seen_version=None
    ),
    "evidence added": lambda w: services.add_evidence(
        programme=w.programme, by=w.admin, kind="qa_audit", title="Audit"
    ),
    "evidence changed": lambda w: services.update_evidence(
        evidence=w.evidence, by=w.admin, changes={"title": "Re-audit"}, seen_version=None
    ),
    "board meeting added": lambda w: services.create_meeting(
        programme=w.programme, by=w.admin, date=datetime.date(2031, 3, 3), themes=[w.theme]
    ),
    "board meeting changed": lambda w: services.update_meeting(
        meeting=w.meeting, by=w.admin, changes={"notes": "Minutes"}, seen_version=None
    ),
    "board rota built": lambda w: services.build_board_rota(
        programme=w.programme, by=w.admin, dates=[datetime.date(2031, 5, 5)]
    ),
}


class World:
    def __init__(self, local_authority, programme, theme, achievement, next_step, admin, lead):
        self.la = local_authority
        self.programme = programme
        self.theme = theme
        self.achievement = achievement
        self.next_step = next_step
        self.admin = admin
        self.lead = lead
        self.evidence = EvidenceItemFactory(programme=programme)
        self.meeting = BoardMeetingFactory(programme=programme, themes=[theme])


@pytest.fixture
def world(local_authority, programme, theme, achievement, next_step, admin_user, lead):
    return World(local_authority, programme, theme, achievement, next_step, admin_user, lead)


@pytest.mark.parametrize("write", list(WRITES), ids=list(WRITES))
def test_every_write_moves_the_councils_data_version_on(world, write):
    before = council_version(world.la)
    WRITES[write](world)
    assert council_version(world.la) > before


def test_a_write_leaves_other_councils_versions_alone(world, other_local_authority):
    before = council_version(other_local_authority)
    WRITES["theme changed"](world)
    assert council_version(other_local_authority) == before


def test_a_refused_stale_write_does_not_move_the_version(world):
    services.update_theme(theme=world.theme, by=world.admin, changes={"aim": "x"}, seen_version=1)
    before = council_version(world.la)
    with pytest.raises(services.StaleEdit):
        services.update_theme(
            theme=world.theme, by=world.lead, changes={"aim": "y"}, seen_version=1
        )
    assert council_version(world.la) == before


def test_a_change_made_on_a_form_moves_the_version_on(client, world):
    before = council_version(world.la)
    client.force_login(world.lead)
    response = client.post(
        reverse("improvement:update-create", args=[world.theme.pk]), {"text": "Audit done."}
    )
    assert response.status_code == 302
    assert council_version(world.la) > before
    assert Programme.objects.get(pk=world.programme.pk).local_authority.data_version > before
