"""An inspection's change history: its own fields, judgement by judgement and recommendation by
recommendation, newest first. A fixed number of queries however long the history."""

from core.history import Entry, entries_of
from core.models import LocalAuthority, User
from inspections.models import Framework, Inspection, Judgement, JudgementArea, Recommendation

SKIPPED = {"id", "version", "created_at", "updated_at", "inspection", "area"}


def inspection_history(inspection: Inspection, limit: int | None = None) -> list[Entry]:
    records = list(
        Inspection.history.filter(id=inspection.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    judgements = list(
        Judgement.history.filter(inspection_id=inspection.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    recommendations = list(
        Recommendation.history.filter(inspection_id=inspection.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    areas = {area.pk: area.name for area in JudgementArea.objects.all()}
    user_ids = {r.corrected_by_id for r in records if r.corrected_by_id}
    lookups = {
        LocalAuthority: {inspection.local_authority_id: str(inspection.local_authority)},
        Framework: {f.pk: str(f) for f in Framework.objects.all()},
        User: {u.pk: str(u) for u in User.objects.filter(pk__in=user_ids)},
    }
    entries = [
        *entries_of(
            Inspection, records, label=lambda r: "Inspection", skipped=SKIPPED, lookups=lookups
        ),
        *entries_of(
            Judgement,
            judgements,
            label=lambda r: f"Judgement ‘{areas.get(r.area_id, 'a removed area')}’",
            skipped=SKIPPED,
        ),
        *entries_of(
            Recommendation,
            recommendations,
            label=lambda r: f"Recommendation {r.order}",
            skipped=SKIPPED,
        ),
    ]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit] if limit else entries
