"""Security and reliability: client addresses behind proxies, sign-in throttling that cannot be
turned against a user or the CPU, requests no page can answer, private caching, no public
password reset, and safe, bounded text in every form built on core's bases."""

import io

import pytest
from django import forms
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from core.forms import GovukForm, LinesField
from core.models import User
from tests import factories
from tests.core.test_settings import run_manage

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def sign_in(client, username, password, address):
    return client.post(
        LOGIN, {"username": username, "password": password}, HTTP_X_FORWARDED_FOR=address
    )


def signed_in(client):
    return "_auth_user_id" in client.session


# --- Client addresses and lockouts -----------------------------------------------------------


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_a_lockout_holds_only_for_the_address_that_caused_it(client, lead):
    """Five wrong passwords from one address behind the proxy do not lock the real user out
    from their own address (everyone shares the proxy's REMOTE_ADDR)."""
    for _ in range(5):
        sign_in(client, lead.username, "wrong password", "203.0.113.9")
    refused = sign_in(client, lead.username, factories.TEST_PASSWORD, "203.0.113.9")
    assert refused.status_code == 429
    assert not signed_in(client)

    accepted = sign_in(client, lead.username, factories.TEST_PASSWORD, "198.51.100.20")
    assert accepted.status_code == 302
    assert signed_in(client)


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_addresses_a_client_writes_into_x_forwarded_for_are_not_believed(client, lead):
    """nginx appends the address it saw; what the client put before it is ignored."""
    for n in range(5):
        sign_in(client, lead.username, "wrong", f"10.9.9.{n}, 203.0.113.9")
    refused = sign_in(client, lead.username, factories.TEST_PASSWORD, "10.1.1.1, 203.0.113.9")
    assert refused.status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_trusted_proxies_x_forwarded_for_is_ignored(client, lead):
    for n in range(5):
        sign_in(client, lead.username, "wrong", f"203.0.113.{n}")
    refused = sign_in(client, lead.username, factories.TEST_PASSWORD, "198.51.100.20")
    assert refused.status_code == 429, "a forged header must not escape the lockout"


# --- Sign-in rate limit per address, before any password is hashed ------------------------------


class CountingHasher(MD5PasswordHasher):
    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)

    def verify(self, password, encoded):
        CountingHasher.calls += 1
        return super().verify(password, encoded)


