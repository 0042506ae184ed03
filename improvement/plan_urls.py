"""Pages of the action plan (improvement.views.plan), included by improvement.urls: one row of
(route, class-based view, URL name) a page, as there."""

from django.urls import path

from improvement.views import plan as plan_views

PAGES = [
    ("next-steps/<int:pk>/", plan_views.ActionDetailView, "action-detail"),
    ("next-steps/<int:pk>/due-date/", plan_views.DueDateChangeView, "action-due-date"),
    ("due-date-changes/<int:pk>/decide/", plan_views.DueDateDecisionView, "due-date-decision"),
    ("next-steps/<int:pk>/progress/", plan_views.ProgressView, "action-progress"),
    ("next-steps/<int:pk>/milestones/new/", plan_views.MilestoneCreateView, "milestone-create"),
    ("milestones/<int:pk>/edit/", plan_views.MilestoneUpdateView, "milestone-edit"),
    ("next-steps/<int:pk>/delete/", plan_views.NextStepDeleteView, "next-step-delete"),
    ("next-steps/<int:pk>/reopen/", plan_views.NextStepReopenView, "next-step-reopen"),
    ("achievements/<int:pk>/delete/", plan_views.AchievementDeleteView, "achievement-delete"),
    ("programmes/<int:pk>/exceptions/", plan_views.ExceptionReportView, "exception-report"),
    ("programmes/<int:pk>/exceptions.csv", plan_views.ExceptionCsvView, "exception-report-csv"),
    ("programmes/<int:pk>/findings/", plan_views.FindingListView, "findings"),
    ("programmes/<int:programme_pk>/findings/new/", plan_views.FindingFormView, "finding-create"),
    ("findings/<int:pk>/edit/", plan_views.FindingFormView, "finding-edit"),
    ("programmes/<int:pk>/next-steps/", plan_views.NextStepListView, "next-step-list"),
    ("programmes/<int:pk>/next-steps.csv", plan_views.NextStepCsvView, "next-steps-csv"),
]

urlpatterns = [path(route, view.as_view(), name=name) for route, view, name in PAGES]
