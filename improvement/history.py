"""A theme's change history (the theme, its achievements and next steps): who changed which
field from what to what, and when. A fixed number of queries however long the history."""

from django.apps import apps

from core.history import Change, Entry, entry_of, field_changes
from core.models import User
from improvement.models import Achievement, EvidenceItem, NextStep, Theme

SKIPPED_FIELDS = {"id", "version", "created_at", "updated_at", "theme", "programme"}


def _fields(model):
    return [f for f in model._meta.concrete_fields if f.name not in SKIPPED_FIELDS]


def _m2m_snapshots(history_model, name, record_ids):
    """{history record id: set of related ids} for one many-to-many field."""
    m2m_model = history_model.__dict__[name].model
    target = {"leads": "user_id", "recommendations": "recommendation_id"}[name]
    snapshots: dict = {record_id: set() for record_id in record_ids}
    for history_id, related_id in m2m_model.objects.filter(history_id__in=record_ids).values_list(
        "history_id", target
    ):
        snapshots[history_id].add(related_id)
    return snapshots


def theme_history(theme: Theme, limit: int | None = None) -> list[Entry]:
    """The theme's, its achievements' and its next steps' changes, newest first."""
    theme_records = list(
        Theme.history.filter(id=theme.pk).select_related("history_user").order_by("history_date")
    )
    achievement_records = list(
        Achievement.history.filter(theme_id=theme.pk)
        .select_related("history_user")
        .order_by("history_date")
    )
    next_step_records = list(
        NextStep.history.filter(theme_id=theme.pk)
        .select_related("history_user")
        .order_by("history_date")
    )
    theme_ids = [r.history_id for r in theme_records]
    leads = _m2m_snapshots(Theme.history.model, "leads", theme_ids)
    recommendations = _m2m_snapshots(Theme.history.model, "recommendations", theme_ids)

    user_ids = {r.owner_id for r in next_step_records if r.owner_id}
    for snapshot in leads.values():
        user_ids |= snapshot
    evidence_ids = {r.evidence_id for r in achievement_records if r.evidence_id}
    recommendation_ids = set().union(*recommendations.values())
    recommendation_model = apps.get_model("inspections", "Recommendation")
    lookups = {
        User: {u.pk: str(u) for u in User.objects.filter(pk__in=user_ids)},
        EvidenceItem: dict(
            EvidenceItem.objects.filter(pk__in=evidence_ids).values_list("pk", "title")
        ),
        NextStep: {},
        recommendation_model: {
            r.pk: str(r) for r in recommendation_model.objects.filter(pk__in=recommendation_ids)
        },
    }
    lookups[NextStep] = {r.id: r.label for r in next_step_records}

    entries = []
    for model, records, kind in (
        (Theme, theme_records, "Theme"),
        (Achievement, achievement_records, "Achievement"),
        (NextStep, next_step_records, "Next step"),
    ):
        previous: dict = {}
        for record in records:
            before = previous.get(record.id)
            changes = field_changes(
                _fields(model),
                record,
                before,
                lookups,
                first_leaves_out_empty=record.history_type == "+",
            )
            if model is Theme:
                for snapshots, label, lookup in (
                    (leads, "Leads", lookups[User]),
                    (
                        recommendations,
                        "Recommendations",
                        lookups[recommendation_model],
                    ),
                ):
                    new_ids = snapshots.get(record.history_id, set())
                    old_ids = snapshots.get(before.history_id, set()) if before else set()
                    if new_ids != old_ids:
                        changes.append(
                            Change(
                                field=label,
                                old="; ".join(sorted(lookup.get(i, "?") for i in old_ids))
                                if before
                                else "",
                                new="; ".join(sorted(lookup.get(i, "?") for i in new_ids)) or "–",
                            )
                        )
            previous[record.id] = record
            if record.history_type == "~" and not changes:
                continue
            entries.append(
                entry_of(
                    record,
                    label="Theme" if model is Theme else f"{kind} ‘{record.label}’",
                    changes=changes if record.history_type != "-" else [],
                )
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit] if limit else entries
