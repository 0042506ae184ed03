from django.db import migrations

from core.roles import sync_role_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("scrutiny", "0001_committee_papers"),
        ("core", "0002_create_role_groups"),
    ]

    operations = [migrations.RunPython(sync_role_permissions, migrations.RunPython.noop)]
