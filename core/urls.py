from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("local-authorities/", views.LocalAuthorityListView.as_view(), name="la-list"),
    path(
        "local-authorities/<str:dfe_code>/",
        views.LocalAuthorityDetailView.as_view(),
        name="la-detail",
    ),
]
