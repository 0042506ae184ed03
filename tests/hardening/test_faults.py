"""The database going away mid-service: the service's error page, /healthz 503, and recovery."""

from tests.hardening.conftest import (
    RunningServer,
    database_url_for,
    free_port,
    manage,
    needs_postgres,
    pg_host_port,
)
from tests.hardening.http_client import Browser
from tests.hardening.tcp_proxy import DatabaseProxy

# Everything happens in a scratch database of its own: the test database is not used (nor
# emptied afterwards, as a transactional test's would be).
pytestmark = needs_postgres
PASSWORD = "a-long-enough-password-for-faults"


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
        status, html = browser.get("/local-authorities/")
        assert status == 200
        assert "Havering" in html

        proxy.go_away()
        status, html = browser.get("/local-authorities/")
        assert status == 500
        assert "Sorry, there is a problem with the service" in html
        assert "Traceback" not in html
        assert browser.get("/healthz")[0] == 503

        proxy.come_back()
        assert browser.get("/healthz")[0] == 200
        status, html = browser.get("/local-authorities/")
        assert status == 200, "the signed-in session survives the outage"
        assert "Havering" in html
    finally:
        server.stop()
        proxy.close()
