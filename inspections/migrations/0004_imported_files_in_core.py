# The record of the last imported outcomes workbook moves to core's one table of imported
# files, which every national import now uses.

from django.db import migrations


def copy_to_core(apps, schema_editor):
    old = apps.get_model("inspections", "ImportedFile")
    new = apps.get_model("core", "ImportedFile")
    for record in old.objects.all():
        new.objects.update_or_create(
            name=record.name,
            defaults={
                "sha256": record.sha256,
                "file_name": record.file_name,
                "imported_at": record.imported_at,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_imported_files_in_core"),
        ("inspections", "0003_corrected_imports"),
    ]

    operations = [
        migrations.RunPython(copy_to_core, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(name="ImportedFile"),
    ]
