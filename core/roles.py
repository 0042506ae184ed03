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
    It runs after every migration, so it reads today's models, not a migration's state.

    It first makes the content types and permissions of every app's models, as Django's own
    `post_migrate` handlers would, since those handlers have not yet run for the apps after
    core. All of it is done in a handful of queries and one transaction: after every flush of a
    test database this runs again on empty tables."""
    from django.apps import apps
    from django.db import router, transaction

    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    models = [model for app_config in apps.get_app_configs() for model in app_config.get_models()]

    # Cached content types may be those of rows a flush has just removed.
    ContentType.objects.clear_cache()
    with transaction.atomic(using=using):
        if router.allow_migrate_model(using, ContentType):
            content_types = _create_content_types(ContentType, models, using)
            if router.allow_migrate_model(using, Permission):
                _create_permissions(Permission, content_types, models, using)
        _set_group_permissions(Group, Permission, using)


def _create_content_types(ContentType, models, using):
    """Every model's content type, made where missing: {(app label, model name): id}."""

    def existing():
        return {
            (app_label, model): pk
            for pk, app_label, model in ContentType.objects.using(using).values_list(
                "pk", "app_label", "model"
            )
        }

    content_types = existing()
    # In the apps' and models' order, as Django's handler would make them.
    missing = dict.fromkeys(
        key
        for key in ((m._meta.app_label, m._meta.model_name) for m in models)
        if key not in content_types
    )
    if not missing:
        return content_types
    ContentType.objects.using(using).bulk_create(
        ContentType(app_label=app_label, model=model) for app_label, model in missing
    )
    return existing()


def _create_permissions(Permission, content_types, models, using):
    """Every model's default and own permissions, made where missing (as Django names them)."""
    from django.contrib.auth.management import _get_all_permissions

    wanted = {
        (content_types[model._meta.app_label, model._meta.model_name], codename): name
        for model in models
        for codename, name in _get_all_permissions(model._meta)
    }
    have = set(Permission.objects.using(using).values_list("content_type_id", "codename"))
    Permission.objects.using(using).bulk_create(
        Permission(content_type_id=content_type_id, codename=codename, name=name)
        for (content_type_id, codename), name in wanted.items()
        if (content_type_id, codename) not in have
    )


def _set_group_permissions(Group, Permission, using):
    """Each role's group, made where missing, holding exactly its permissions."""
    names = [role.value for role in ROLE_PERMISSIONS]
    groups = dict(Group.objects.using(using).filter(name__in=names).values_list("name", "pk"))
    if missing := [name for name in names if name not in groups]:
        Group.objects.using(using).bulk_create(Group(name=name) for name in missing)
        groups = dict(Group.objects.using(using).filter(name__in=names).values_list("name", "pk"))

    app_labels = {app_label for per_app in ROLE_PERMISSIONS.values() for app_label in per_app}
    permissions = list(
        Permission.objects.using(using)
        .filter(content_type__app_label__in=[*app_labels, "auth"])
        .values_list("pk", "content_type__app_label", "codename")
    )
    wanted = set()
    for role, per_app in ROLE_PERMISSIONS.items():
        for pk, app_label, codename in permissions:
            if app_label in per_app and codename.split("_", 1)[0] in per_app[app_label]:
                wanted.add((groups[role.value], pk))
            elif role == Role.ADMINISTRATOR and (app_label, codename) == ("auth", "view_group"):
                wanted.add((groups[role.value], pk))

    GroupPermission = Group.permissions.through
    held = GroupPermission.objects.using(using).filter(group_id__in=groups.values())
    have = {
        (group_id, permission_id): pk
        for pk, group_id, permission_id in held.values_list("pk", "group_id", "permission_id")
    }
    if stale := [pk for pair, pk in have.items() if pair not in wanted]:
        GroupPermission.objects.using(using).filter(pk__in=stale).delete()
    GroupPermission.objects.using(using).bulk_create(
        GroupPermission(group_id=group_id, permission_id=permission_id)
        for group_id, permission_id in sorted(wanted - have.keys())
    )
