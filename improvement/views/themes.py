"""A theme's page and history, adding and changing a theme, its RAG status, its progress log
and its project initiation document."""

import os

from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.views.generic import CreateView, DetailView, FormView, UpdateView

from core.access import ScopedObjectMixin
from core.edit_views import StaleEditFormMixin
from improvement import forms, services
from improvement.history import theme_history
from improvement.models import BoardMeeting, EvidenceItem, ProgressUpdate, RagChange, Theme
from improvement.views.access import (
    ProgrammeFromUrlMixin,
    ThemeChangeMixin,
    administers,
    may_edit_theme,
)

HISTORY_ON_THEME_PAGE = 30
UPDATES_ON_THEME_PAGE = 20


class ThemePage:
    """What the theme page shows, read only when its cached content is rendered afresh."""

    def __init__(self, pk, *, every_update=False):
        self.pk = pk
        self.every_update = every_update

    @cached_property
    def theme(self):
        return (
            Theme.objects.with_progress_tables()
            .prefetch_related(
                Prefetch("rag_changes", queryset=RagChange.objects.select_related("changed_by")),
                Prefetch(
                    "evidence_items",
                    queryset=EvidenceItem.objects.select_related("kind").order_by("date", "pk"),
                ),
                Prefetch("agenda_items__meeting", queryset=BoardMeeting.objects.all()),
            )
            .get(pk=self.pk)
        )

    @cached_property
    def updates(self):
        """The latest progress updates, newest first (every one when asked for)."""
        updates = ProgressUpdate.objects.filter(theme=self.pk).select_related("author")
        return list(updates if self.every_update else updates[:UPDATES_ON_THEME_PAGE])

    @cached_property
    def update_count(self):
        if self.every_update or len(self.updates) < UPDATES_ON_THEME_PAGE:
            return len(self.updates)
        return ProgressUpdate.objects.filter(theme=self.pk).count()

    @cached_property
    def full_history(self):
        return theme_history(self.theme)

    @cached_property
    def history(self):
        return self.full_history[:HISTORY_ON_THEME_PAGE]

    @cached_property
    def history_count(self):
        return len(self.full_history)

    @cached_property
    def meetings(self):
        return sorted(
            (item.meeting for item in self.theme.agenda_items.all()), key=lambda m: m.date
        )


class ThemeDetailView(ScopedObjectMixin, DetailView):
    """The theme page. Its content is cached under the council's data version
    (`cache_content`); `ThemePage` reads what it shows only on a miss."""

    template_name = "improvement/theme_detail.html"
    context_object_name = "theme"

    def get_queryset(self):
        return Theme.objects.select_related("programme__local_authority")

    def get_context_data(self, **kwargs):
        theme = self.object
        return super().get_context_data(
            can_edit=may_edit_theme(self.request.user, theme),
            today=timezone.localdate(),
            page=ThemePage(theme.pk, every_update=self.request.GET.get("updates") == "all"),
            **kwargs,
        )


class ThemeHistoryView(ScopedObjectMixin, DetailView):
    """Every recorded change to the theme and its items, newest first. Cached under the
    council's data version (`cache_content`): the history is read lazily, on a miss only."""

    template_name = "improvement/theme_history.html"
    context_object_name = "theme"
    queryset = Theme.objects.select_related("programme", "programme__local_authority")

    def get_context_data(self, **kwargs):
        theme = self.object
        return super().get_context_data(
            history=SimpleLazyObject(lambda: theme_history(theme)), **kwargs
        )


class ThemeCreateView(ProgrammeFromUrlMixin, StaleEditFormMixin, CreateView):
    form_class = forms.ThemeForm
    template_name = "improvement/theme_form.html"
    success_message = "The theme has been added."
    to_change = True

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(programme=self.programme, can_choose_leads=True)
        kwargs["initial"] = {"order": self.programme.themes.count() + 1}
        return kwargs

    def save(self, form):
        return services.create_theme(
            programme=self.programme,
            by=self.request.user,
            leads=form.cleaned_data.get("leads", []),
            recommendations=form.cleaned_data.get("recommendations", []),
            **form.model_changes(),
        )

    def form_council(self):
        return self.programme.local_authority

    def page_context(self):
        return {
            "page_title": "Add a theme",
            "caption": self.programme.title,
            "back_url": self.programme.get_absolute_url(),
            "submit_label": "Add the theme",
        }


class ThemeUpdateView(ThemeChangeMixin, StaleEditFormMixin, UpdateView):
    queryset = Theme.objects.select_related("programme", "programme__local_authority")
    form_class = forms.ThemeForm
    template_name = "improvement/theme_form.html"
    success_message = "The theme has been updated."

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "programme": self.object.programme,
            "can_choose_leads": administers(self.request.user, self.object.programme),
        }

    def save(self, form):
        changes = form.model_changes()
        if not changes.get("pid_file") and self.object.pid_file:
            changes.pop("pid_file", None)  # no new upload: keep the document
        return services.update_theme(
            theme=self.object,
            by=self.request.user,
            changes=changes,
            seen_version=form.cleaned_data["version"],
            leads=form.cleaned_data.get("leads") if "leads" in form.fields else None,
            recommendations=form.cleaned_data.get("recommendations"),
        )

    def form_council(self):
        return self.object.programme.local_authority

    def page_context(self):
        return {
            "page_title": "Change theme details",
            "caption": self.object.title,
            "back_url": self.object.get_absolute_url(),
        }


class EditableThemeFormMixin(ThemeChangeMixin, StaleEditFormMixin):
    """A form about a theme the user may change, fetched in `dispatch` as `self.theme`."""

    model = Theme

    def dispatch(self, request, *args, **kwargs):
        self.theme = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Theme.objects.select_related("programme", "programme__local_authority")

    def form_council(self):
        return self.theme.programme.local_authority

    def page_context(self):
        return {
            "theme": self.theme,
            "caption": self.theme.title,
            "back_url": self.theme.get_absolute_url(),
        }


class ThemeRagChangeView(EditableThemeFormMixin, FormView):
    form_class = forms.RagChangeForm
    template_name = "improvement/rag_change_form.html"

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

    def page_context(self):
        return {
            **super().page_context(),
            "page_title": "Change the RAG status",
            "submit_label": "Change the RAG status",
        }


class ProgressUpdateCreateView(EditableThemeFormMixin, FormView):
    form_class = forms.ProgressUpdateForm
    template_name = "improvement/progress_update_form.html"
    success_message = "Your update has been added."

    def save(self, form):
        return services.add_progress_update(
            theme=self.theme, by=self.request.user, text=form.cleaned_data["text"]
        )

    def get_success_url_for(self, saved) -> str:
        # The newest update leads the theme page's latest ones: no need for every update.
        return f"{self.theme.get_absolute_url()}#update-{saved.pk}"

    def page_context(self):
        return {
            **super().page_context(),
            "page_title": "Add a progress update",
            "submit_label": "Add the update",
        }


class PidDownloadView(ScopedObjectMixin, DetailView):
    """The theme's project initiation document, only to readers of its programme."""

    model = Theme

    def get(self, request, *args, **kwargs):
        theme = self.get_object()
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
