"""Pages of improvement programmes. Reads start from `visible_to(request.user)` (another LA's
record is a 404); edits check `can_edit_theme` / `can_administer_programme` (read-only roles
get a 403); writes go through improvement.services."""

import csv
import datetime
import os

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.text import slugify
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView
from django_filters.views import FilterView

from core.models import LocalAuthority
from improvement import forms, services
from improvement.filters import EvidenceFilter, NextStepFilter
from improvement.history import theme_history
from improvement.models import (
    Achievement,
    BoardMeeting,
    EvidenceItem,
    NextStep,
    Programme,
    ProgressUpdate,
    RagChange,
    Theme,
)
from improvement.services import StaleEdit

HISTORY_ON_THEME_PAGE = 30


# --------------------------------------------------------------------------------------------
# Who may do what


def can_administer_programme(user, programme) -> bool:
    return user.can_administer_local_authority(programme.local_authority_id)


def can_edit_theme(user, theme) -> bool:
    """Administrators of the theme's LA (and platform administrators), and the theme's leads."""
    if can_administer_programme(user, theme.programme):
        return True
    return (
        user.is_improvement_lead
        and user.local_authority_id == theme.programme.local_authority_id
        and any(lead.pk == user.pk for lead in theme.leads.all())
    )


def visible_programme(user, pk, queryset=None):
    return get_object_or_404((queryset or Programme.objects).visible_to(user), pk=pk)


def administered_programme(user, pk, queryset=None):
    programme = visible_programme(user, pk, queryset)
    if not can_administer_programme(user, programme):
        raise PermissionDenied("Only administrators can change the programme.")
    return programme


def editable_theme(user, pk):
    theme = get_object_or_404(
        Theme.objects.visible_to(user)
        .select_related("programme", "programme__local_authority")
        .prefetch_related("leads"),
        pk=pk,
    )
    if not can_edit_theme(user, theme):
        raise PermissionDenied("Only the theme's leads and administrators can change it.")
    return theme


# --------------------------------------------------------------------------------------------
# Shared behaviour of edit forms


def _readable(value):
    if isinstance(value, datetime.date):
        return format_date(value, "j F Y")
    if isinstance(value, FieldFile):
        return os.path.basename(value.name) if value else ""
    return value


class StaleAwareFormMixin:
    """Calls `self.save(form)`; a stale save is refused with who changed it and when, their
    saved version shown beside the editor's, whose typed input stays in the form."""

    success_message = "Saved."

    def save(self, form):
        raise NotImplementedError

    def stale_instance(self):
        return None

    def form_valid(self, form):
        try:
            saved = self.save(form)
        except StaleEdit as stale:
            return self.stale_response(form, stale)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message(saved))
        return redirect(self.get_success_url_for(saved))

    def get_success_message(self, saved):
        return self.success_message

    def page_context(self) -> dict:
        """page_title, caption, back_url and submit_label for the form page."""
        return {}

    def get_context_data(self, **kwargs):
        return {**self.page_context(), **super().get_context_data(**kwargs)}

    def stale_response(self, form, stale):
        form.add_error(None, stale.message)
        data = form.data.copy()
        data["version"] = str(stale.current.version)
        form.data = data
        comparison = []
        for name, bound in form.fields.items():
            if name == "version":
                continue
            theirs = getattr(stale.current, name, None)
            if hasattr(theirs, "all"):
                theirs = "; ".join(str(item) for item in theirs.all())
            display = getattr(stale.current, f"get_{name}_display", None)
            if display:
                theirs = display()
            yours = form.cleaned_data.get(name)
            if hasattr(yours, "__iter__") and not isinstance(yours, str):
                yours = "; ".join(str(item) for item in yours)
            elif hasattr(bound, "choices") and yours is not None and not hasattr(yours, "pk"):
                yours = dict(bound.choices).get(yours, yours)
            comparison.append(
                (
                    bound.label or name.replace("_", " ").capitalize(),
                    _readable(theirs),
                    _readable(yours),
                )
            )
        context = self.get_context_data(form=form, stale=stale, comparison=comparison)
        return self.render_to_response(context, status=409)


