"""Settings for the Improvement tracker.

One module, driven by environment variables with safe local defaults:

- DJANGO_ENV: "production" turns on the production safeguards (SECRET_KEY required,
  secure cookies, HSTS). Anything else is local development.
- SECRET_KEY: required in production; a throwaway key is used locally.
- DEBUG: "1"/"true" to turn on debug pages (never in production). Off by default.
- DATABASE_URL: e.g. postgres://user:pass@host:5432/db. Unset: an SQLite file in the project
  locally; required in production.
- ALLOWED_HOSTS: comma-separated host names; required in production (/healthz answers any host).
- REDIS_URL: e.g. redis://127.0.0.1:6379/1. Set: the cache, sessions, login throttling and rate
  limits are shared by every app server through Redis. Unset: each process's own memory.
- TRUSTED_PROXY_COUNT: how many reverse proxies (nginx, a load balancer) stand in front of the
  app servers and set X-Forwarded-For / X-Forwarded-Proto; 0 (default) trusts neither header.
- Every variable, with its default, is listed in .env.example.
- COUNCIL_NAME: shown in the header (e.g. "London Borough of Havering").
- EMAIL_URL-like settings: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
  EMAIL_USE_TLS; without EMAIL_HOST reminders are printed to the console.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("DJANGO_ENV", "development").lower() == "production"
DEBUG = env_bool("DEBUG", default=False) and not PRODUCTION

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. In production (DJANGO_ENV=production) the Improvement "
            "tracker refuses to start without a SECRET_KEY environment variable: set it to a "
            "long random string that is kept out of the code."
        )
    SECRET_KEY = "local-development-only-not-secret-0f3c9a7e5b1d4e2a8c6b"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. In production the Improvement tracker refuses to start "
        "without it: set it to the host name(s) people use, comma-separated, such as "
        "tracker.example.gov.uk. (A load balancer's probe of /healthz by address needs none.)"
    )
if PRODUCTION and not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. In production the Improvement tracker refuses to start "
        "without it (it would otherwise use a local SQLite file): set it to the PostgreSQL "
        "database, such as postgres://user:password@db.internal:5432/tracker."
    )

# Reverse proxies in front of the app servers (nginx terminating TLS, a load balancer). Their
# X-Forwarded-For and X-Forwarded-Proto headers are believed only when this many proxies are
# declared: the client's address is then the TRUSTED_PROXY_COUNT-th address from the right of
# X-Forwarded-For (core.middleware.client_address). With 0, anyone could forge them.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

COUNCIL_NAME = os.environ.get("COUNCIL_NAME", "Demonstration council")
SERVICE_NAME = "Improvement tracker"

INSTALLED_APPS = [
    "core.admin_site.PlatformAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "core",
    "inspections",
    "improvement",
    "indicators",
    "workforce",
    "scrutiny",
    "search",
]

MIDDLEWARE = [
    "core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RequestGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.SlidingSessionExpiryMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "core.middleware.PrivateResponseMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.service",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, reading a signed-in user with their roles in one query.
    "core.backends.RoleAwareModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"

# Login throttling: five failures lock the username from that address for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client's address behind TRUSTED_PROXY_COUNT proxies, so that one proxy's address is not
# everyone's (five failures from anyone would otherwise lock a real user out).
AXES_CLIENT_IP_CALLABLE = "core.middleware.client_address"
# Before any password is hashed, each client address may try to sign in this many times in
# LOGIN_RATE_WINDOW seconds (any username); more are refused with 429 without locking any
# account. Counted in the shared cache (core.views.SignInView).
LOGIN_ATTEMPTS_PER_ADDRESS = int(os.environ.get("LOGIN_ATTEMPTS_PER_ADDRESS", "30"))
LOGIN_RATE_WINDOW = int(os.environ.get("LOGIN_RATE_WINDOW", "300"))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H:i"
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production, whitenoise serves straight from the source folders (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# Uploaded documents (project initiation documents, issued papers) are never served as
# public static files: views check the reader's permissions and stream them.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
MAX_DOCUMENT_SIZE = 10 * 1024 * 1024
# All of one council's stored documents together may take at most this many bytes (500 MB
# unless UPLOAD_QUOTA_BYTES_PER_COUNCIL says otherwise); an upload that would pass it is refused
# on the form. A replaced document's old file is deleted once the change is saved: the theme's
# history keeps its name, not its content.
UPLOAD_QUOTA_BYTES_PER_COUNCIL = int(
    os.environ.get("UPLOAD_QUOTA_BYTES_PER_COUNCIL", str(500 * 1024 * 1024))
)
# A request body larger than this is refused from its Content-Length, before it is read
# (core.middleware.RequestGuardMiddleware): the largest document plus room for the form.
MAX_REQUEST_BODY_SIZE = MAX_DOCUMENT_SIZE + 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Sessions expire after 30 minutes of inactivity, and at browser close. A session in use is
# saved (which moves its expiry on) at most once a minute, by
# core.middleware.SlidingSessionExpiryMiddleware, rather than on every request.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", "1800"))
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_INTERVAL = 60
# Without Redis, sessions are read from the database (one query by key). Not "cached_db" then:
# the default cache is each worker process's own memory, so a session signed out in one worker
# would live on in the others (tests/hardening/test_sessions.py). With Redis: see below.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# The cache. With REDIS_URL, one Redis shared by every app server and worker: cached pages,
# sessions ("cached_db": read from Redis, written through to the database), django-axes
# lockouts and the sign-in rate limit. Without it, each process's own memory (nothing to run
# locally) and sessions and lockouts in the database.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "tracker")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.SharedRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "TIMEOUT": 3600,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Behind a TLS-terminating proxy, the proxy's X-Forwarded-Proto says whether the visitor used
# https. Trusted only when proxies are declared: the proxy must set (not append) the header.
if TRUSTED_PROXY_COUNT > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy: nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # The nonce: printed pages' margins name the council and the page (templatetags/printing).
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "improvement-tracker@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
