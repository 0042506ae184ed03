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
        # Areas go in in the spec's order, as the row-by-row seed made them, so that they get
        # the same ids (a backup restored into a flushed database relies on that). A sub-area
        # waits for the next insert when its parent is in the one being gathered.
        made = {}  # (framework pk, area code) -> area, once inserted
        batch, batch_codes = [], set()
        for framework, spec in zip(frameworks, specs, strict=True):
            for order, (code, name, short_name, strand, parent) in enumerate(spec["areas"], 1):
                if (framework.pk, parent) in batch_codes:
                    made.update(_insert_areas(area_model, batch, using))
                    batch, batch_codes = [], set()
                batch.append(
                    area_model(
                        framework=framework,
                        code=code,
                        name=name,
                        short_name=short_name,
                        strand=strand,
                        order=order,
                        parent=made.get((framework.pk, parent)),
                    )
                )
                batch_codes.add((framework.pk, code))
        _insert_areas(area_model, batch, using)


def _insert_areas(area_model, areas, using):
    return {(area.framework_id, area.code): area for area in _bulk_create(area_model, areas, using)}


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
