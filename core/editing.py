"""Writing records people edit in forms, the one way every app does it.

- `StaleEdit`: someone saved the record after the editor opened it; carries the saved row and
  who saved it when, for the "both versions" page (`core.edit_views.StaleEditFormMixin`).
- `model_update(instance=, fields=, data=, by=, seen_version=)`: lock the row, refuse a stale
  version, apply the listed fields only, bump the version, validate, save and record who did it
  in the history. The services of every app call it inside their own `transaction.atomic`.
- `save_with_history(instance, by=)`: validate and save a record, its history row naming `by`.
- `lock_current(instance, seen_version)`: the row locked for update, or StaleEdit.
- `next_order(queryset)`: the order number after the highest of `queryset`.

Services stay explicit: each names the fields a form may change (as HackSoft's `model_update`),
so a form can never set a field its service did not list.
"""

from collections.abc import Iterable, Mapping

from django.db import models, transaction
from django.utils import timezone

from core.dates import long_date_time


class StaleEdit(Exception):
    """Someone saved the record after the editor opened it. Carries the saved version."""

    def __init__(self, current, changed_by=None, changed_at=None):
        self.current = current
        self.changed_by = changed_by
        self.changed_at = changed_at
        super().__init__(self.message)

    @property
    def message(self) -> str:
        who = str(self.changed_by) if self.changed_by else "someone else"
        if self.changed_at:
            when = long_date_time(timezone.localtime(self.changed_at))
            return f"This was changed by {who} at {when} since you opened it."
        return f"This was changed by {who} since you opened it."


def last_change(instance):
    """(who, when) of the record's latest history row; (None, updated_at) without history."""
    history = getattr(instance, "history", None)
    record = (
        history.select_related("history_user").order_by("-history_date").first()
        if history is not None
        else None
    )
    if record is None:
        return None, getattr(instance, "updated_at", None)
    return record.history_user, record.history_date


def _require_transaction():
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Call this inside transaction.atomic: it locks the row it changes.")


def lock_current(instance, seen_version: int | None):
    """The row locked for update; StaleEdit if its version moved on since `seen_version`
    (None: the caller does not check, for writes that do not come from an edit form)."""
    _require_transaction()
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if seen_version is not None and current.version != seen_version:
        who, when = last_change(current)
        raise StaleEdit(current, changed_by=who, changed_at=when)
    return current


def save_with_history(instance, *, by, m2m: Mapping[str, Iterable] | None = None):
    """Validate and save a new record (and its many-to-many values), its history row naming
    `by`."""
    instance._history_user = by
    instance.full_clean()
    instance.save()
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(list(values))
    return instance


def model_update(
    *,
    instance,
    fields: Iterable[str],
    data: Mapping,
    by,
    seen_version: int | None,
    m2m: Mapping[str, Iterable] | None = None,
):
    """Lock `instance`'s row, refuse a stale `seen_version`, set the `fields` present in
    `data` (others in `data` are ignored), bump the version, validate and save, recording `by`
    in the history; then set the `m2m` values. Returns the saved row."""
    current = lock_current(instance, seen_version)
    for field in fields:
        if field in data:
            setattr(current, field, data[field])
    if hasattr(current, "version"):
        current.version += 1
    return save_with_history(current, by=by, m2m=m2m)


def next_order(queryset) -> int:
    return (queryset.aggregate(top=models.Max("order"))["top"] or 0) + 1
