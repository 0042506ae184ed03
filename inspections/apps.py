import importlib

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db import transaction
from django.db.models.signals import post_migrate


def seed_frameworks(apps=None, using="default", **kwargs):
    """Ofsted's frameworks and their judgement areas, if there are none: after the first migrate
    (the data migration seeds them too), and after a flush, which empties every table (a backup
    restored into a used database, a test that empties the database). Not while the database is
    migrated to a state before frameworks existed.

    The tables are empty, so everything is inserted in a few bulk inserts in one transaction
    (with their history records, where the models keep history), not row by row: this runs
    after every flush of a test database."""
    apps = apps or global_apps
    try:
        framework_model = apps.get_model("inspections", "Framework")
        area_model = apps.get_model("inspections", "JudgementArea")
    except LookupError:
        return
    if framework_model._default_manager.using(using).exists():
        return
    specs = importlib.import_module("inspections.migrations.0001_squashed").FRAMEWORKS
    with transaction.atomic(using=using):
        frameworks = _bulk_create(
            framework_model,
            [framework_model(**{k: v for k, v in spec.items() if k != "areas"}) for spec in specs],
            using,
        )
        # (framework, order, code, name, short name, strand, parent code), in the spec's order.
        pending = [
            (framework, order, *area)
            for framework, spec in zip(frameworks, specs, strict=True)
            for order, area in enumerate(spec["areas"], start=1)
        ]
        made = {}  # (framework pk, area code) -> area
        while pending:
            # Each round makes the areas whose parent, if they have one, is already made.
            ready = [row for row in pending if row[-1] is None or (row[0].pk, row[-1]) in made]
            if not ready:
                raise ValueError(f"Judgement areas with unknown parents: {pending}")
            areas = _bulk_create(
                area_model,
                [
                    area_model(
                        framework=framework,
                        code=code,
                        name=name,
                        short_name=short_name,
                        strand=strand,
                        order=order,
                        parent=made.get((framework.pk, parent)),
                    )
                    for framework, order, code, name, short_name, strand, parent in ready
                ],
                using,
            )
            made.update(((area.framework_id, area.code), area) for area in areas)
            pending = [row for row in pending if (row[0].pk, row[2]) not in made]


def _bulk_create(model, objs, using):
    """Insert objs at once; with their creation in the model's history where it keeps one (a
    migration's historical model keeps none)."""
    from simple_history.exceptions import NotHistoricalModelError
    from simple_history.utils import get_history_manager_for_model

    objs = model._default_manager.using(using).bulk_create(objs)
    try:
        history = get_history_manager_for_model(model)
    except NotHistoricalModelError:
        return objs
    history.bulk_history_create(objs)
    return objs


class InspectionsConfig(AppConfig):
    name = "inspections"

    def ready(self):
        post_migrate.connect(seed_frameworks, sender=self)
