"""The deployment as written, tried as a deployer would: https through nginx to two gunicorn
app servers sharing PostgreSQL and Redis (see conftest.py for how it is started)."""

import pytest
import redis

from tests import factories
from tests.deploy.conftest import REDIS_URL, Visitor, fetch, form_fields
from tests.factories import TEST_PASSWORD
from tests.improvement.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db(transaction=True)

A, B = 0, 1


def is_signed_in(visitor, node=None):
    page = visitor.get("/", node=node)
    return page.status == 200 and "/accounts/login/" not in page.path


def test_probes_and_plain_http(deployment):
    # A load balancer probes each app server by address (no host name in ALLOWED_HOSTS)...
    for port in deployment.node_ports:
        status, _, body = fetch("http", port, "GET", "/healthz", {"Host": "10.0.0.7"})
        assert status == 200
        assert '"ok"' in body
        # ...and that is the only page an unknown host gets.
        assert fetch("http", port, "GET", "/accessibility/", {"Host": "10.0.0.7"})[0] == 400
    # Through nginx on port 80: the probe answers, everything else goes to https.
    assert fetch("http", deployment.http_port, "GET", "/healthz", {"Host": "127.0.0.1"})[0] == 200
    status, headers, _ = fetch("http", deployment.http_port, "GET", "/", {"Host": "localhost"})
    assert status == 301
    assert headers["Location"].startswith("https://localhost/")


def test_sign_in_over_https_through_nginx_and_both_app_servers_agree(deployment):
    la = factories.LocalAuthorityFactory(name="Havering", dfe_code="311")
    admin = factories.administrator(username="deploy-admin", local_authority=la)
    programme = ProgrammeFactory(local_authority=la, title="Improvement programme 2019")
    visitor = Visitor(deployment)

    signed_in = visitor.sign_in(admin.username, TEST_PASSWORD)
    assert signed_in.status == 302, signed_in.text[:500]
    session_cookie = signed_in.headers["Set-Cookie"]
    assert "Secure" in session_cookie
    assert "HttpOnly" in session_cookie
    home = visitor.get("/")
    assert home.status == 200
    assert "Sign out" in home.text
    assert "private" in home.headers["Cache-Control"]
    assert "max-age=31536000" in home.headers["Strict-Transport-Security"]

    # The session lives in Redis, under this deployment's prefix, for both app servers.
    keys = redis.Redis.from_url(REDIS_URL).keys(f"{deployment.cache_prefix}:*")
    assert any(b"sessions" in key for key in keys), keys
    assert is_signed_in(visitor, A)
    assert is_signed_in(visitor, B)

    # A change saved through one app server is shown at once by the other.
    detail = f"/programmes/{programme.pk}/"
    assert "Improvement programme 2019" in visitor.get(detail, node=B).text
    edit = visitor.get(f"/programmes/{programme.pk}/edit/", node=A)
    fields = [
        (name, "Improvement programme 2020" if name == "title" else value)
        for name, value in form_fields(edit.text, "title")
    ]
    saved = visitor.post(f"/programmes/{programme.pk}/edit/", fields, node=A, page=edit.text)
    assert saved.status == 302, saved.text[:2000]
    shown = visitor.get(detail, node=B).text
    assert "Improvement programme 2020" in shown
    assert "Improvement programme 2019" not in shown

    # Signing out on one app server ends the session on both, and through nginx.
    signed_out_cookies = dict(visitor.cookies)
    out = visitor.post("/accounts/logout/", {}, node=A, page=visitor.get("/", node=A).text)
    assert out.status in (200, 302)
    replay = Visitor(deployment)
    replay.cookies = signed_out_cookies
    assert not is_signed_in(replay, B)
    assert not is_signed_in(replay, A)
    assert not is_signed_in(replay)


def signs_in(deployment, user, *, address, node):
    """Whether `user`, with the right password from `address`, is signed in on `node`."""
    response = Visitor(deployment, address=address).sign_in(user.username, TEST_PASSWORD, node=node)
    return response.status == 302


def test_a_lockout_on_one_app_server_holds_on_the_other(deployment):
    lead = factories.improvement_lead(username="deploy-lead")
    attacker = Visitor(deployment, address="203.0.113.66")
    # Five wrong passwords: the fifth pauses this username from this address.
    statuses = [attacker.sign_in(lead.username, "wrong", node=A).status for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    # The right password, from the same address, on the other app server: still paused.
    refused = attacker.sign_in(lead.username, TEST_PASSWORD, node=B)
    assert refused.status == 429
    assert "Too many attempts to sign in" in refused.text
    # The lead, from their own address, is not locked out.
    assert signs_in(deployment, lead, address="198.51.100.30", node=B)


def test_the_sign_in_limit_per_address_is_shared_by_both_app_servers(deployment):
    """LOGIN_ATTEMPTS_PER_ADDRESS is 8 here: attempts with fresh usernames from one address,
    spread over both app servers, count together; the next is refused on either, without
    locking the account."""
    member = factories.scrutiny_member(username="deploy-limited")
    crowd = Visitor(deployment, address="203.0.113.80")
    statuses = [crowd.sign_in(f"nobody-{n}", "guess", node=n % 2).status for n in range(8)]
    assert statuses == [200] * 8
    for node in (A, B):
        refused = crowd.sign_in(member.username, TEST_PASSWORD, node=node)
        assert refused.status == 429
        assert "No account has been locked" in refused.text
    # The account is not locked: from its own address the member signs in on either server.
    assert signs_in(deployment, member, address="198.51.100.40", node=B)


def test_the_client_address_is_the_one_nginx_saw(deployment):
    """nginx appends the address it saw to X-Forwarded-For; what a client writes there itself
    is not believed. Here every attempt reaches nginx from 127.0.0.1, whatever it claims."""
    member = factories.scrutiny_member(username="deploy-scrutiny")
    visitor = Visitor(deployment)
    statuses = [
        visitor.sign_in(member.username, "wrong", extra={"X-Forwarded-For": f"198.51.100.{n}"})
        for n in range(1, 6)
    ]
    assert [response.status for response in statuses] == [200, 200, 200, 200, 429]
    claimed = {"X-Forwarded-For": "198.51.100.99"}
    refused = visitor.sign_in(member.username, TEST_PASSWORD, extra=claimed)
    assert refused.status == 429, "the lockout must follow the address nginx saw"
    # Someone really at one of the forged addresses is not locked out.
    elsewhere = Visitor(deployment, address="198.51.100.1")
    assert elsewhere.sign_in(member.username, TEST_PASSWORD, node=A).status == 302
