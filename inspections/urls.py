from django.urls import path

from inspections import views

app_name = "inspections"

urlpatterns = [
    path("inspections/", views.InspectionListView.as_view(), name="list"),
    path("inspections/new/", views.InspectionEntryView.as_view(), name="create"),
    path("inspections/national/", views.NationalOverviewView.as_view(), name="national"),
    path("inspections/<int:pk>/", views.InspectionDetailView.as_view(), name="detail"),
    path("inspections/<int:pk>/edit/", views.InspectionEntryView.as_view(), name="edit"),
    path(
        "local-authorities/<str:dfe_code>/inspections/",
        views.LocalAuthorityInspectionsView.as_view(),
        name="la-history",
    ),
]
