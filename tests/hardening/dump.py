"""A fingerprint of everything a user could see change, for before/after comparisons.

On PostgreSQL, one query gives each table's row count and a hash of its rows (order-free), so a
comparison costs milliseconds whatever the data; on SQLite, Django's `dumpdata`. Both leave out
what changes without a user changing anything (sessions, sign-in attempts, the admin's log).
"""

import io

from django.apps import apps
from django.core.management import call_command
from django.db import connection

EXCLUDE = ["contenttypes", "auth.permission", "sessions", "axes", "admin.logentry"]


def _excluded(model) -> bool:
    meta = model._meta
    return meta.app_label in EXCLUDE or meta.label_lower in EXCLUDE


def _tables() -> list[str]:
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        if not _excluded(model) and model._meta.managed and not model._meta.proxy:
            tables.add(model._meta.db_table)
    return sorted(tables)


def database_dump():
    if connection.vendor != "postgresql":
        out = io.StringIO()
        call_command("dumpdata", *[f"--exclude={label}" for label in EXCLUDE], stdout=out)
        return out.getvalue()
    quote = connection.ops.quote_name
    row_hash = "md5(dumped_row::text)"
    parts = [
        f"SELECT %s, count(*), md5(coalesce(string_agg({row_hash}, '' ORDER BY {row_hash}), ''))"
        f" FROM {quote(table)} dumped_row"
        for table in _tables()
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), _tables())
        return {table: (count, digest) for table, count, digest in cursor.fetchall()}
