"""Search stores nothing of its own: it reads every other app's records (search/sources.py)."""
