"""Profile pages in-process before optimising them: where does a request's time go?

    DATABASE_URL=postgres://…/it_bench_x1 .venv/bin/python bench/profile_pages.py /programmes/1/ \
        [/themes/3/ …] [--user bench.lead] [--repeat 5] [--top 25]

Uses the benchmark's database (after `bench/run`, or any database with data), signs in as the
user, warms each page once (so a page cached by data version shows its cached cost, as readers
see it), then times `--repeat` requests and prints the mean, the SQL queries per request and the
functions where the time went (cProfile, by cumulative time). Nothing is written.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--cold", action="store_true", help="clear the cache before each request")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test import Client

    settings.DEBUG = True  # to count queries
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(get_user_model().objects.get(username=args.user))
    for path in args.paths:
        response = client.get(path, secure=True)
        if response.status_code != 200:
            print(f"{path}: {response.status_code}", file=sys.stderr)
            continue
        profiler = cProfile.Profile()
        queries = 0
        started = time.perf_counter()
        for _ in range(args.repeat):
            if args.cold:
                cache.clear()
            reset_queries()
            profiler.enable()
            client.get(path, secure=True)
            profiler.disable()
            queries += len(connection.queries)
        elapsed = (time.perf_counter() - started) / args.repeat
        print(
            f"\n{path} as {args.user}: {elapsed * 1000:.1f} ms a request, "
            f"{queries / args.repeat:.0f} queries, {len(response.content) // 1024} KB"
        )
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
        print(out.getvalue())


if __name__ == "__main__":
    main()
