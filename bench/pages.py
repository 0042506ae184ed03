"""Finds one instance of every GET page of the URL map by following links, as real users would.

The crawl starts from the large programme's pages (so the instances found are the big ones),
then the home page and every page the navigation offers, and follows every same-site link in
the HTML it gets back. A URL is fetched only when its URL pattern (and its query-string keys)
has not been reached yet, so the crawl stays small however big the data is. Each page is
reached as a platform administrator and as an improvement lead; the benchmark drives the first
user who reached it. Patterns that no link reaches are reported, so a page cannot be left out
of the benchmark silently.
"""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

from django.test import Client
from django.urls import Resolver404, get_resolver, resolve

# Not pages of the product: Django's own admin and the sign-in/out and password machinery.
SKIPPED_PREFIXES = ("/admin/", "/accounts/", "/static/", "/media/", "/bench/")
DOWNLOAD_TYPES = ("text/csv", "application/vnd.openxmlformats", "application/pdf")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def _key(path: str):
    """The URL pattern a path belongs to, with its query-string keys; None for no page."""
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    query_keys = tuple(sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)}))
    return (match.view_name, match.route, query_keys)


def all_routes() -> set[str]:
    """Every view name of the URL map (Django admin and sign-in machinery aside)."""
    names = set()

    def walk(resolver, prefix, namespace):
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if hasattr(entry, "url_patterns"):
                ns = entry.namespace or namespace
                walk(entry, route, ns)
            elif entry.name and not ("/" + route).startswith(SKIPPED_PREFIXES):
                names.add(f"{namespace}:{entry.name}" if namespace else entry.name)

    walk(get_resolver(), "", None)
    return names


def discover(users: list, start_paths: list[str], host: str = "127.0.0.1") -> list[dict]:
    """[{view, path, user, kind, status}] for the first instance of each page pattern."""
    found = {}
    for user in users:
        client = Client(HTTP_HOST=host)
        client.force_login(user)
        queue = deque(start_paths)
        seen_here = set()
        while queue:
            path = queue.popleft()
            key = _key(path)
            if key is None or key in seen_here:
                continue
            seen_here.add(key)
            response = client.get(path)
            content_type = response.get("Content-Type", "")
            if key not in found and response.status_code in (200, 302):
                kind = "download" if content_type.startswith(DOWNLOAD_TYPES) else "html"
                if response.status_code == 302:
                    kind = "redirect"
                found[key] = {"view": key[0], "path": path, "user": user, "kind": kind}
            if response.status_code == 200 and content_type.startswith("text/html"):
                base = urlsplit(path).path
                for href in _links(response.content.decode()):
                    href = href.split("#")[0]
                    if not href:
                        continue
                    if not href.startswith("/") and "://" not in href and ":" not in href:
                        href = (
                            base.rsplit("/", 1)[0] + "/" + href
                            if not href.startswith("?")
                            else base + href
                        )
                    queue.append(href)
    return list(found.values())
