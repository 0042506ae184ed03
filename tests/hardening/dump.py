"""A dump of everything a user could see change, for before/after comparisons."""

from django.apps import apps
from django.db import connection

# Django's bookkeeping, not data anyone enters: content types, permissions, sessions, the
# sign-in throttle's records and the admin's log.
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "axes", "admin.logentry"]


def _tables():
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        if meta.app_label in EXCLUDE or meta.label_lower in EXCLUDE:
            continue
        tables.add((meta.db_table, meta.pk.column))
    return sorted(tables)


def database_dump() -> str:
    """Every row of every table (many-to-many links and change history included), in key order:
    read straight from the database, so cheap enough to take around every refused write."""
    quote = connection.ops.quote_name
    lines = []
    with connection.cursor() as cursor:
        for table, key in _tables():
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {quote(key)}")
            lines.append(f"{table}:")
            lines.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(lines)


class Unchanged:
    """Proves that refused writes change nothing, dumping the database only when it must:
    once at the start, after each refusal (to compare), and again after an accepted write."""

    def __init__(self):
        self._before = None

    def start(self):
        """Call before each attempt."""
        if self._before is None:
            self._before = database_dump()

    def assert_unchanged(self, message="a refused write must change nothing"):
        assert database_dump() == self._before, message

    def accepted(self):
        """The attempt wrote (or something else changed the data): dump again next time."""
        self._before = None
