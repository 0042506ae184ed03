"""Pages of the action plan: an action's page (dates and every revision, milestones, notes,
RAG and how it is worked out), changing a due date and approving the change, recording
progress, milestones, undoing mistakes, the exception report and the next-steps CSV.

Reads come through `visible_to(user)` (another council's action is a 404); changes need the
theme's lead or an administrator (403 otherwise); approving a date needs an administrator."""

from operator import attrgetter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Prefetch, Subquery
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.views.generic import FormView, TemplateView

from core.access import access_object
from core.edit_views import StaleEditFormMixin, add_validation_error
from core.editing import StaleEdit
from core.exports import CsvExportView
from core.forms import cleaned_values
from improvement import plan, plan_forms, plan_services
from improvement.filters import ActionFilter
from improvement.models import (
    Achievement,
    ActionNote,
    DueDateChange,
    Finding,
    Milestone,
    NextStep,
    Programme,
    Theme,
)
from improvement.views.access import programme_for
from improvement.views.action_lists import (
    ACTION,
    DUE,
    OWNER,
    RAG,
    STATUS,
    THEME,
    Column,
    FilteredActionsView,
)


def may_edit_theme_of(user, item) -> bool:
    """The theme's leads and the council's administrators (and platform administrators)."""
    return Theme.objects.editable_by(user).filter(pk=item.theme_id).exists()


def may_administer(user, programme) -> bool:
    return user.can_administer_local_authority(programme.local_authority_id)


STEP_RELATED = ("theme", "theme__programme", "theme__programme__local_authority", "owner")


def step_for(request, pk, *, change=False):
    return access_object(
        NextStep.objects.select_related(*STEP_RELATED),
        user=request.user,
        pk=pk,
        may=may_edit_theme_of if change else None,
        denied_message="Only the theme's leads and administrators can change this action.",
    )


# --------------------------------------------------------------------------------------------
# An action's page


def action_with_plan(pk):
    """The action with everything its page shows: its plan figures, due date changes,
    milestones, notes and achievements."""
    return (
        plan.with_plan(NextStep.objects.select_related(*STEP_RELATED))
        .prefetch_related(
            Prefetch(
                "due_date_changes",
                queryset=DueDateChange.objects.select_related("requested_by", "decided_by"),
            ),
            "milestones",
            Prefetch("notes", queryset=ActionNote.objects.select_related("author")),
            "achievements",
        )
        .get(pk=pk)
    )


class ActionDetailView(TemplateView):
    """An action's page. Its content is cached under the council's data version
    (`cache_content`): the view fetches only the action (to check the reader may see it) and
    hands the full plan lazily, so a cache hit reads none of it."""

    template_name = "improvement/action_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        step = step_for(self.request, self.kwargs["pk"])
        programme = step.theme.programme
        full = SimpleLazyObject(lambda: action_with_plan(step.pk))
        return super().get_context_data(
            step=step,
            page_step=full,
            theme=step.theme,
            programme=programme,
            can_edit=SimpleLazyObject(lambda: may_edit_theme_of(user, step)),
            can_administer=may_administer(user, programme),
            rag_rule=plan.RAG_RULE,
            **kwargs,
        )


class ActionFormMixin(StaleEditFormMixin):
    """A change page of one action, for its theme's leads and administrators. The pages built
    on it (due date, progress, milestones) are deliberately alike: each declares its own form,
    template, wording and service call."""

    def dispatch(self, request, *args, **kwargs):
        self.step = step_for(request, kwargs["pk"], change=True)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.step}

    def form_council(self):
        return self.step.theme.programme.local_authority

    def page_context(self):
        return {
            "step": self.step,
            "caption": self.step.label,
            "back_url": self.step_url(),
        }

    def step_url(self):
        return plan_url(self.step)

    def get_success_url_for(self, saved):
        return self.step_url()


def plan_url(step):
    return reverse("improvement:action-detail", kwargs={"pk": step.pk})


class DueDateChangeView(ActionFormMixin, FormView):
    form_class = plan_forms.DueDateChangeForm
    template_name = "improvement/due_date_change_form.html"

    def page_context(self):
        return {
            **super().page_context(),
            "page_title": "Change the due date",
            "submit_label": "Change the due date",
            "needs_approval": plan_services.needs_approval(self.step, self.request.user),
            "due_sentence": plan.due_sentence(self.step),
        }

    def save(self, form):
        return plan_services.change_due_date(
            next_step=self.step,
            by=self.request.user,
            new_date=form.cleaned_data["new_date"],
            reason=form.cleaned_data["reason"],
            seen_version=form.cleaned_data["version"],
        )

    def get_success_message(self, saved):
        if saved.decision == DueDateChange.Decision.PENDING:
            return (
                "The new due date is waiting for an administrator's approval; until then the "
                "current date stands."
            )
        return "The due date is changed."


