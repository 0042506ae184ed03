from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView

from core.filters import LocalAuthorityFilter
from core.forms import PasswordChangeForm, SignInForm
from core.middleware import client_address
from core.models import LocalAuthority


@login_not_required
@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not. No login needed."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "not answering"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


FAVICON = settings.BASE_DIR / "static" / "images" / "favicon.ico"


@login_not_required
@require_safe
def favicon(request):
    """/favicon.ico, which some clients ask for directly: the service's own icon (not the crown,
    which only GOV.UK services may use), cached for a day."""
    response = HttpResponse(FAVICON.read_bytes(), content_type="image/vnd.microsoft.icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


class HomeView(TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["own_local_authority"] = self.request.user.local_authority
        return context


class LocalAuthorityListView(ListView):
    model = LocalAuthority
    template_name = "core/localauthority_list.html"
    context_object_name = "local_authorities"

    def get_queryset(self):
        self.filterset = LocalAuthorityFilter(
            self.request.GET or None, queryset=LocalAuthority.objects.all()
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        return context


class LocalAuthorityDetailView(DetailView):
    template_name = "core/localauthority_detail.html"
    context_object_name = "local_authority"

    def get_object(self, queryset=None):
        return get_object_or_404(
            LocalAuthority.objects.with_neighbours(), dfe_code=self.kwargs["dfe_code"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        la = self.object
        context["neighbours"] = la.ordered_neighbours()
        context["can_see_private"] = self.request.user.can_see_local_authority_data(la.pk)
        return context


class AccessibilityStatementView(TemplateView):
    template_name = "core/accessibility.html"


def sign_in_attempt_allowed(request) -> bool:
    """Counts a sign-in attempt from the client's address in the shared cache; False once the
    address has made more than LOGIN_ATTEMPTS_PER_ADDRESS in LOGIN_RATE_WINDOW seconds.
    Checked before any password is hashed, and locks no account."""
    key = f"sign-in-attempts:{client_address(request)}"
    window = settings.LOGIN_RATE_WINDOW
    cache.add(key, 0, timeout=window)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        attempts = 1
    return attempts <= settings.LOGIN_ATTEMPTS_PER_ADDRESS


class SignInView(auth_views.LoginView):
    form_class = SignInForm

    def post(self, request, *args, **kwargs):
        if not sign_in_attempt_allowed(request):
            minutes = max(1, settings.LOGIN_RATE_WINDOW // 60)
            return render(
                request, "registration/too_many_attempts.html", {"minutes": minutes}, status=429
            )
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