@override_settings(
    TRUSTED_PROXY_COUNT=1,
    LOGIN_ATTEMPTS_PER_ADDRESS=3,
    PASSWORD_HASHERS=[
        "tests.core.test_hardening_round_two.CountingHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ],
)
def test_sign_in_attempts_per_address_are_limited_before_hashing_without_locking(client, lead):
    for n in range(3):
        response = sign_in(client, f"nobody-{n}", "guess", "203.0.113.50")
        assert response.status_code == 200  # "enter a correct username and password"
    hashed = CountingHasher.calls
    assert hashed >= 3

    refused = sign_in(client, "nobody-4", "guess", "203.0.113.50")
    assert refused.status_code == 429
    assert "Too many attempts to sign in" in refused.content.decode()
    assert "No account has been locked" in refused.content.decode()
    assert CountingHasher.calls == hashed, "a refused attempt must not hash a password"
    assert sign_in(client, lead.username, factories.TEST_PASSWORD, "203.0.113.50").status_code == (
        429
    )
    assert not signed_in(client)

    # The account is not locked: from another address the lead signs in.
    assert sign_in(client, lead.username, factories.TEST_PASSWORD, "198.51.100.7").status_code == (
        302
    )
    assert signed_in(client)


# --- Probes, proxies and production settings -------------------------------------------------


def test_healthz_answers_a_probe_by_ip_address(client):
    response = client.get("/healthz", HTTP_HOST="10.20.30.40")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    # Only that path: any other page still refuses an unknown host.
    assert client.get("/accessibility/", HTTP_HOST="10.20.30.40").status_code == 400


def test_production_refuses_to_start_without_a_database_url():
    result = run_manage(
        "check",
        env_extra={
            "DJANGO_ENV": "production",
            "SECRET_KEY": "k" * 60,
            "ALLOWED_HOSTS": "tracker.example.gov.uk",
            "DATABASE_URL": "",
        },
    )
    assert result.returncode != 0
    assert "DATABASE_URL is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage(
        "check",
        env_extra={"DJANGO_ENV": "production", "SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": ""},
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_production_trusts_no_forwarded_proto_unless_proxies_are_declared():
    script = (
        "from django.conf import settings; "
        "print(getattr(settings, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    env = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": "k" * 60,
        "ALLOWED_HOSTS": "a.example",
        # Production refuses to start without one; the settings are read, no database is used.
        "DATABASE_URL": "postgres://localhost/settings-only",
    }
    direct = run_manage("shell", "-c", script, env_extra={**env, "TRUSTED_PROXY_COUNT": "0"})
    assert direct.stdout.strip().splitlines()[-1] == "None", direct.stderr
    proxied = run_manage("shell", "-c", script, env_extra={**env, "TRUSTED_PROXY_COUNT": "1"})
    assert "HTTP_X_FORWARDED_PROTO" in proxied.stdout, proxied.stderr


# --- Requests no page can answer: 400 or 413, never 500 -------------------------------------


def test_nul_byte_in_a_url_segment_or_query_value_is_refused(client, lead):
    client.force_login(lead)
    assert client.get("/local-authorities/%00/").status_code == 400
    assert client.get("/local-authorities/?q=%00").status_code == 400
    url = reverse(
        "workforce:observation-create", kwargs={"dfe_code": lead.local_authority.dfe_code}
    )
    assert client.get(url + "?metric=%00").status_code == 400
    assert client.get("/local-authorities/?%00=1").status_code == 400


def test_digits_other_than_0_to_9_in_a_query_value_are_refused(client, admin_user):
    client.force_login(admin_user)
    url = reverse("scrutiny:paper-draft", kwargs={"dfe_code": admin_user.local_authority.dfe_code})
    response = client.get(url + "?programme=²")
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
    assert client.get(url + "?programme=%D9%A3").status_code == 400  # Arabic-Indic three


def test_a_form_posted_as_utf16_is_refused(client, lead):
    client.force_login(lead)
    body = "old_password=x&new_password1=y&new_password2=y"  # the client encodes it as UTF-16
    response = client.post(
        reverse("password_change"),
        body,
        content_type="application/x-www-form-urlencoded; charset=utf-16",
    )
    assert response.status_code == 400
    multipart = client.generic(
        "POST",
        reverse("password_change"),
        '--x\r\nContent-Disposition: form-data; name="old_password"\r\n\r\nabc\r\n--x--\r\n',
        content_type="multipart/form-data; boundary=x; charset=utf-16",
    )
    assert multipart.status_code == 400
    assert "could not be read" in multipart.content.decode()


class UnreadableBody(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("the request body was read")

    readline = read


def test_a_body_too_big_is_refused_from_its_content_length_before_it_is_read(client, lead):
    client.force_login(lead)
    response = client.generic(
        "POST",
        reverse("password_change"),
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    assert "The file is too big" in response.content.decode()


# --- Private pages -------------------------------------------------------------------------


def test_signed_in_pages_and_downloads_are_private_and_not_stored(client, lead):
    client.force_login(lead)
    for url in [
        reverse("home"),
        reverse("accessibility"),
        reverse("scrutiny:learning-journeys-csv"),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= cache_control, (url, cache_control)
        assert "public" not in cache_control


def test_public_pages_are_not_marked_private_for_visitors_who_are_not_signed_in(client):
    response = client.get(reverse("accessibility"))
    assert "no-store" not in response.get("Cache-Control", "")


# --- Password reset: administrator-led, wording consistent ---------------------------------


def test_there_is_no_public_password_reset(client, lead):
    assert client.get("/accounts/password_reset/").status_code in (302, 404)
    assert client.post("/accounts/password_reset/", {"email": lead.email}).status_code in (302, 404)
    login_page = client.get(LOGIN).content.decode()
    assert "Ask your council's administrator to set a new one for you" in login_page


def test_the_lockout_page_says_who_sets_a_new_password(client, lead):
    for _ in range(5):
        client.post(LOGIN, {"username": lead.username, "password": "wrong"})
    page = client.post(LOGIN, {"username": lead.username, "password": "wrong"}).content.decode()
    assert "ask your council's administrator to set a new one for you" in page
    assert "reset your password" not in page


# --- The first platform administrator, without a terminal ------------------------------------

GOOD_PASSWORD = "correct-horse-battery-staple-42"


def test_create_platform_administrator_from_an_environment_variable(client, monkeypatch):
    monkeypatch.setenv("PLATFORM_ADMIN_PASSWORD", GOOD_PASSWORD)
    out = io.StringIO()
    call_command(
        "create_platform_administrator",
        "--username",
        "first",
        "--email",
        "a@example.gov.uk",
        stdout=out,
    )
    assert "Created platform administrator first" in out.getvalue()
    user = User.objects.get(username="first")
    assert user.is_platform_administrator
    assert user.is_staff
    client.post(LOGIN, {"username": "first", "password": GOOD_PASSWORD})
    assert signed_in(client)
    assert client.get("/admin/").status_code == 200


def test_create_platform_administrator_from_standard_input(monkeypatch):
    monkeypatch.delenv("PLATFORM_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(GOOD_PASSWORD + "\n"))
    call_command(
        "create_platform_administrator",
        "--username",
        "piped",
        "--email",
        "p@example.gov.uk",
        "--password-stdin",
        stdout=io.StringIO(),
    )
    assert User.objects.get(username="piped").check_password(GOOD_PASSWORD)


def test_create_platform_administrator_refuses_a_missing_or_weak_password(monkeypatch):
    monkeypatch.delenv("PLATFORM_ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="No password"):
        call_command("create_platform_administrator", "--username", "x", "--email", "x@e.org")
    monkeypatch.setenv("PLATFORM_ADMIN_PASSWORD", "short")
    with pytest.raises(CommandError, match="not accepted"):
        call_command("create_platform_administrator", "--username", "x", "--email", "x@e.org")
    assert not User.objects.filter(username="x").exists()


# --- Safe, bounded text in core's form bases -----------------------------------------------


class NoteForm(GovukForm):
    title = forms.CharField(label="Title")
    body = forms.CharField(label="Note", widget=forms.Textarea)
    code = forms.CharField(label="Code", max_length=20)
    lines = LinesField(label="Actions", required=False)


def errors_for(**data):
    form = NoteForm(data={"title": "T", "body": "B", "code": "C", **data})
    assert not form.is_valid()
    return form.errors


@pytest.mark.parametrize(
    "character",
    ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\ufffe", "\uffff"],
)
def test_control_characters_are_refused_with_a_clear_message(character):
    for field in ("title", "body", "code", "lines"):
        errors = errors_for(**{field: f"Before{character}after"})
        assert "must not include hidden control characters" in errors[field][0]


def test_tabs_and_line_breaks_are_kept_where_text_has_lines():
    form = NoteForm(data={"title": "A\ttitle", "body": "One\r\nTwo", "code": "C", "lines": "a\nb"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["lines"] == ["a", "b"]


def test_line_breaks_are_refused_in_a_single_line_field():
    assert errors_for(title="Two\r\nlines")["title"] == ["Title must be on one line"]


def test_every_text_field_has_a_maximum_length_with_a_clear_message():
    assert errors_for(body="x" * 10_001)["body"] == [
        "Note must be 10,000 characters or fewer (you entered 10,001)"
    ]
    assert "Title must be 500 characters or fewer" in errors_for(title="x" * 501)["title"][0]
    assert errors_for(code="x" * 21)["code"] == ["Code must be 20 characters or fewer"]
    assert "Actions must be 10,000" in errors_for(lines="line\n" * 2001)["lines"][0]
    assert NoteForm(data={"title": "T", "body": "x" * 10_000, "code": "C"}).is_valid()


def test_sign_in_with_a_nul_byte_in_the_username_says_what_is_wrong(client):
    response = client.post(LOGIN, {"username": "ad\x00min", "password": "whatever"})
    assert response.status_code == 200
    assert "must not include hidden control characters" in response.content.decode()
