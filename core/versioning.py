"""Data versions: what cached pages are keyed on, so no page has to work out whether it is stale.

Every write goes through a service or an importer, and each of those bumps a version in the
same transaction as its change:

- `bump_council(local_authority)`: the council's own data changed (its programme, papers,
  local figures, targets). Stored on the council's row (`LocalAuthority.data_version`), which
  the pages that show a council's data fetch anyway.
- `bump_national()`: published data changed (inspections, national figures, the register,
  any import). One row, read with one small query (`national_version()`).
- `bump_for_council_and_nation(local_authority)`: both, for a write such as an inspection,
  which is a council's record and part of every national page.

`versioned_key(name, *parts, local_authority=None)` builds a cache key from a page's name,
the versions it depends on and any other parts (the day, the user's role); `cached(key,
compute)` reads or fills the cache. A key changes the moment a write commits, in every process,
whatever the cache is (per-process memory or Redis): old entries are never read again and age
out. A reader never sees a newer version paired with older data, because a version and its
data commit together.
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db.models import F

from core.models import DataVersion, LocalAuthority

NATIONAL = "national"
DEFAULT_TIMEOUT = 60 * 60 * 24
T = TypeVar("T")


def bump_council(local_authority) -> None:
    pk = getattr(local_authority, "pk", local_authority)
    LocalAuthority.objects.filter(pk=pk).update(data_version=F("data_version") + 1)


def bump_national() -> None:
    if not DataVersion.objects.filter(scope=NATIONAL).update(version=F("version") + 1):
        _, created = DataVersion.objects.get_or_create(scope=NATIONAL, defaults={"version": 2})
        if not created:  # made by a concurrent first write: still move it on
            DataVersion.objects.filter(scope=NATIONAL).update(version=F("version") + 1)


def bump_for_council_and_nation(local_authority) -> None:
    bump_council(local_authority)
    bump_national()


def national_version() -> int:
    return DataVersion.objects.filter(scope=NATIONAL).values_list("version", flat=True).first() or 1


def council_version(local_authority) -> int:
    """The council's version as stored now (pages usually read `la.data_version` from the row
    they fetched instead)."""
    pk = getattr(local_authority, "pk", local_authority)
    return LocalAuthority.objects.filter(pk=pk).values_list("data_version", flat=True).first() or 0


def versioned_key(name: str, *parts, local_authority=None, national: bool = True) -> str:
    """A cache key for `name` under the versions it depends on. Give `local_authority` (a row
    with its `data_version`) for council data; `national=False` for a page that shows no
    published data."""
    pieces = [name]
    if local_authority is not None:
        pieces += [f"la{local_authority.pk}", f"v{local_authority.data_version}"]
    if national:
        pieces.append(f"n{national_version()}")
    pieces += [str(part) for part in parts]
    return ":".join(pieces)


def cached(key: str, compute: Callable[[], T], timeout: int = DEFAULT_TIMEOUT) -> T:
    """The cached value for `key`, computing and storing it on a miss."""
    sentinel = object()
    value = cache.get(key, sentinel)
    if value is sentinel:
        value = compute()
        cache.set(key, value, timeout)
    return value
