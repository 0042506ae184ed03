from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Local authorities and accounts"

    def ready(self):
        from core.roles import sync_role_permissions

        # Once per migrate, after core's own tables: the handler creates every app's
        # permissions itself, so it does not matter that later apps have not had their turn.
        post_migrate.connect(sync_role_permissions, sender=self, dispatch_uid="core-roles")
