"""The database going away mid-service: the service's error page, /healthz 503, and recovery."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.hardening.conftest import (
    RunningServer,
    database_url_for,
    free_port,
    manage,
    needs_postgres,
    pg_host_port,
)
from tests.hardening.tcp_proxy import DatabaseProxy

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-enough-password-for-faults"


class Browser:
    """Just enough of a browser: cookies, CSRF, and status codes without exceptions."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base_url + path, data=body, timeout=15) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def sign_in(self, username, password):
        _, html = self.request("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        status, html = self.request(
            "/accounts/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token},
        )
        assert "Sign in" not in re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)


def test_database_outage_shows_the_error_page_and_503_then_recovers(scratch_database):
    manage(
        "shell",
        "-c",
        "from core.models import User; "
        f"User.objects.create_superuser('platform', 'p@example.org', '{PASSWORD}')",
        database_url=scratch_database,
    )
    manage("import_local_authorities", database_url=scratch_database)
    host, port = pg_host_port()
    proxy = DatabaseProxy(host, port)
    name = scratch_database.rsplit("/", 1)[1]
    server = RunningServer(database_url_for(name, port=proxy.port), free_port())
    try:
        browser = Browser(server.url)
        browser.sign_in("platform", PASSWORD)
        status, html = browser.request("/local-authorities/")
        assert status == 200
        assert "Havering" in html

        proxy.go_away()
        status, html = browser.request("/local-authorities/")
        assert status == 500
        assert "Sorry, there is a problem with the service" in html
        assert "Traceback" not in html
        assert browser.request("/healthz")[0] == 503

        proxy.come_back()
        assert browser.request("/healthz")[0] == 200
        status, html = browser.request("/local-authorities/")
        assert status == 200, "the signed-in session survives the outage"
        assert "Havering" in html
    finally:
        server.stop()
        proxy.close()
