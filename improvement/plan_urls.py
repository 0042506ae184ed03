"""Pages of the action plan (improvement.views.plan), included by improvement.urls."""

from django.urls import path

from improvement.views import plan as plan_views

urlpatterns = [
    path("next-steps/<int:pk>/", plan_views.ActionDetailView.as_view(), name="action-detail"),
    path(
        "next-steps/<int:pk>/due-date/",
        plan_views.DueDateChangeView.as_view(),
        name="action-due-date",
    ),
    path(
        "due-date-changes/<int:pk>/decide/",
        plan_views.DueDateDecisionView.as_view(),
        name="due-date-decision",
    ),
    path(
        "next-steps/<int:pk>/progress/", plan_views.ProgressView.as_view(), name="action-progress"
    ),
    path(
        "next-steps/<int:pk>/milestones/new/",
        plan_views.MilestoneCreateView.as_view(),
        name="milestone-create",
    ),
    path(
        "milestones/<int:pk>/edit/", plan_views.MilestoneUpdateView.as_view(), name="milestone-edit"
    ),
    path(
        "next-steps/<int:pk>/delete/",
        plan_views.NextStepDeleteView.as_view(),
        name="next-step-delete",
    ),
    path(
        "next-steps/<int:pk>/reopen/",
        plan_views.NextStepReopenView.as_view(),
        name="next-step-reopen",
    ),
    path(
        "achievements/<int:pk>/delete/",
        plan_views.AchievementDeleteView.as_view(),
        name="achievement-delete",
    ),
    path(
        "programmes/<int:pk>/exceptions/",
        plan_views.ExceptionReportView.as_view(),
        name="exception-report",
    ),
    path(
        "programmes/<int:pk>/exceptions.csv",
        plan_views.ExceptionCsvView.as_view(),
        name="exception-report-csv",
    ),
    path("programmes/<int:pk>/findings/", plan_views.FindingListView.as_view(), name="findings"),
    path(
        "programmes/<int:programme_pk>/findings/new/",
        plan_views.FindingFormView.as_view(),
        name="finding-create",
    ),
    path("findings/<int:pk>/edit/", plan_views.FindingFormView.as_view(), name="finding-edit"),
    path(
        "programmes/<int:pk>/next-steps/",
        plan_views.NextStepListView.as_view(),
        name="next-step-list",
    ),
    path(
        "programmes/<int:pk>/next-steps.csv",
        plan_views.NextStepCsvView.as_view(),
        name="next-steps-csv",
    ),
]