class DueDateDecisionView(StaleEditFormMixin, FormView):
    form_class = plan_forms.DecisionForm
    template_name = "improvement/due_date_decision_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.change = access_object(
            DueDateChange.objects.with_step().select_related("requested_by"),
            user=request.user,
            pk=kwargs["pk"],
            may=lambda user, change: may_administer(user, change.next_step.theme.programme),
            denied_message="Only administrators can approve a new due date.",
        )
        return super().dispatch(request, *args, **kwargs)

    def page_context(self):
        step = self.change.next_step
        return {
            "change": self.change,
            "step": step,
            "page_title": "Approve the new due date",
            "caption": step.label,
            "back_url": plan_url(step),
            "submit_label": "Save the decision",
        }

    def save(self, form):
        return plan_services.decide_due_date_change(
            change=self.change, by=self.request.user, approve=form.cleaned_data["decision"]
        )

    def get_success_message(self, saved):
        if saved.decision == DueDateChange.Decision.APPROVED:
            return "The new due date is approved."
        return "The new due date is not approved: the current date stands."

    def get_success_url_for(self, saved):
        return plan_url(self.change.next_step)


class ProgressView(ActionFormMixin, FormView):
    form_class = plan_forms.ProgressForm
    template_name = "improvement/action_progress_form.html"

    def page_context(self):
        return {
            **super().page_context(),
            "page_title": "Record progress",
            "submit_label": "Save progress",
            "rag_rule": plan.RAG_RULE,
        }

    def save(self, form):
        return plan_services.record_progress(
            next_step=self.step,
            by=self.request.user,
            seen_version=form.cleaned_data["version"],
            **cleaned_values(
                form, "status", "text", "as_at", "rag_override", "rag_override_reason"
            ),
        )

    def get_success_message(self, saved):
        return f"Progress saved: the action is {saved.get_status_display().lower()}."


class MilestoneCreateView(ActionFormMixin, FormView):
    form_class = plan_forms.MilestoneForm
    template_name = "improvement/milestone_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Milestone(next_step=self.step)
        return kwargs

    def page_context(self):
        return {**super().page_context(), "page_title": "Add a milestone"}

    def save(self, form):
        return plan_services.add_milestone(
            next_step=self.step, by=self.request.user, **form.model_changes()
        )

    def get_success_message(self, saved):
        return f"Milestone ‘{saved.title}’ added."


class MilestoneUpdateView(ActionFormMixin, FormView):
    form_class = plan_forms.MilestoneForm
    template_name = "improvement/milestone_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.milestone = access_object(
            Milestone.objects.with_step(),
            user=request.user,
            pk=kwargs["pk"],
            may=lambda user, milestone: may_edit_theme_of(user, milestone.next_step),
            denied_message="Only the theme's leads and administrators can change this.",
        )
        self.step = self.milestone.next_step
        return super(ActionFormMixin, self).dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super(ActionFormMixin, self).get_form_kwargs(), "instance": self.milestone}

    def page_context(self):
        return {
            **super().page_context(),
            "page_title": "Change a milestone",
            "title_detail": self.milestone.title,
        }

    def save(self, form):
        return plan_services.update_milestone(
            milestone=self.milestone,
            by=self.request.user,
            data=form.cleaned_data,
            seen_version=form.cleaned_data["version"],
        )

    def get_success_message(self, saved):
        return f"Milestone ‘{saved.title}’ saved."


# --------------------------------------------------------------------------------------------
# Undoing mistakes


class ConfirmView(FormView):
    """A confirmation page: the button does it, the link goes back."""

    form_class = plan_forms.ConfirmForm
    template_name = "improvement/confirm.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.item}

    def form_valid(self, form):
        if not form.cleaned_data["confirm"]:
            return redirect(self.page_context()["back_url"])
        try:
            self.act(form.cleaned_data["version"])
        except StaleEdit as stale:
            form.add_error(None, stale.message)
            return self.form_invalid(form)
        except ValidationError as error:
            add_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.done_message)
        return redirect(self.done_url)

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.item, **self.page_context(), **kwargs)


class DeleteItemView(ConfirmView):
    """Deleting a next step or an achievement recorded in error; back to its theme after. The
    two subclasses are deliberately alike: each gives only what differs (its noun, warning,
    how the item is fetched, the page to go back to and the delete service)."""

    noun = ""  # "next step": in the title and the message
    warning = ""

    def get_item(self, request, pk):
        raise NotImplementedError

    def back_url(self):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        self.item = self.get_item(request, kwargs["pk"])
        self.done_url = self.item.theme.get_absolute_url()
        self.done_message = f"{self.noun.capitalize()} ‘{self.item.label}’ deleted."
        return super().dispatch(request, *args, **kwargs)

    def page_context(self):
        return {
            "page_title": f"Delete this {self.noun}?",
            "caption": f"{self.item.label} ({self.item.theme.title})",
            "back_url": self.back_url(),
            "warning": self.warning,
            "submit_label": "Continue",
            "danger": True,
        }


