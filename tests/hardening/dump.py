"""A dump of everything a user could see change, for before/after comparisons."""

import io

from django.core.management import call_command

EXCLUDE = ["contenttypes", "auth.permission", "sessions", "axes", "admin.logentry"]


def database_dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", *[f"--exclude={label}" for label in EXCLUDE], stdout=out)
    return out.getvalue()