# --------------------------------------------------------------------------------------------
# Programmes


class LocalAuthorityProgrammeView(ListView):
    """The LA's programme, or a list when it has several (or none yet)."""

    template_name = "improvement/programme_list.html"
    context_object_name = "programmes"

    def get_queryset(self):
        self.local_authority = get_object_or_404(LocalAuthority, dfe_code=self.kwargs["dfe_code"])
        if not self.request.user.can_see_local_authority_data(self.local_authority.pk):
            raise Http404("No programme visible")
        return (
            Programme.objects.visible_to(self.request.user)
            .for_local_authority(self.local_authority)
            .with_theme_summaries()
            .order_by("-start_date", "pk")
        )

    def get(self, request, *args, **kwargs):
        programmes = list(self.get_queryset())
        if len(programmes) == 1:
            return redirect(programmes[0])
        self.object_list = programmes
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["local_authority"] = self.local_authority
        context["can_administer"] = self.request.user.can_administer_local_authority(
            self.local_authority.pk
        )
        return context


def own_programme(request):
    """The signed-in user's own LA's programme page (or the list of its programmes)."""
    local_authority = request.user.local_authority
    if local_authority is None:
        return redirect("core:la-list")
    return redirect("improvement:la-programme", dfe_code=local_authority.dfe_code)


class ProgrammeCreateView(StaleAwareFormMixin, FormView):
    form_class = forms.ProgrammeForm
    template_name = "improvement/programme_form.html"
    success_message = "The programme has been created."

    def dispatch(self, request, *args, **kwargs):
        self.local_authority = get_object_or_404(LocalAuthority, dfe_code=kwargs["dfe_code"])
        if not request.user.can_see_local_authority_data(self.local_authority.pk):
            raise Http404("No such local authority programme")
        if not request.user.can_administer_local_authority(self.local_authority.pk):
            raise PermissionDenied("Only administrators can start a programme.")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "local_authority": self.local_authority}

    def save(self, form):
        data = form.model_changes()
        data.pop("local_authority", None)
        return services.create_programme(
            by=self.request.user,
            local_authority=self.local_authority,
            inspections=form.cleaned_data["inspections"],
            **data,
        )

    def get_success_url_for(self, saved):
        return saved.get_absolute_url()

    def page_context(self):
        return {
            "page_title": "Start an improvement programme",
            "caption": self.local_authority.name,
            "back_url": reverse("improvement:la-programme", args=[self.local_authority.dfe_code]),
            "submit_label": "Start the programme",
        }


class ProgrammeUpdateView(StaleAwareFormMixin, FormView):
    form_class = forms.ProgrammeForm
    template_name = "improvement/programme_form.html"
    success_message = "The programme has been updated."

    def dispatch(self, request, *args, **kwargs):
        self.programme = administered_programme(
            request.user, kwargs["pk"], Programme.objects.select_related("local_authority")
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.programme,
            "local_authority": self.programme.local_authority,
        }

    def save(self, form):
        changes = form.model_changes()
        changes.pop("local_authority", None)
        return services.update_programme(
            programme=self.programme,
            by=self.request.user,
            changes=changes,
            seen_version=form.cleaned_data["version"],
            inspections=form.cleaned_data["inspections"],
        )

    def get_success_url_for(self, saved):
        return saved.get_absolute_url()

    def page_context(self):
        return {
            "page_title": "Change programme details",
            "caption": self.programme.title,
            "back_url": self.programme.get_absolute_url(),
        }


class ProgrammeDetailView(DetailView):
    template_name = "improvement/programme_detail.html"
    context_object_name = "programme"

    def get_queryset(self):
        return Programme.objects.visible_to(self.request.user).with_theme_summaries()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme = self.object
        user = self.request.user
        themes = list(programme.themes.all())
        context["themes"] = themes
        context["can_administer"] = can_administer_programme(user, programme)
        context["editable_theme_ids"] = {t.pk for t in themes if can_edit_theme(user, t)}
        context["next_meeting"] = (
            BoardMeeting.objects.filter(programme=programme).upcoming().with_themes().first()
        )
        return context


