from django.db import migrations
from django.db.models import F


def keep_first_due_dates(apps, schema_editor):
    NextStep = apps.get_model("improvement", "NextStep")
    NextStep.objects.filter(original_due_date__isnull=True, due_date__isnull=False).update(
        original_due_date=F("due_date")
    )


class Migration(migrations.Migration):
    dependencies = [("improvement", "0002_action_plans")]

    operations = [migrations.RunPython(keep_first_due_dates, migrations.RunPython.noop)]
