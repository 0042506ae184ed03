from django.urls import path

from scrutiny import views

app_name = "scrutiny"

LA = "local-authorities/<str:dfe_code>"

# Deliberately parallel to the other apps' lists (indicators/urls.py, workforce/urls.py and the
# others): each app owns its routes and names.
urlpatterns = [
    path(f"{LA}/summary/", views.LocalAuthoritySummaryView.as_view(), name="la-summary"),
    path(f"{LA}/summary/<slug:table>.csv", views.SummaryCsvView.as_view(), name="la-summary-csv"),
    path(f"{LA}/committee-papers/", views.PaperListView.as_view(), name="paper-list"),
    path(f"{LA}/committee-papers.csv", views.PaperCsvView.as_view(), name="paper-list-csv"),
    path(f"{LA}/committee-papers/new/", views.PaperFormView.as_view(), name="paper-create"),
    path(
        f"{LA}/committee-papers/draft.docx",
        views.PaperDraftDownloadView.as_view(),
        name="paper-draft",
    ),
    path(f"{LA}/committee-papers/<int:pk>/", views.PaperDetailView.as_view(), name="paper-detail"),
    path(
        f"{LA}/committee-papers/<int:pk>/since/",
        views.PaperSinceView.as_view(),
        name="paper-since",
    ),
    path(
        f"{LA}/committee-papers/<int:pk>/download/",
        views.PaperDownloadView.as_view(),
        name="paper-download",
    ),
    path("learning/", views.LearningView.as_view(), name="learning"),
    path("learning/journeys.csv", views.JourneyCsvView.as_view(), name="learning-journeys-csv"),
    path("learning/visits.csv", views.VisitCsvView.as_view(), name="learning-visits-csv"),
]
