"""The product's settings, with one extra URL for the benchmark's floor (bench/urls.py)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
