import datetime
import os
import re
import subprocess
import sys
import time
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.middleware import REFRESHED_AT
from tests import factories


def test_login_is_throttled_after_repeated_failures(client, lead):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": lead.username, "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": lead.username, "password": factories.TEST_PASSWORD}
    )
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_pages_send_a_strict_content_security_policy(client, lead):
    client.force_login(lead)
    response = client.get(reverse("home"))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_no_inline_script_or_style_in_pages_but_the_print_margins_with_the_csp_nonce(
    client, lead, imported_local_authorities
):
    """The only inline style is the printed pages' margins, allowed by a nonce that is new on
    every response and named in that response's Content-Security-Policy."""
    client.force_login(lead)
    nonces = set()
    for url in [reverse("home"), reverse("core:la-list"), "/local-authorities/311/"]:
        response = client.get(url)
        html = response.content.decode()
        assert "<script>" not in html
        assert 'style="' not in html
        styles = re.findall(r"<style[^>]*>", html)
        assert len(styles) == 1
        nonce = re.fullmatch(r'<style nonce="([^"]+)">', styles[0]).group(1)
        policy = response["Content-Security-Policy"]
        style_src = next(d for d in policy.split(";") if d.strip().startswith("style-src"))
        assert f"'nonce-{nonce}'" in style_src
        assert "unsafe-inline" not in policy
        nonces.add(nonce)
    assert len(nonces) == 3


def stored_session(client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def last_used(client, seconds_ago):
    """Make the signed-in session look as if it was last saved `seconds_ago` seconds ago: its
    record of when it was saved, and the expiry that saving gave it, move back that far."""
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    # The configured engine: with Redis, sessions are read from the cache first (cached_db).
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
    session[REFRESHED_AT] = int(time.time()) - seconds_ago
    session.save()
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now()
        + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        - datetime.timedelta(seconds=seconds_ago)
    )
    if settings.SESSION_ENGINE.endswith("cached_db"):
        # With Redis the session is read from the cache, which forgets it when it expires.
        cached = caches[settings.SESSION_CACHE_ALIAS]
        remaining = settings.SESSION_COOKIE_AGE - seconds_ago
        if remaining > 0:
            cached.touch(session.cache_key, remaining)
        else:
            cached.delete(session.cache_key)


def test_session_cookie_is_http_only_and_expires_after_inactivity(client, lead):
    response = client.post(
        reverse("login"), {"username": lead.username, "password": factories.TEST_PASSWORD}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert not cookie["max-age"], "the cookie goes when the browser closes"
    assert settings.SESSION_COOKIE_AGE == 1800
    signed_in_until = stored_session(client).expire_date
    assert signed_in_until > timezone.now() + datetime.timedelta(minutes=29)

    # Used again within a minute: still signed in, and the session is not written again.
    assert client.get(reverse("home")).status_code == 200
    assert stored_session(client).expire_date == signed_in_until

    # Used again after 20 minutes: the session is extended to 30 minutes from now.
    last_used(client, 20 * 60)
    assert client.get(reverse("home")).status_code == 200
    assert stored_session(client).expire_date > timezone.now() + datetime.timedelta(minutes=29)

    # Left alone for 30 minutes: signed out.
    last_used(client, settings.SESSION_COOKIE_AGE)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_session_in_use_is_written_at_most_once_a_minute(client, lead):
    client.force_login(lead)
    last_used(client, 61)
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("home"))
    with CaptureQueriesContext(connection) as second:
        client.get(reverse("core:la-list"))
    writes = [
        q["sql"]
        for q in first.captured_queries + second.captured_queries
        if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]
    ]
    assert len(writes) == 1


def test_healthz_leaves_the_session_alone(client, lead, django_assert_num_queries):
    client.force_login(lead)
    before = stored_session(client)
    with django_assert_num_queries(1):
        assert client.get(reverse("healthz")).status_code == 200
    after = stored_session(client)
    assert (after.session_data, after.expire_date) == (before.session_data, before.expire_date)


@pytest.mark.parametrize(
    "setting",
    [
        "SESSION_COOKIE_SECURE = True",
        "CSRF_COOKIE_SECURE = True",
        "SECURE_HSTS_SECONDS = 31536000",
        "SECURE_SSL_REDIRECT = True",
    ],
)
def test_production_mode_turns_on_transport_security(setting):
    name, expected = setting.split(" = ")
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_ENV": "production",
        "SECRET_KEY": "a-production-secret-that-is-long-enough-0123456789abcdef",
        "ALLOWED_HOSTS": "tracker.example.gov.uk",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://localhost/tracker"),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; "
            f"print(repr(settings.{name}))",
        ],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == expected, result.stderr