# --------------------------------------------------------------------------------------------
# Themes


class ThemeDetailView(DetailView):
    template_name = "improvement/theme_detail.html"
    context_object_name = "theme"

    def get_queryset(self):
        return (
            Theme.objects.visible_to(self.request.user)
            .with_progress_tables()
            .prefetch_related(
                Prefetch("updates", queryset=ProgressUpdate.objects.select_related("author")),
                Prefetch("rag_changes", queryset=RagChange.objects.select_related("changed_by")),
                Prefetch("evidence_items", queryset=EvidenceItem.objects.order_by("date", "pk")),
                Prefetch(
                    "agenda_items__meeting",
                    queryset=BoardMeeting.objects.all(),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        theme = self.object
        history = theme_history(theme)
        context.update(
            can_edit=can_edit_theme(self.request.user, theme),
            today=timezone.localdate(),
            history=history[:HISTORY_ON_THEME_PAGE],
            history_count=len(history),
            meetings=sorted(
                (item.meeting for item in theme.agenda_items.all()), key=lambda m: m.date
            ),
        )
        return context


class ThemeHistoryView(DetailView):
    template_name = "improvement/theme_history.html"
    context_object_name = "theme"

    def get_queryset(self):
        return Theme.objects.visible_to(self.request.user).select_related(
            "programme", "programme__local_authority"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(history=theme_history(self.object), **kwargs)


class ThemeCreateView(StaleAwareFormMixin, FormView):
    form_class = forms.ThemeForm
    template_name = "improvement/theme_form.html"
    success_message = "The theme has been added."

    def dispatch(self, request, *args, **kwargs):
        self.programme = administered_programme(
            request.user, kwargs["pk"], Programme.objects.select_related("local_authority")
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(programme=self.programme, can_choose_leads=True)
        kwargs["initial"] = {"order": self.programme.themes.count() + 1}
        return kwargs

    def save(self, form):
        data = form.model_changes()
        data.pop("programme", None)
        return services.create_theme(
            programme=self.programme,
            by=self.request.user,
            leads=form.cleaned_data.get("leads", []),
            recommendations=form.cleaned_data.get("recommendations", []),
            **data,
        )

    def get_success_url_for(self, saved):
        return saved.get_absolute_url()

    def page_context(self):
        return {
            "page_title": "Add a theme",
            "caption": self.programme.title,
            "back_url": self.programme.get_absolute_url(),
            "submit_label": "Add the theme",
        }


class ThemeUpdateView(StaleAwareFormMixin, FormView):
    form_class = forms.ThemeForm
    template_name = "improvement/theme_form.html"
    success_message = "The theme has been updated."

    def dispatch(self, request, *args, **kwargs):
        self.theme = editable_theme(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.theme,
            "programme": self.theme.programme,
            "can_choose_leads": can_administer_programme(self.request.user, self.theme.programme),
        }

    def save(self, form):
        changes = form.model_changes()
        changes.pop("programme", None)
        changes.pop("rag_status", None)
        if not changes.get("pid_file") and "pid_file" in changes and self.theme.pid_file:
            changes.pop("pid_file")
        return services.update_theme(
            theme=self.theme,
            by=self.request.user,
            changes=changes,
            seen_version=form.cleaned_data["version"],
            leads=form.cleaned_data.get("leads") if "leads" in form.fields else None,
            recommendations=form.cleaned_data.get("recommendations"),
        )

    def get_success_url_for(self, saved):
        return saved.get_absolute_url()

    def page_context(self):
        return {
            "page_title": "Change theme details",
            "caption": self.theme.title,
            "back_url": self.theme.get_absolute_url(),
        }


class ThemeRagChangeView(StaleAwareFormMixin, FormView):
    form_class = forms.RagChangeForm
    template_name = "improvement/rag_change_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.theme = editable_theme(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "theme": self.theme}

    def save(self, form):
        return services.change_rag(
            theme=self.theme,
            by=self.request.user,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            seen_version=form.cleaned_data["version"],
        )

    def get_success_message(self, saved):
        return f"The RAG status is now {saved.get_rag_status_display()}."

    def get_success_url_for(self, saved):
        return saved.get_absolute_url()

    def page_context(self):
        return {
            "theme": self.theme,
            "page_title": "Change the RAG status",
            "caption": self.theme.title,
            "back_url": self.theme.get_absolute_url(),
            "submit_label": "Change the RAG status",
        }


class ProgressUpdateCreateView(StaleAwareFormMixin, FormView):
    form_class = forms.ProgressUpdateForm
    template_name = "improvement/progress_update_form.html"
    success_message = "Your update has been added."

    def dispatch(self, request, *args, **kwargs):
        self.theme = editable_theme(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def save(self, form):
        return services.add_progress_update(
            theme=self.theme, by=self.request.user, text=form.cleaned_data["text"]
        )

    def get_success_url_for(self, saved):
        return saved.get_absolute_url()

    def page_context(self):
        return {
            "page_title": "Add a progress update",
            "caption": self.theme.title,
            "back_url": self.theme.get_absolute_url(),
            "submit_label": "Add the update",
        }


# --------------------------------------------------------------------------------------------
# Achievements and next steps


class ThemeItemFormMixin(StaleAwareFormMixin):
    """Create or edit an achievement or next step of a theme the user may edit."""

    model = None

    def dispatch(self, request, *args, **kwargs):
        if "theme_pk" in kwargs:
            self.item = None
            self.theme = editable_theme(request.user, kwargs["theme_pk"])
        else:
            self.item = get_object_or_404(
                self.model.objects.filter(
                    theme__programme__in=Programme.objects.visible_to(request.user)
                ),
                pk=kwargs["pk"],
            )
            self.theme = editable_theme(request.user, self.item.theme_id)
            self.item.theme = self.theme
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "theme": self.theme}
        if self.item is not None:
            kwargs["instance"] = self.item
        return kwargs

    def get_success_url_for(self, saved):
        return saved.get_absolute_url()

    noun = ""

    def page_context(self):
        return {
            "theme": self.theme,
            "item": self.item,
            "page_title": f"Add {self.noun}" if self.item is None else f"Change {self.noun}",
            "title_detail": self.item.label if self.item else "",
            "caption": self.theme.title,
            "back_url": self.theme.get_absolute_url(),
        }

    def fields_of(self, form):
        data = form.model_changes()
        data.pop("theme", None)
        return data


class AchievementFormView(ThemeItemFormMixin, FormView):
    model = Achievement
    noun = "an achievement"
    form_class = forms.AchievementForm
    template_name = "improvement/achievement_form.html"

    def save(self, form):
        if self.item is None:
            return services.add_achievement(
                theme=self.theme, by=self.request.user, **self.fields_of(form)
            )
        return services.update_achievement(
            achievement=self.item,
            by=self.request.user,
            changes=self.fields_of(form),
            seen_version=form.cleaned_data["version"],
        )

    def get_success_message(self, saved):
        return f"Achievement ‘{saved.label}’ saved."


class NextStepFormView(ThemeItemFormMixin, FormView):
    model = NextStep
    noun = "a next step"
    form_class = forms.NextStepForm
    template_name = "improvement/next_step_form.html"

    def save(self, form):
        if self.item is None:
            return services.add_next_step(
                theme=self.theme, by=self.request.user, **self.fields_of(form)
            )
        return services.update_next_step(
            next_step=self.item,
            by=self.request.user,
            changes=self.fields_of(form),
            seen_version=form.cleaned_data["version"],
        )

    def get_success_message(self, saved):
        return f"Next step ‘{saved.label}’ saved."


class NextStepCompleteView(ThemeItemFormMixin, FormView):
    """Mark a next step done and turn it into an achievement in one action."""

    model = NextStep
    form_class = forms.CompleteNextStepForm
    template_name = "improvement/next_step_complete.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("theme")
        kwargs.pop("instance", None)
        kwargs["next_step"] = self.item
        kwargs.setdefault("initial", {})["achieved_on"] = timezone.localdate()
        return kwargs

    def page_context(self):
        return {
            **super().page_context(),
            "page_title": "Mark done and record as an achievement",
            "submit_label": "Record the achievement",
        }

    def save(self, form):
        data = form.cleaned_data
        return services.complete_next_step_as_achievement(
            next_step=self.item,
            by=self.request.user,
            seen_version=data["version"],
            achieved_on=data["achieved_on"],
            label=data["label"],
            text=data["text"],
            evidence_link=data["evidence_link"],
            evidence=data["evidence"],
        )

    def get_success_message(self, saved):
        return f"‘{saved.label}’ is done and is now an achievement."


# --------------------------------------------------------------------------------------------
# My work


class MyWorkView(TemplateView):
    template_name = "improvement/my_work.html"
    nav_section = "my-work"

    def get_context_data(self, **kwargs):
        user = self.request.user
        themes = (
            Theme.objects.visible_to(user)
            .led_by(user)
            .with_counts()
            .select_related("programme", "programme__local_authority")
            .order_by("programme__title", "order")
        )
        mine = NextStep.objects.filter(Q(owner=user) | Q(theme__leads=user)).values("pk")
        steps = (
            NextStep.objects.visible_to(user).open().filter(pk__in=mine).with_theme().by_due_date()
        )
        return super().get_context_data(
            themes=themes, next_steps=steps, today=timezone.localdate(), **kwargs
        )


# --------------------------------------------------------------------------------------------
# The board


class BoardView(DetailView):
    """The programme's board meetings and what each reviews; administrators build the rota."""

    template_name = "improvement/board.html"
    context_object_name = "programme"

    def get_queryset(self):
        return Programme.objects.visible_to(self.request.user).select_related("local_authority")

    def get_context_data(self, **kwargs):
        programme = self.object
        meetings = list(BoardMeeting.objects.filter(programme=programme).with_themes())
        today = timezone.localdate()
        can_administer = can_administer_programme(self.request.user, programme)
        return super().get_context_data(
            upcoming=[m for m in meetings if m.date >= today],
            past=[m for m in reversed(meetings) if m.date < today],
            can_administer=can_administer,
            rota_form=forms.RotaForm() if can_administer else None,
            **kwargs,
        )


class BuildRotaView(FormView):
    form_class = forms.RotaForm
    template_name = "improvement/rota_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.programme = administered_programme(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            meetings = services.build_board_rota(
                programme=self.programme,
                by=self.request.user,
                start=data["start"],
                every_n_weeks=data["every_n_weeks"],
                count=data["count"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"The rota has {len(meetings)} meeting{'s' if len(meetings) != 1 else ''}, "
            f"{self.programme.themes_per_meeting} theme"
            f"{'s' if self.programme.themes_per_meeting != 1 else ''} at each.",
        )
        return redirect("improvement:board", pk=self.programme.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title="Build the board rota",
            caption=self.programme.title,
            back_url=reverse("improvement:board", args=[self.programme.pk]),
            submit_label="Build the rota",
            **kwargs,
        )


class BoardMeetingDetailView(DetailView):
    """The board pack: the meeting's themes with RAG, updates, achievements and next steps."""

    template_name = "improvement/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return BoardMeeting.objects.visible_to(self.request.user).with_packs()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            today=timezone.localdate(),
            can_administer=can_administer_programme(self.request.user, self.object.programme),
            **kwargs,
        )


class BoardMeetingFormView(StaleAwareFormMixin, FormView):
    form_class = forms.BoardMeetingForm
    template_name = "improvement/meeting_form.html"

    def dispatch(self, request, *args, **kwargs):
        if "programme_pk" in kwargs:
            self.meeting = None
            self.programme = administered_programme(request.user, kwargs["programme_pk"])
        else:
            self.meeting = get_object_or_404(
                BoardMeeting.objects.visible_to(request.user).select_related("programme"),
                pk=kwargs["pk"],
            )
            self.programme = administered_programme(request.user, self.meeting.programme_id)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "programme": self.programme}
        if self.meeting is not None:
            kwargs["instance"] = self.meeting
        return kwargs

    def save(self, form):
        data = form.cleaned_data
        changes = {"date": data["date"], "notes": data["notes"]}
        if self.meeting is None:
            meeting = BoardMeeting(programme=self.programme, **changes)
            meeting = services._save(meeting, self.request.user)
            return services.update_meeting(
                meeting=meeting,
                by=self.request.user,
                changes={},
                seen_version=None,
                themes=data["themes"],
            )
        return services.update_meeting(
            meeting=self.meeting,
            by=self.request.user,
            changes=changes,
            seen_version=data["version"],
            themes=data["themes"],
        )

    def get_success_message(self, saved):
        return "The meeting has been saved."

    def get_success_url_for(self, saved):
        return saved.get_absolute_url()

    def page_context(self):
        return {
            "page_title": "Add a board meeting" if self.meeting is None else "Change the meeting",
            "title_detail": format_date(self.meeting.date, "j F Y") if self.meeting else "",
            "caption": self.programme.title,
            "back_url": self.meeting.get_absolute_url()
            if self.meeting
            else reverse("improvement:board", args=[self.programme.pk]),
        }


# --------------------------------------------------------------------------------------------
# Evaluation evidence


class ProgrammeScopedMixin:
    """Views under /programmes/<pk>/ that any reader of the programme may see."""

    def dispatch(self, request, *args, **kwargs):
        self.programme = visible_programme(
            request.user, kwargs["pk"], Programme.objects.select_related("local_authority")
        )
        return super().dispatch(request, *args, **kwargs)


class EvidenceListView(ProgrammeScopedMixin, FilterView):
    filterset_class = EvidenceFilter
    template_name = "improvement/evidence_list.html"
    context_object_name = "evidence_items"
    paginate_by = 50

    def get_queryset(self):
        return (
            EvidenceItem.objects.filter(programme=self.programme)
            .with_themes()
            .prefetch_related("achievements")
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["programme"] = self.programme
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            programme=self.programme,
            can_administer=can_administer_programme(self.request.user, self.programme),
            query_string=self.request.GET.urlencode(),
            **kwargs,
        )


class EvidenceDetailView(DetailView):
    template_name = "improvement/evidence_detail.html"
    context_object_name = "evidence"

    def get_queryset(self):
        return (
            EvidenceItem.objects.visible_to(self.request.user)
            .select_related("programme", "programme__local_authority")
            .prefetch_related("themes", "achievements__theme")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_administer=can_administer_programme(self.request.user, self.object.programme),
            **kwargs,
        )


class EvidenceFormView(StaleAwareFormMixin, FormView):
    form_class = forms.EvidenceForm
    template_name = "improvement/evidence_form.html"

    def dispatch(self, request, *args, **kwargs):
        if "programme_pk" in kwargs:
            self.evidence = None
            self.programme = administered_programme(request.user, kwargs["programme_pk"])
        else:
            self.evidence = get_object_or_404(
                EvidenceItem.objects.visible_to(request.user), pk=kwargs["pk"]
            )
            self.programme = administered_programme(request.user, self.evidence.programme_id)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "programme": self.programme}
        if self.evidence is not None:
            kwargs["instance"] = self.evidence
        return kwargs

    def save(self, form):
        data = form.model_changes()
        data.pop("programme", None)
        if self.evidence is None:
            return services.add_evidence(
                programme=self.programme,
                by=self.request.user,
                themes=form.cleaned_data["themes"],
                **data,
            )
        return services.update_evidence(
            evidence=self.evidence,
            by=self.request.user,
            changes=data,
            seen_version=form.cleaned_data["version"],
            themes=form.cleaned_data["themes"],
        )

    def get_success_message(self, saved):
        return f"Evidence ‘{saved.title}’ saved."

    def get_success_url_for(self, saved):
        return saved.get_absolute_url()

    def page_context(self):
        return {
            "page_title": "Add evaluation evidence" if self.evidence is None else "Change evidence",
            "title_detail": self.evidence.title if self.evidence else "",
            "caption": self.programme.title,
            "back_url": self.evidence.get_absolute_url()
            if self.evidence
            else reverse("improvement:evidence-list", args=[self.programme.pk]),
        }


# --------------------------------------------------------------------------------------------
# CSV exports and the project initiation document


def _safe(value):
    """Stop spreadsheet programs treating a cell as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class CsvExportView(ProgrammeScopedMixin, View):
    name = ""
    header: list[str] = []

    def rows(self):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        filename = f"{slugify(self.programme.local_authority.name)}-{self.name}.csv"
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
        writer = csv.writer(response)
        writer.writerow(self.header)
        for row in self.rows():
            writer.writerow([_safe(cell) for cell in row])
        return response


class AchievementCsvView(CsvExportView):
    name = "achievements"
    header = [
        "Theme",
        "Label",
        "Achievement",
        "Achieved",
        "Evidence link",
        "Evaluation evidence",
        "From next step",
    ]

    def rows(self):
        achievements = (
            Achievement.objects.filter(theme__programme=self.programme)
            .select_related("theme", "evidence", "from_next_step")
            .order_by("theme__order", "theme__pk", "order", "pk")
        )
        for a in achievements:
            yield [
                a.theme.title,
                a.label,
                a.text,
                a.achieved_display,
                a.evidence_link,
                a.evidence.title if a.evidence else "",
                a.from_next_step.label if a.from_next_step else "",
            ]


class NextStepCsvView(CsvExportView):
    name = "next-steps"
    header = ["Theme", "Label", "Next step", "Owner", "Due", "Status", "Overdue", "Completed on"]

    def rows(self):
        today = timezone.localdate()
        self.filterset = NextStepFilter(
            self.request.GET or None,
            queryset=NextStep.objects.filter(theme__programme=self.programme)
            .select_related("theme", "owner")
            .order_by("theme__order", "theme__pk", "order", "pk"),
        )
        for step in self.filterset.qs:
            yield [
                step.theme.title,
                step.label,
                step.text,
                str(step.owner) if step.owner else "",
                step.due_display,
                step.get_status_display(),
                "Overdue" if step.is_overdue(today) else "",
                step.completed_on.isoformat() if step.completed_on else "",
            ]


class EvidenceCsvView(CsvExportView):
    name = "evidence"
    header = ["Type", "Title", "Date", "Summary", "Measure", "Value", "Link", "Themes"]

    def rows(self):
        filterset = EvidenceFilter(
            self.request.GET or None,
            queryset=EvidenceItem.objects.filter(programme=self.programme).with_themes(),
            programme=self.programme,
        )
        for item in filterset.qs:
            yield [
                item.get_kind_display(),
                item.title,
                item.date.isoformat() if item.date else "",
                item.summary,
                item.measure_label,
                item.measure_value if item.measure_value is not None else "",
                item.link,
                "; ".join(t.title for t in item.themes.all()),
            ]


class PidDownloadView(View):
    """The theme's project initiation document, only to readers of its programme."""

    def get(self, request, pk):
        theme = get_object_or_404(Theme.objects.visible_to(request.user), pk=pk)
        if not theme.pid_file:
            raise Http404("No project initiation document uploaded")
        try:
            handle = theme.pid_file.open("rb")
        except FileNotFoundError as missing:
            raise Http404("The document is missing") from missing
        response = FileResponse(
            handle, as_attachment=True, filename=os.path.basename(theme.pid_file.name)
        )
        response["Cache-Control"] = "private, no-store"
        return response
