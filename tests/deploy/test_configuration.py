"""The deployment files say what the code does: every setting documented, each file sound."""

import re

from django.conf import settings

ROOT = settings.BASE_DIR
READS = re.compile(
    r"""(?:os\.environ\.get\(|os\.environ\[|env_bool\(|env_list\(|getenv\()\s*["']([A-Z][A-Z0-9_]+)["']"""
)
SOURCES = [
    "config/settings.py",
    "deploy/gunicorn.conf.py",
    "core/management/commands/create_platform_administrator.py",
    "improvement/management/commands/send_reminders.py",
]


def documented_variables():
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Z][A-Z0-9_]+)=", text, re.M))


def test_env_example_lists_every_variable_the_service_reads():
    read = set()
    for name in SOURCES:
        read |= set(READS.findall((ROOT / name).read_text(encoding="utf-8")))
    read.add("PLATFORM_ADMIN_PASSWORD")
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "TRUSTED_PROXY_COUNT"} <= read
    missing = sorted(read - documented_variables())
    assert not missing, f"add these to .env.example with their default and meaning: {missing}"


def test_env_example_says_each_variables_default():
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    # Each group of comment lines before one or more variables names a default.
    for group in re.findall(r"((?:^#[^\n]*\n)+)((?:^[A-Z][A-Z0-9_]*=[^\n]*\n)+)", text, re.M):
        comments, variables = group
        assert "Default" in comments or "default" in comments, variables


def test_the_systemd_unit_and_cron_lines_use_the_gunicorn_config_and_the_lock():
    unit = (ROOT / "deploy/systemd/improvement-tracker@.service").read_text(encoding="utf-8")
    assert "-c deploy/gunicorn.conf.py config.wsgi" in unit
    assert "GUNICORN_BIND=127.0.0.1:%i" in unit
    cron = (ROOT / "deploy/cron/improvement-tracker").read_text(encoding="utf-8")
    assert "manage.py run_exclusively send_reminders" in cron
