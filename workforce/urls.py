from django.urls import path

from workforce import views

app_name = "workforce"

LA = "local-authorities/<str:dfe_code>/workforce/"

# Deliberately parallel to the other apps' lists (scrutiny/urls.py, indicators/urls.py and the
# others): each app owns its routes and names.
urlpatterns = [
    path(LA, views.LocalAuthorityWorkforceView.as_view(), name="la-workforce"),
    path(f"{LA}observations/", views.ObservationListView.as_view(), name="observation-list"),
    path(
        f"{LA}observations/new/",
        views.ObservationCreateView.as_view(),
        name="observation-create",
    ),
    path(
        f"{LA}observations/<int:pk>/",
        views.ObservationDetailView.as_view(),
        name="observation-detail",
    ),
    path(
        f"{LA}observations/<int:pk>/edit/",
        views.ObservationUpdateView.as_view(),
        name="observation-update",
    ),
    path(f"{LA}<slug:metric_slug>.csv", views.MetricCsvView.as_view(), name="la-metric-csv"),
    path("workforce/national/", views.NationalTableView.as_view(), name="national"),
    path("workforce/metrics/", views.MetricListView.as_view(), name="metric-list"),
    path("workforce/metrics/new/", views.MetricCreateView.as_view(), name="metric-create"),
]
