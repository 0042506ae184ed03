"""Sessions under gunicorn with several worker processes, as the service is deployed."""

import sys
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

from tests import factories
from tests.factories import TEST_PASSWORD
from tests.hardening.conftest import database_url_for, free_port, needs_postgres, start_server
from tests.hardening.http_client import Browser

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]


def start_gunicorn(database_url, port, workers=2):
    return start_server(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(workers)]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        database_url=database_url,
        ready_url=f"http://127.0.0.1:{port}/healthz",
        name="gunicorn",
    )


def final_url(url, cookie):
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.url


def test_signing_out_ends_the_session_in_every_worker():
    """A signed-out session's cookie is refused whichever worker answers (a session kept in
    each worker's own memory would live on in the workers that did not sign it out)."""
    factories.platform_administrator(username="platform")
    port = free_port()
    server = start_gunicorn(database_url_for(connection.settings_dict["NAME"]), port)
    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        browser.sign_in("platform", TEST_PASSWORD)
        session_key = next(c.value for c in browser.jar if c.name == settings.SESSION_COOKIE_NAME)
        cookie = f"{settings.SESSION_COOKIE_NAME}={session_key}"
        # Every worker serves the signed-in session a few times (one connection a request).
        home = f"http://127.0.0.1:{port}/"
        assert all(
            not final_url(home, cookie).endswith("/accounts/login/?next=/") for _ in range(20)
        )

        status, html = browser.get("/")
        status, _, _ = browser.submit("/accounts/logout/", {}, html)
        assert status == 200

        replayed = [final_url(home, cookie) for _ in range(20)]
        assert all("/accounts/login/" in url for url in replayed), replayed
    finally:
        server.terminate()
        server.wait(timeout=10)
