"""Change histories people can read: who changed which field from what to what, and when,
built from django-simple-history's records in a fixed number of queries.

- `Change(field, old, new)`, `Entry(when, who, record, action, changes)`.
- `display(model_field, value, lookups)`: a stored value as a page shows it (choices in words,
  dates as "26 November 2019", a foreign key by `lookups[related model][pk]`).
- `entries_of(model, records, label=, skipped=, lookups=)`: one Entry per record (oldest first
  in `records`), each listing the fields that differ from the same row's previous record;
  `field_changes` and `entry_of`, its parts, for a history that adds changes of its own.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils.dateformat import format as format_date
from django.utils.text import capfirst

ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime
    who: str
    record: str
    action: str
    changes: list[Change] = field(default_factory=list)


def display(model_field, value, lookups) -> str:
    if value in (None, ""):
        return "–"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.DateTimeField):
        return format_date(value, "j F Y, H:i")
    if isinstance(model_field, models.DateField):
        return format_date(value, "j F Y")
    if isinstance(model_field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    if isinstance(model_field, models.ForeignKey):
        return str(lookups.get(model_field.related_model, {}).get(value, "a deleted record"))
    return str(value)


def entries_of(
    model,
    records: Iterable,
    *,
    label: Callable[[object], str],
    skipped: set[str] = frozenset(),
    lookups: dict | None = None,
) -> list[Entry]:
    """Entries for `records` (history records of `model`, oldest first), each naming the fields
    that changed since the same row's previous record; a change that changed nothing shown is
    left out."""
    lookups = lookups or {}
    fields = [f for f in model._meta.concrete_fields if f.name not in skipped]
    previous: dict = {}
    entries = []
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        changes = []
        if record.history_type != "-":
            changes = field_changes(fields, record, before, lookups)
        if record.history_type == "~" and not changes:
            continue
        entries.append(entry_of(record, label=label(record), changes=changes))
    return entries


def field_changes(
    fields, record, before, lookups: dict, *, first_leaves_out_empty: bool = True
) -> list[Change]:
    """The Changes of `fields` from `before` (the same row's previous history record, None for
    its first) to `record`. A first record lists only the fields with a value unless
    `first_leaves_out_empty` is False."""
    changes = []
    for model_field in fields:
        new = getattr(record, model_field.attname)
        old = getattr(before, model_field.attname) if before else None
        if before is None and first_leaves_out_empty and new in (None, "", False):
            continue
        if before is None or old != new:
            changes.append(
                Change(
                    field=capfirst(model_field.verbose_name),
                    old=display(model_field, old, lookups) if before else "",
                    new=display(model_field, new, lookups),
                )
            )
    return changes


def entry_of(record, *, label: str, changes: list[Change]) -> Entry:
    """The Entry of one history record: when, by whom (or the system), what it did."""
    return Entry(
        when=record.history_date,
        who=str(record.history_user) if record.history_user else "The system",
        record=label,
        action=ACTIONS.get(record.history_type, "Changed"),
        changes=changes,
    )