class NextStepDeleteView(DeleteItemView):
    noun = "next step"
    warning = (
        "Delete it only if it was created in error. Its milestones, notes and due date changes "
        "go with it; the history keeps a record that you deleted it."
    )

    def get_item(self, request, pk):
        return step_for(request, pk, change=True)

    def back_url(self):
        return plan_url(self.item)

    def act(self, version):
        plan_services.delete_next_step(
            next_step=self.item, by=self.request.user, seen_version=version
        )


class AchievementDeleteView(DeleteItemView):
    noun = "achievement"
    warning = (
        "Delete it only if it was recorded in error; the history keeps a record that you "
        "deleted it."
    )

    def get_item(self, request, pk):
        return access_object(
            AchievementScope(),
            user=request.user,
            pk=pk,
            may=may_edit_theme_of,
            denied_message="Only the theme's leads and administrators can change this.",
        )

    def back_url(self):
        return self.item.get_absolute_url()

    def act(self, version):
        plan_services.delete_achievement(
            achievement=self.item, by=self.request.user, seen_version=version
        )


class AchievementScope:
    """Achievements, private to their council (for `access_object`)."""

    def visible_to(self, user):
        return Achievement.objects.filter(
            theme__programme__in=Programme.objects.visible_to(user)
        ).select_related("theme", "theme__programme")


class NextStepReopenView(ConfirmView):
    def dispatch(self, request, *args, **kwargs):
        self.item = step_for(request, kwargs["pk"], change=True)
        self.done_url = plan_url(self.item)
        self.done_message = f"‘{self.item.label}’ is open again."
        return super().dispatch(request, *args, **kwargs)

    def page_context(self):
        achievement = self.item.achievements.first()
        warning = "Reopen it only if it was marked done by mistake: it will be on track again."
        if achievement:
            warning += f" The achievement ‘{achievement.label}’ recorded from it is deleted."
        return {
            "page_title": "Reopen this next step?",
            "caption": self.item.label,
            "back_url": plan_url(self.item),
            "warning": warning,
            "submit_label": "Continue",
            "danger": False,
        }

    def act(self, version):
        plan_services.reopen_next_step(
            next_step=self.item, by=self.request.user, seen_version=version
        )


# --------------------------------------------------------------------------------------------
# The exception report and downloads


class ExceptionReportView(FilteredActionsView):
    template_name = "improvement/exception_report.html"
    columns = (
        ACTION,
        THEME,
        Column("Why it is here", "", lambda step: "; ".join(step.reasons)),
        RAG,
        OWNER,
        DUE,
        Column("Latest note", "", attrgetter("latest_note_text")),
    )

    def setup_page(self):
        self.programme = programme_for(self.request, self.kwargs["pk"])

    def prepare(self):
        self.report = plan.exception_report(self.programme, refine=self.filter_actions)
        return lambda: self.report.rows

    def download_filename(self):
        return f"{self.programme.local_authority.name} exception report"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            programme=self.programme,
            report=SimpleLazyObject(lambda: (self.read_rows, self.report)[1]),
            rag_rule=plan.RAG_RULE,
            **kwargs,
        )


class NextStepListView(FilteredActionsView):
    """A programme's next steps, to filter, sort and download."""

    template_name = "improvement/next_step_list.html"
    columns = (ACTION, THEME, OWNER, DUE, STATUS, RAG)

    def setup_page(self):
        self.programme = programme_for(self.request, self.kwargs["pk"])

    def base_queryset(self):
        return (
            plan.with_plan(NextStep.objects.filter(theme__programme=self.programme))
            .select_related("theme", "owner")
            .order_by("theme__order", "theme__pk", "order", "pk")
        )

    def download_filename(self):
        return f"{self.programme.local_authority.name} next steps"

    def get_context_data(self, **kwargs):
        return super().get_context_data(programme=self.programme, rag_rule=plan.RAG_RULE, **kwargs)


# The columns of an action's due-date revisions, in both downloads below.
REVISION_HEADER = [
    "Original due",
    "Current due",
    "Times moved",
    "Slip in days",
    "Reason for the latest change",
]


def revision_cells(step) -> list:
    return [
        step.original_due_date,
        step.due_date,
        step.times_moved,
        plan.slip_days(step),
        step.latest_change_reason,
    ]


