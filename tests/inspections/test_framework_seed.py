"""The frameworks seeded after a migrate or a flush (`inspections.apps.seed_frameworks`) are
those the data migration seeds, made in the same order (so with the same ids after a flush that
restarts the ids, which restoring a backup relies on) and with the same history."""

import importlib

import pytest
from django.apps import apps

from inspections.apps import seed_frameworks
from inspections.models import Framework, JudgementArea

pytestmark = pytest.mark.usefixtures("frameworks")

migration = importlib.import_module("inspections.migrations.0001_squashed")


def seeded():
    """Frameworks, areas and their history records, each in the order they were made."""
    frameworks = list(
        Framework.objects.order_by("pk").values_list(
            "code", "name", "short_name", "starts_on", "ends_on", "description"
        )
    )
    areas = list(
        JudgementArea.objects.order_by("pk").values_list(
            "framework__code", "order", "code", "name", "short_name", "strand", "parent__code"
        )
    )
    history = [
        list(Framework.history.order_by("history_id").values_list("code", "history_type")),
        list(
            JudgementArea.history.order_by("history_id").values_list(
                "framework__code", "code", "history_type"
            )
        ),
    ]
    return frameworks, areas, history


def from_spec():
    """The frameworks and areas as the data migration spells them out, in its order."""
    frameworks = [
        (spec["code"], spec["name"], spec["short_name"], spec["starts_on"], spec["ends_on"])
        + (spec["description"],)
        for spec in migration.FRAMEWORKS
    ]
    areas = [
        (spec["code"], order, *area)
        for spec in migration.FRAMEWORKS
        for order, area in enumerate(spec["areas"], start=1)
    ]
    return frameworks, areas


def empty():
    """No frameworks, areas or history records, as after a flush."""
    Framework.objects.all().delete()
    Framework.history.all().delete()
    JudgementArea.history.all().delete()


def test_seeding_empty_tables_makes_what_the_row_by_row_seed_makes():
    empty()
    migration.seed(apps, None)
    by_rows = seeded()
    empty()

    seed_frameworks()

    assert seeded() == by_rows
    assert by_rows[:2] == from_spec()
    assert len(by_rows[2][1]) == len(by_rows[1])
    assert {row[-1] for history in by_rows[2] for row in history} == {"+"}


def test_sub_areas_hang_under_their_framework_s_own_parent():
    empty()
    seed_frameworks()
    sif = Framework.objects.get(code="sif")
    adoption = sif.areas.get(code="adoption")
    assert adoption.parent.code == "looked-after-and-permanence"
    assert adoption.parent.framework == sif


def test_seeding_leaves_existing_frameworks_alone(django_assert_num_queries):
    Framework.objects.filter(code="sif").update(name="Renamed here")
    with django_assert_num_queries(1):
        seed_frameworks()
    assert Framework.objects.get(code="sif").name == "Renamed here"


def test_seeding_with_a_migration_s_models_keeps_no_history():
    """After a migrate, the handler gets the migrated state's models, which keep no history."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    state_apps = MigrationExecutor(connection).loader.project_state().apps
    empty()

    seed_frameworks(apps=state_apps)

    frameworks, areas, history = seeded()
    assert (frameworks, areas) == from_spec()
    assert history == [[], []]
