from django.db import migrations

from core.roles import sync_role_permissions


class Migration(migrations.Migration):
    """The roles gain the committee papers' permissions (added to ROLE_PERMISSIONS)."""

    dependencies = [("scrutiny", "0002_sync_role_permissions")]

    operations = [migrations.RunPython(sync_role_permissions, migrations.RunPython.noop)]
