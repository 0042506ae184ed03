from django.urls import path

from inspections import views

app_name = "inspections"

# Deliberately parallel to the other apps' lists (core/urls.py, indicators/urls.py and the
# others): each app owns its routes and names.
urlpatterns = [
    path("inspections/", views.InspectionListView.as_view(), name="list"),
    path("inspections/new/", views.InspectionEntryView.as_view(), name="create"),
    path(
        "inspections/new/<slug:draft>/<slug:step>/",
        views.InspectionEntryView.as_view(),
        name="create-step",
    ),
    path("inspections/national/", views.NationalOverviewView.as_view(), name="national"),
    path("inspections/<int:pk>/", views.InspectionDetailView.as_view(), name="detail"),
    path("inspections/<int:pk>/edit/", views.InspectionEntryView.as_view(), name="edit"),
    path(
        "inspections/<int:pk>/edit/judgements/",
        views.InspectionEntryView.as_view(),
        {"step": "judgements"},
        name="edit-judgements",
    ),
    path(
        "inspections/<int:pk>/edit/<slug:draft>/<slug:step>/",
        views.InspectionEntryView.as_view(),
        name="edit-step",
    ),
    path(
        "local-authorities/<str:dfe_code>/inspections/",
        views.LocalAuthorityInspectionsView.as_view(),
        name="la-history",
    ),
]
