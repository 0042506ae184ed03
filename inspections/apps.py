import importlib

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate


def seed_frameworks(apps=None, using="default", **kwargs):
    """Ofsted's frameworks and their judgement areas, if there are none: after the first migrate
    (the data migration seeds them too), and after a flush, which empties every table (a backup
    restored into a used database, a test that empties the database). Not while the database is
    migrated to a state before frameworks existed."""
    apps = apps or global_apps
    try:
        framework_model = apps.get_model("inspections", "Framework")
    except LookupError:
        return
    if not framework_model.objects.using(using).exists():
        importlib.import_module("inspections.migrations.0001_squashed").seed(apps, None)


class InspectionsConfig(AppConfig):
    name = "inspections"

    def ready(self):
        post_migrate.connect(seed_frameworks, sender=self)
