"""The three roles, as Django groups, and the permissions each one holds.

Groups are created by a data migration; every app that adds models adds a data migration
that calls `sync_role_permissions` so the groups get the new models' permissions.
"""

from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "Administrators", "Administrator"
    IMPROVEMENT_LEAD = "Improvement leads", "Improvement lead"
    SCRUTINY_MEMBER = "Scrutiny members", "Scrutiny member"


# app_label -> {role: actions}. Object-level rules (a lead edits only the themes they lead,
# everyone sees only their own LA's programme) are enforced in the QuerySets and views.
ALL = ("view", "add", "change", "delete")
ROLE_PERMISSIONS = {
    Role.ADMINISTRATOR: {
        "core": ALL,
        "inspections": ALL,
        "improvement": ALL,
        "workforce": ALL,
        "scrutiny": ALL,
    },
    Role.IMPROVEMENT_LEAD: {
        "core": ("view",),
        "inspections": ("view",),
        "improvement": ALL,
        "workforce": ("view", "add", "change"),
        "scrutiny": ("view", "add"),
    },
    Role.SCRUTINY_MEMBER: {
        "core": ("view",),
        "inspections": ("view",),
        "improvement": ("view",),
        "workforce": ("view",),
        "scrutiny": ("view",),
    },
}


def sync_role_permissions(apps, schema_editor=None):
    """Create the groups and give each the permissions of ROLE_PERMISSIONS. Idempotent."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, per_app in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = []
        for app_label, actions in per_app.items():
            for perm in Permission.objects.filter(content_type__app_label=app_label):
                if perm.codename.split("_", 1)[0] in actions:
                    wanted.append(perm)
        if role == Role.ADMINISTRATOR:
            wanted += list(
                Permission.objects.filter(
                    content_type__app_label="auth", codename__in=["view_group"]
                )
            )
        group.permissions.add(*wanted)
