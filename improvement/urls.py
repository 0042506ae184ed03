"""The improvement pages: programmes, themes, their achievements and next steps, the board and
the evaluation evidence; the action plan's pages come from improvement.plan_urls.

Each page is one row of (route, class-based view, URL name), so the list reads as a table."""

from django.urls import include, path

from improvement import views

app_name = "improvement"

PAGES = [
    (
        "local-authorities/<str:dfe_code>/programme/",
        views.LocalAuthorityProgrammeView,
        "la-programme",
    ),
    (
        "local-authorities/<str:dfe_code>/programme/new/",
        views.ProgrammeCreateView,
        "programme-create",
    ),
    ("programmes/<int:pk>/", views.ProgrammeDetailView, "programme-detail"),
    ("programmes/<int:pk>/edit/", views.ProgrammeUpdateView, "programme-edit"),
    ("programmes/<int:pk>/themes/new/", views.ThemeCreateView, "theme-create"),
    ("programmes/<int:pk>/board/", views.BoardView, "board"),
    ("programmes/<int:pk>/board/rota/", views.BuildRotaView, "build-rota"),
    ("programmes/<int:programme_pk>/board/new/", views.BoardMeetingCreateView, "meeting-create"),
    ("programmes/<int:pk>/evidence/", views.EvidenceListView, "evidence-list"),
    ("programmes/<int:programme_pk>/evidence/new/", views.EvidenceCreateView, "evidence-create"),
    ("programmes/<int:pk>/achievements.csv", views.AchievementCsvView, "achievements-csv"),
    ("programmes/<int:pk>/evidence.csv", views.EvidenceCsvView, "evidence-csv"),
    ("themes/<int:pk>/", views.ThemeDetailView, "theme-detail"),
    ("themes/<int:pk>/history/", views.ThemeHistoryView, "theme-history"),
    ("themes/<int:pk>/edit/", views.ThemeUpdateView, "theme-edit"),
    ("themes/<int:pk>/rag/", views.ThemeRagChangeView, "theme-rag"),
    ("themes/<int:pk>/updates/new/", views.ProgressUpdateCreateView, "update-create"),
    ("themes/<int:pk>/pid/", views.PidDownloadView, "theme-pid"),
    ("themes/<int:theme_pk>/achievements/new/", views.AchievementCreateView, "achievement-create"),
    ("achievements/<int:pk>/edit/", views.AchievementUpdateView, "achievement-edit"),
    ("themes/<int:theme_pk>/next-steps/new/", views.NextStepCreateView, "next-step-create"),
    ("next-steps/<int:pk>/edit/", views.NextStepUpdateView, "next-step-edit"),
    ("next-steps/<int:pk>/complete/", views.NextStepCompleteView, "next-step-complete"),
    ("my-work/", views.MyWorkView, "my-work"),
    ("board-meetings/<int:pk>/", views.BoardMeetingDetailView, "meeting-detail"),
    ("board-meetings/<int:pk>/edit/", views.BoardMeetingUpdateView, "meeting-edit"),
    ("evidence/<int:pk>/", views.EvidenceDetailView, "evidence-detail"),
    ("evidence/<int:pk>/edit/", views.EvidenceUpdateView, "evidence-edit"),
]

urlpatterns = [
    path("", include("improvement.plan_urls")),
    *(path(route, view.as_view(), name=name) for route, view, name in PAGES),
    path("my-programme/", views.own_programme, name="own-programme"),
]
