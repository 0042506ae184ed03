"""The shared cache: Django's RedisCache, whose clear() empties only this service's keys.

Django's RedisCache.clear() empties the whole Redis database (FLUSHDB), including whatever
else shares it: another service, or another instance of this one with its own key prefix.
Here clear() deletes only the keys under this cache's KEY_PREFIX.
"""

import re

from django.core.cache.backends.redis import RedisCache


def _glob_escape(text: str) -> str:
    return re.sub(r"([*?\[\]\\])", r"\\\1", text)


class SharedRedisCache(RedisCache):
    def clear(self):
        client = self._cache.get_client(write=True)
        pattern = _glob_escape(self.key_prefix) + ":*"
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) >= 1000:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)
        return True
