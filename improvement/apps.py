from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ImprovementConfig(AppConfig):
    name = "improvement"

    def ready(self):
        from improvement.models import seed_evidence_kinds

        post_migrate.connect(seed_evidence_kinds, sender=self)
