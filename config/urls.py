from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from core import views as core_views

# The site's own pages, then each app's list. Alike in shape to the apps' lists (core/urls.py,
# inspections/urls.py and the others) on purpose: each app owns its routes and names.
urlpatterns = [
    path("", core_views.HomeView.as_view(), name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path(
        "accessibility/",
        login_not_required(core_views.AccessibilityStatementView.as_view()),
        name="accessibility",
    ),
    path("accounts/login/", core_views.SignInView.as_view(), name="login"),
    path(
        "accounts/password_change/",
        core_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    # Django's sign-out and "password changed" pages. No public password reset: a person who
    # has forgotten their password asks their council's administrator to set a new one
    # (core.users.services.reset_password: a single-use link by email).
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
    path("", include("core.urls")),
    path("", include("inspections.urls")),
    path("", include("improvement.urls")),
    path("", include("workforce.urls")),
    path("", include("indicators.urls")),
    path("", include("scrutiny.urls")),
    path("", include("search.urls")),
]

handler404 = "core.errors.not_found"
handler500 = "core.errors.server_error"
handler403 = "core.errors.permission_denied"
