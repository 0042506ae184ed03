import pytest
from django.contrib.auth.models import Group


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("group", "has", "lacks"),
    [
        (
            "Administrators",
            ["inspections.add_inspection", "core.change_user", "scrutiny.add_committeepaper"],
            [],
        ),
        (
            "Improvement leads",
            [
                "improvement.change_theme",
                "scrutiny.add_committeepaper",
                "workforce.add_observation",
            ],
            ["inspections.add_inspection", "core.change_user", "scrutiny.delete_committeepaper"],
        ),
        (
            "Scrutiny members",
            [
                "improvement.view_theme",
                "scrutiny.view_committeepaper",
                "inspections.view_judgement",
            ],
            [
                "improvement.change_theme",
                "scrutiny.add_committeepaper",
                "workforce.add_observation",
            ],
        ),
    ],
)
def test_each_role_holds_the_permissions_of_its_job(group, has, lacks):
    permissions = {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name=group).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }
    assert set(has) <= permissions
    assert not set(lacks) & permissions


def _state():
    """Content types, permissions and each group's permissions, as comparable values."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    return (
        set(ContentType.objects.values_list("app_label", "model")),
        set(Permission.objects.values_list("content_type__app_label", "codename", "name")),
        {
            group.name: set(group.permissions.values_list("content_type__app_label", "codename"))
            for group in Group.objects.all()
        },
    )


def _expected_group_permissions():
    """Each role's permissions, read from ROLE_PERMISSIONS against today's models."""
    from django.apps import apps
    from django.contrib.auth import get_permission_codename

    from core.roles import ROLE_PERMISSIONS, Role

    expected = {}
    for role, per_app in ROLE_PERMISSIONS.items():
        expected[role.value] = {
            (model._meta.app_label, get_permission_codename(action, model._meta))
            for app_label, actions in per_app.items()
            for model in apps.get_app_config(app_label).get_models()
            for action in actions
        }
    expected[Role.ADMINISTRATOR.value].add(("auth", "view_group"))
    return expected


@pytest.mark.django_db
def test_role_sync_again_changes_nothing_and_takes_a_few_queries(django_assert_max_num_queries):
    from core.roles import sync_role_permissions

    before = _state()
    with django_assert_max_num_queries(12):
        sync_role_permissions()
    assert _state() == before
    assert before[2] == _expected_group_permissions()


@pytest.mark.django_db
def test_role_sync_remakes_missing_content_types_permissions_and_groups_as_django_would():
    """What a flush leaves (no rows) and what drift leaves (a lost group, a stray permission)
    are both put right; Django's own permission handler then finds nothing left to make."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from core.roles import Role, sync_role_permissions

    complete = _state()
    ContentType.objects.filter(app_label__in=["scrutiny", "sessions"]).delete()
    Permission.objects.filter(codename="view_group").delete()
    Group.objects.filter(name=Role.IMPROVEMENT_LEAD.value).delete()
    Group.objects.get(name=Role.SCRUTINY_MEMBER.value).permissions.add(
        Permission.objects.get(content_type__app_label="core", codename="delete_user")
    )
    ContentType.objects.clear_cache()
    assert _state() != complete

    sync_role_permissions()

    assert _state() == complete
    assert _state()[2] == _expected_group_permissions()
    permissions = Permission.objects.count()
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    assert Permission.objects.count() == permissions
    ContentType.objects.clear_cache()