class PlanCsvView(CsvExportView):
    """A download of one programme's actions, `<council>-<name>.csv`. The programme is fetched
    on GET, so another method is refused (405) before it is looked up."""

    name = ""

    def get(self, request, *args, **kwargs):
        self.programme = programme_for(request, kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_filename(self):
        return f"{slugify(self.programme.local_authority.name)}-{self.name}.csv"


class ExceptionCsvView(PlanCsvView):
    name = "exception-report"
    header = [
        "Theme",
        "Action",
        "Owner",
        "Why it is here",
        "Status",
        "RAG",
        *REVISION_HEADER,
        "Completed on",
        "Latest note",
        "Note as at",
        "Next step id",
    ]

    def rows(self):
        for step in plan.exception_report(self.programme).rows:
            yield [
                step.theme.title,
                step.label,
                plan.owner_label(step),
                "; ".join(step.reasons),
                step.get_status_display(),
                step.rag.title(),
                *revision_cells(step),
                step.completed_on,
                step.latest_note_text,
                step.latest_note_as_at,
                step.pk,
            ]


class NextStepCsvView(PlanCsvView):
    name = "next-steps"
    header = [
        "Theme",
        "Label",
        "Next step",
        "Owner",
        "Due",
        "Status",
        "Overdue",
        "Completed on",
        "RAG",
        *REVISION_HEADER,
        "Done late",
        "% complete",
        "Next step id",
    ]

    def rows(self):
        today = timezone.localdate()
        latest_change = DueDateChange.objects.filter(
            next_step=OuterRef("pk"), decision=DueDateChange.Decision.APPROVED
        ).order_by("-requested_at", "-pk")
        steps = ActionFilter(
            self.request.GET or None,
            queryset=plan.with_plan(NextStep.objects.filter(theme__programme=self.programme))
            .annotate(latest_change_reason=Subquery(latest_change.values("reason")[:1]))
            .select_related("theme", "owner")
            .order_by("theme__order", "theme__pk", "order", "pk"),
        ).qs
        for step in steps:
            yield [
                step.theme.title,
                step.label,
                step.text,
                plan.owner_label(step),
                step.due_date,
                step.get_status_display(),
                "Overdue" if step.is_overdue(today) else "",
                step.completed_on,
                step.rag.title(),
                *revision_cells(step),
                "Done late" if step.is_done_late else "",
                step.percent_complete,
                step.pk,
            ]


# --------------------------------------------------------------------------------------------
# Findings


class FindingListView(TemplateView):
    template_name = "improvement/finding_list.html"

    def get_context_data(self, **kwargs):
        programme = programme_for(self.request, self.kwargs["pk"])
        findings = plan.findings(programme)
        return super().get_context_data(
            programme=programme,
            findings=findings,
            unanswered=sum(1 for finding in findings if not finding.answering),
            can_administer=may_administer(self.request.user, programme),
            **kwargs,
        )


class FindingFormView(StaleEditFormMixin, FormView):
    """Add a finding (`programme_pk` in the URL) or change one (`pk`): administrators."""

    form_class = plan_forms.FindingForm
    template_name = "improvement/finding_form.html"

    def dispatch(self, request, *args, **kwargs):
        def may(user, obj):
            return may_administer(user, getattr(obj, "programme", obj))

        if "programme_pk" in kwargs:
            self.finding = None
            self.programme = access_object(
                Programme.objects.select_related("local_authority"),
                user=request.user,
                pk=kwargs["programme_pk"],
                may=may,
                denied_message="Only administrators can record findings.",
            )
        else:
            self.finding = access_object(
                Finding.objects.select_related("programme", "programme__local_authority"),
                user=request.user,
                pk=kwargs["pk"],
                may=may,
                denied_message="Only administrators can change findings.",
            )
            self.programme = self.finding.programme
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "programme": self.programme}
        if self.finding is not None:
            kwargs["instance"] = self.finding
        return kwargs

    def form_council(self):
        # Its choices (the programme's inspections and every action) are the council's data.
        return self.programme.local_authority

    def page_context(self):
        return {
            "page_title": "Add a finding" if self.finding is None else "Change a finding",
            "title_detail": str(self.finding) if self.finding else "",
            "caption": self.programme.title,
            "back_url": reverse("improvement:findings", kwargs={"pk": self.programme.pk}),
        }

    def save(self, form):
        data = {**form.model_changes(), "actions": form.cleaned_data["actions"]}
        data.pop("programme", None)
        if self.finding is None:
            data.pop("version", None)
            return plan_services.add_finding(programme=self.programme, by=self.request.user, **data)
        return plan_services.update_finding(
            finding=self.finding,
            by=self.request.user,
            data=data,
            seen_version=form.cleaned_data["version"],
        )

    def get_success_message(self, saved):
        return "Finding saved."
