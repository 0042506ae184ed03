from django.db import migrations

from core.roles import sync_role_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("workforce", "0001_metrics_and_observations"),
        ("core", "0002_create_role_groups"),
    ]

    operations = [migrations.RunPython(sync_role_permissions, migrations.RunPython.noop)]
