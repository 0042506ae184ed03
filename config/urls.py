from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from core import views as core_views

urlpatterns = [
    path("", core_views.HomeView.as_view(), name="home"),
    path("healthz", core_views.healthz, name="healthz"),
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
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("core.urls")),
    path("", include("inspections.urls")),
    path("", include("improvement.urls")),
    path("", include("workforce.urls")),
    path("", include("indicators.urls")),
    path("", include("scrutiny.urls")),
]

handler404 = "core.errors.not_found"
handler500 = "core.errors.server_error"
handler403 = "core.errors.permission_denied"
