"""Fingerprints: cheap values that change whenever the data behind a cached page changes.

A page that is costly to work out caches its content under a fingerprint read from the
database on every request, so a change shows at once in every process however the cache is
kept (each process may have its own).

- `rows_summary(queryset, path="", moment=None)`: a subquery giving, as text, the number of
  rows of `queryset` (or of the rows reached from it through `path`), the highest primary key
  (so a deletion or a replacement changes something) and the latest `moment` (e.g.
  "updated_at"). Annotate a queryset with several of them to read them in one query.
- `digest(values) -> str`: a short digest of values, for a cache key.
"""

import hashlib

from django.db.models import CharField, Count, Max, Subquery, Value
from django.db.models.functions import Cast, Concat


def rows_summary(queryset, path: str = "", moment: str | None = None) -> Subquery:
    """Count, highest primary key and latest `moment` of the rows, as "count/pk/moment"."""
    parts = [Cast(Count(f"{path}pk"), CharField()), Value("/"), Cast(Max(f"{path}pk"), CharField())]
    if moment:
        parts += [Value("/"), Cast(Max(f"{path}{moment}"), CharField())]
    rows = queryset.order_by().annotate(one=Value(1)).values("one")
    return Subquery(
        rows.annotate(summary=Concat(*parts, output_field=CharField())).values("summary")[:1],
        output_field=CharField(),
    )


def digest(values) -> str:
    return hashlib.sha256("|".join(str(value) for value in values).encode()).hexdigest()[:32]
