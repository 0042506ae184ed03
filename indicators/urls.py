from django.urls import path

from indicators import views

app_name = "indicators"

LA = "local-authorities/<str:dfe_code>/indicators/"

# Deliberately parallel to the other apps' lists (scrutiny/urls.py, inspections/urls.py and the
# others): each app owns its routes and names.
urlpatterns = [
    path(LA, views.CouncilIndicatorsView.as_view(), name="council"),
    path(f"{LA}scorecard/", views.ScorecardView.as_view(), name="scorecard"),
    path(f"{LA}scorecard/edit/", views.ScorecardEditView.as_view(), name="scorecard-edit"),
    path(f"{LA}own-measures/new/", views.OwnMeasureCreateView.as_view(), name="own-measure-create"),
    path(f"{LA}targets/new/", views.TargetCreateView.as_view(), name="target-create"),
    path(f"{LA}local-figures/new/", views.LocalValueCreateView.as_view(), name="local-create"),
    path(
        f"{LA}local-figures/template.csv",
        views.LocalCsvTemplateView.as_view(),
        name="local-template",
    ),
    path(f"{LA}local-figures/import/", views.LocalCsvImportView.as_view(), name="local-import"),
    path(f"{LA}<slug:slug>/", views.CouncilMeasureView.as_view(), name="la-measure"),
    path(f"{LA}<slug:slug>.csv", views.CouncilMeasureCsvView.as_view(), name="la-measure-csv"),
    path(
        "indicators/themes/<int:theme_pk>/measures/",
        views.ThemeMeasuresEditView.as_view(),
        name="theme-measures",
    ),
    path("indicators/national/", views.NationalTableView.as_view(), name="national"),
    path("indicators/measures/<slug:slug>/", views.MeasureView.as_view(), name="measure"),
]
