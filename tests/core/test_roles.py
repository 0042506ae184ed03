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
