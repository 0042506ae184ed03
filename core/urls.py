from django.urls import path

from core import views
from core.users import views as user_views

app_name = "core"

# Deliberately parallel to the other apps' lists (inspections/urls.py, indicators/urls.py and
# the others): each app owns its routes and names. The user pages repeat one pattern per action,
# one row each, so every name and view reads plainly.
urlpatterns = [
    path("local-authorities/", views.LocalAuthorityListView.as_view(), name="la-list"),
    path(
        "local-authorities/<str:dfe_code>/",
        views.LocalAuthorityDetailView.as_view(),
        name="la-detail",
    ),
    # Council user management (core.users)
    path("users/", user_views.own_users, name="own-users"),
    path(
        "local-authorities/<str:dfe_code>/users/",
        user_views.UserListView.as_view(),
        name="user-list",
    ),
    path(
        "local-authorities/<str:dfe_code>/users/invite/",
        user_views.InviteView.as_view(),
        name="user-invite",
    ),
    path("users/<int:pk>/", user_views.UserDetailView.as_view(), name="user-detail"),
    path("users/<int:pk>/roles/", user_views.RolesView.as_view(), name="user-roles"),
    path(
        "users/<int:pk>/deactivate/",
        user_views.DeactivateView.as_view(),
        name="user-deactivate",
    ),
    path(
        "users/<int:pk>/reactivate/",
        user_views.ReactivateView.as_view(),
        name="user-reactivate",
    ),
    path(
        "users/<int:pk>/invite-again/",
        user_views.InviteAgainView.as_view(),
        name="user-invite-again",
    ),
    path(
        "users/<int:pk>/reset-password/",
        user_views.ResetPasswordView.as_view(),
        name="user-reset-password",
    ),
    path(
        "accounts/invitation/<uidb64>/<token>/",
        user_views.SetPasswordView.as_view(),
        name="set-password",
    ),
]
