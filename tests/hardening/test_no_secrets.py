"""No secrets in the repository: no keys, no passwords in settings, no credentials in URLs."""

import re
import subprocess

from django.conf import settings

PATTERNS = {
    "private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "AWS access key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "credentials in a URL": re.compile(r"\b\w+://(?!user:password@)[^/\s:@'\"]+:[^/\s@'\"$]{6,}@"),
    "a secret key in code": re.compile(
        r"SECRET_KEY\s*=\s*[\"'](?![^\"']*not-(?:a-)?secret)[^\"']{16,}[\"']"
    ),
}
ALLOWED = {
    # The demo users' shared password, for local demonstrations; load_demo refuses to run in
    # production.
    "core/demo.py",
    # This file describes the patterns.
    "tests/hardening/test_no_secrets.py",
}


def tracked_files():
    output = subprocess.run(
        ["git", "ls-files"], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    ).stdout
    return [line for line in output.splitlines() if line and not line.startswith("data/")]


def test_no_secrets_are_committed():
    found = []
    for name in tracked_files():
        if name in ALLOWED:
            continue
        try:
            text = (settings.BASE_DIR / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):
            continue
        for what, pattern in PATTERNS.items():
            if pattern.search(text):
                found.append(f"{name}: {what}")
    assert not found, found


def test_no_env_files_or_databases_are_committed():
    forbidden = re.compile(r"(^|/)(\.env|.*\.sqlite3|.*\.pem|.*\.key|id_rsa)$")
    assert [name for name in tracked_files() if forbidden.search(name)] == []
