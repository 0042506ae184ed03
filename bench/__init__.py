"""The benchmark: a large seed, every page of the URL map, and wrk (see bench/run)."""
