"""Crawls the service as one user and prints {path: digest of the page} as JSON.

Run against any database: `DATABASE_URL=... python tests/hardening/crawl.py USERNAME [LIMIT]`.
Used to prove that a restored backup shows the same pages as the original.
"""

import hashlib
import json
import os
import re
import sys
from collections import deque
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from core.models import User  # noqa: E402

SKIP = re.compile(r"logout|/edit|/new|/delete|/issue|/complete|/admin/|\.csv|\.docx|format=csv")
VOLATILE = [
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'),
    re.compile(r"Printed \d+ \w+ \d{4}"),
    re.compile(r'nonce="[^"]+"'),  # the CSP nonce of the print margins, new on every response
    re.compile(r"\b\d+ (?:day|week|month|year)s? ago\b"),
]


def normalise(html: str) -> str:
    for pattern in VOLATILE:
        html = pattern.sub("", html)
    return html


def crawl(username: str, limit: int) -> dict[str, str]:
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=username))
    seen, queue, pages = {"/"}, deque(["/"]), {}
    while queue and len(pages) < limit:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            pages[path] = f"status {response.status_code}"
            continue
        html = response.content.decode()
        pages[path] = hashlib.sha256(normalise(html).encode()).hexdigest()
        for link in re.findall(r'href="(/[^"#]*)"', html):
            link = link.replace("&amp;", "&")
            if link not in seen and not SKIP.search(link) and not link.startswith("/static/"):
                seen.add(link)
                queue.append(link)
    return pages


if __name__ == "__main__":
    print(json.dumps(crawl(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 80)))
