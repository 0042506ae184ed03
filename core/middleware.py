import ipaddress
import time

from django.conf import settings
from django.contrib.auth import middleware as auth_middleware
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import patch_cache_control
from django.utils.http import parse_header_parameters

# Where a session keeps the time (seconds since the epoch) it was last saved by this middleware.
REFRESHED_AT = "_refreshed_at"


class SlidingSessionExpiryMiddleware:
    """Signs people out after SESSION_COOKIE_AGE seconds of inactivity without writing the
    session on every request.

    Saving a session moves its expiry SESSION_COOKIE_AGE ahead. A request that read the session
    (every signed-in page does) marks it for saving if it was last saved SESSION_REFRESH_INTERVAL
    seconds ago or more, so a session in use is written at most about once a minute and expires
    between SESSION_COOKIE_AGE - SESSION_REFRESH_INTERVAL and SESSION_COOKIE_AGE seconds after
    its last use. A request that never read the session (such as /healthz) leaves it alone,
    so it cannot fail on the session while the database is away. Goes after SessionMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.interval = getattr(settings, "SESSION_REFRESH_INTERVAL", 60)

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.accessed or session.is_empty():
            return response
        now = int(time.time())
        refreshed_at = session.get(REFRESHED_AT)
        stale = not isinstance(refreshed_at, int) or now - refreshed_at >= self.interval
        if stale or session.modified:
            session[REFRESHED_AT] = now  # marks the session modified: SessionMiddleware saves it
        return response


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, asking the view before the user: a view that needs no
    login (such as /healthz) is let through without reading the session or the user, so it
    costs no queries for them and still answers while the database is away."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


# --------------------------------------------------------------------------------------------
# Proxies, probes and requests no view should see


def client_address(request) -> str:
    """The client's IP address. Behind TRUSTED_PROXY_COUNT reverse proxies, each of which
    appends the address it was called from to X-Forwarded-For (nginx's
    $proxy_add_x_forwarded_for), it is the TRUSTED_PROXY_COUNT-th entry from the right: entries
    further left were sent by the client and may be forged. With no trusted proxies, the
    address that connected (REMOTE_ADDR). Also django-axes' AXES_CLIENT_IP_CALLABLE."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if not forwarded:
        return remote
    candidate = forwarded[-count] if len(forwarded) >= count else forwarded[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


class HealthCheckMiddleware:
    """Answers GET /healthz before anything else looks at the request: no host check (a load
    balancer probes by IP address, which ALLOWED_HOSTS does not list), no session, no login.
    The answer says only whether the database answers, whatever the Host header says. First in
    MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz" and request.method in ("GET", "HEAD"):
            from core.views import healthz

            return healthz(request)
        return self.get_response(request)


def _ascii_compatible(charset: str) -> bool:
    try:
        return "name=value&x=1".encode(charset) == b"name=value&x=1"
    except (LookupError, UnicodeError):
        return False


def _refusal(request, template, status, **context):
    # Rendered without context processors: no session or user has been read yet.
    body = loader.get_template(template).render({"service_name": "Improvement tracker", **context})
    return HttpResponse(body, status=status)


class RequestGuardMiddleware:
    """Before sessions, CSRF or any view:

    - behind TRUSTED_PROXY_COUNT proxies, REMOTE_ADDR becomes the client's address
      (`client_address`), so logs, throttling and lockouts see the person, not the proxy;
    - a body larger than MAX_REQUEST_BODY_SIZE is refused (413) from its Content-Length,
      before it is read;
    - 400 for what no page can answer: a NUL byte in the path or the query string, a digit
      that is not 0 to 9 in a query value (`?programme=²`), a form posted in a character set
      that is not ASCII-compatible (UTF-16)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(settings, "TRUSTED_PROXY_COUNT", 0) > 0:
            request.META["REMOTE_ADDR"] = client_address(request)
        refusal = self.refusal(request)
        if refusal is not None:
            return refusal
        return self.get_response(request)

    def refusal(self, request):
        length = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(length)
        except ValueError:
            return _refusal(request, "400.html", 400)
        if length > settings.MAX_REQUEST_BODY_SIZE:
            limit = settings.MAX_DOCUMENT_SIZE // (1024 * 1024)
            return _refusal(request, "413.html", 413, limit_mb=limit)
        if "\x00" in request.path:
            return _refusal(request, "400.html", 400)
        for key, values in request.GET.lists():
            for text in (key, *values):
                if "\x00" in text or any(c.isdigit() and not c.isascii() for c in text):
                    return _refusal(request, "400.html", 400)
        _, params = parse_header_parameters(request.META.get("CONTENT_TYPE", ""))
        charset = params.get("charset")
        if charset and not _ascii_compatible(charset):
            return _refusal(request, "400.html", 400)
        return None


class PrivateResponseMiddleware:
    """Every response to a signed-in person, and every download, is `Cache-Control: private,
    no-store`: no shared cache or browser history keeps a council's private pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        download = "attachment" in response.get("Content-Disposition", "")
        if signed_in or download:
            patch_cache_control(response, private=True, no_store=True)
            response.headers.pop("Expires", None)
        return response
