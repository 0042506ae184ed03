from django.urls import include, path

from improvement import views

app_name = "improvement"

urlpatterns = [
    path("", include("improvement.plan_urls")),
    path(
        "local-authorities/<str:dfe_code>/programme/",
        views.LocalAuthorityProgrammeView.as_view(),
        name="la-programme",
    ),
    path(
        "local-authorities/<str:dfe_code>/programme/new/",
        views.ProgrammeCreateView.as_view(),
        name="programme-create",
    ),
    path("programmes/<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("programmes/<int:pk>/edit/", views.ProgrammeUpdateView.as_view(), name="programme-edit"),
    path("programmes/<int:pk>/themes/new/", views.ThemeCreateView.as_view(), name="theme-create"),
    path("programmes/<int:pk>/board/", views.BoardView.as_view(), name="board"),
    path("programmes/<int:pk>/board/rota/", views.BuildRotaView.as_view(), name="build-rota"),
    path(
        "programmes/<int:programme_pk>/board/new/",
        views.BoardMeetingCreateView.as_view(),
        name="meeting-create",
    ),
    path("programmes/<int:pk>/evidence/", views.EvidenceListView.as_view(), name="evidence-list"),
    path(
        "programmes/<int:programme_pk>/evidence/new/",
        views.EvidenceCreateView.as_view(),
        name="evidence-create",
    ),
    path(
        "programmes/<int:pk>/achievements.csv",
        views.AchievementCsvView.as_view(),
        name="achievements-csv",
    ),
    path("programmes/<int:pk>/evidence.csv", views.EvidenceCsvView.as_view(), name="evidence-csv"),
    path("themes/<int:pk>/", views.ThemeDetailView.as_view(), name="theme-detail"),
    path("themes/<int:pk>/history/", views.ThemeHistoryView.as_view(), name="theme-history"),
    path("themes/<int:pk>/edit/", views.ThemeUpdateView.as_view(), name="theme-edit"),
    path("themes/<int:pk>/rag/", views.ThemeRagChangeView.as_view(), name="theme-rag"),
    path(
        "themes/<int:pk>/updates/new/",
        views.ProgressUpdateCreateView.as_view(),
        name="update-create",
    ),
    path("themes/<int:pk>/pid/", views.PidDownloadView.as_view(), name="theme-pid"),
    path(
        "themes/<int:theme_pk>/achievements/new/",
        views.AchievementCreateView.as_view(),
        name="achievement-create",
    ),
    path(
        "achievements/<int:pk>/edit/",
        views.AchievementUpdateView.as_view(),
        name="achievement-edit",
    ),
    path(
        "themes/<int:theme_pk>/next-steps/new/",
        views.NextStepCreateView.as_view(),
        name="next-step-create",
    ),
    path("next-steps/<int:pk>/edit/", views.NextStepUpdateView.as_view(), name="next-step-edit"),
    path(
        "next-steps/<int:pk>/complete/",
        views.NextStepCompleteView.as_view(),
        name="next-step-complete",
    ),
    path("my-work/", views.MyWorkView.as_view(), name="my-work"),
    path("my-programme/", views.own_programme, name="own-programme"),
    path("board-meetings/<int:pk>/", views.BoardMeetingDetailView.as_view(), name="meeting-detail"),
    path(
        "board-meetings/<int:pk>/edit/", views.BoardMeetingUpdateView.as_view(), name="meeting-edit"
    ),
    path("evidence/<int:pk>/", views.EvidenceDetailView.as_view(), name="evidence-detail"),
    path("evidence/<int:pk>/edit/", views.EvidenceUpdateView.as_view(), name="evidence-edit"),
]
