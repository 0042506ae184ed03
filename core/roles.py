"""The three roles, as Django groups, and the permissions each one holds.

The groups and their permissions are (re)made after every `migrate` (and every test flush) by
a `post_migrate` handler (`core.apps`), from ROLE_PERMISSIONS as it is today: no migration
imports this table, so changing it never needs a migration and old migrations never run
against a newer table. The pages themselves check roles (`User.has_role`) and councils, not
these model permissions; the permissions matter only in the Django admin, which is open to
platform administrators alone (`core.admin`).
"""

from django.db import DEFAULT_DB_ALIAS, models


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


def sync_role_permissions(using=DEFAULT_DB_ALIAS, **kwargs):
    """Create the groups and give each exactly the permissions of ROLE_PERMISSIONS.
    Idempotent; a `post_migrate` receiver (its other keyword arguments are the signal's).
    It runs after every migration, so it reads today's models, not a migration's state."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, per_app in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role.value)
        wanted = [
            perm
            for perm in Permission.objects.using(using)
            .filter(content_type__app_label__in=per_app)
            .select_related("content_type")
            if perm.codename.split("_", 1)[0] in per_app[perm.content_type.app_label]
        ]
        if role == Role.ADMINISTRATOR:
            wanted += list(
                Permission.objects.using(using).filter(
                    content_type__app_label="auth", codename__in=["view_group"]
                )
            )
        group.permissions.set(wanted)
