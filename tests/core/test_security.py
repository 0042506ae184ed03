import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

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


def test_no_inline_script_or_style_in_pages(client, lead, imported_local_authorities):
    client.force_login(lead)
    for url in [reverse("home"), reverse("core:la-list"), "/local-authorities/311/"]:
        html = client.get(url).content.decode()
        assert "<script>" not in html
        assert 'style="' not in html
        assert "<style" not in html


def test_session_cookie_is_http_only_and_expires_after_inactivity(client, lead):
    response = client.post(
        reverse("login"), {"username": lead.username, "password": factories.TEST_PASSWORD}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert settings.SESSION_COOKIE_AGE <= 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST


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
