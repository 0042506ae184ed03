import time

from django.conf import settings
from django.contrib.auth import middleware as auth_middleware

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
