"""The improvement board: its meetings, the rota that brings every theme round, and each
meeting's board pack."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.generic import CreateView, DetailView, FormView, UpdateView

from core.access import ScopedObjectMixin
from core.dates import long_date
from core.edit_views import StaleEditFormMixin
from core.forms import cleaned_values
from improvement import forms, services
from improvement.models import BoardMeeting, Programme
from improvement.views.access import ProgrammeChangeMixin, ProgrammeFromUrlMixin, administers


class BoardView(ScopedObjectMixin, DetailView):
    """The programme's board meetings and what each reviews; administrators build the rota.
    Its content is cached under the council's data version (`cache_content`): the meetings and
    the rota form are read lazily, so a cache hit reads none of them."""

    template_name = "improvement/board.html"
    context_object_name = "programme"
    queryset = Programme.objects.select_related("local_authority")

    def get_context_data(self, **kwargs):
        programme = self.object
        today = timezone.localdate()
        meetings = SimpleLazyObject(
            lambda: list(BoardMeeting.objects.filter(programme=programme).with_themes())
        )
        can_administer = administers(self.request.user, programme)
        return super().get_context_data(
            upcoming=SimpleLazyObject(lambda: [m for m in meetings if m.date >= today]),
            past=SimpleLazyObject(lambda: [m for m in meetings[::-1] if m.date < today]),
            can_administer=can_administer,
            rota_form=SimpleLazyObject(forms.RotaForm) if can_administer else None,
            **kwargs,
        )


class BuildRotaView(ProgrammeFromUrlMixin, FormView):
    form_class = forms.RotaForm
    template_name = "improvement/rota_form.html"
    to_change = True

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
        per_meeting = self.programme.themes_per_meeting
        messages.success(
            self.request,
            f"The rota has {len(meetings)} meeting{'s' if len(meetings) != 1 else ''}, "
            f"{per_meeting} theme{'s' if per_meeting != 1 else ''} at each.",
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


class BoardMeetingDetailView(ScopedObjectMixin, DetailView):
    """The board pack: the meeting's themes with RAG, updates, achievements and next steps.
    Its content is cached under the council's data version (`cache_content`): the view fetches
    only the meeting, and the pack is read lazily, so a cache hit reads none of it."""

    template_name = "improvement/meeting_detail.html"
    context_object_name = "meeting"
    queryset = BoardMeeting.objects.select_related("programme", "programme__local_authority")

    def get_context_data(self, **kwargs):
        pk = self.object.pk
        return super().get_context_data(
            pack=SimpleLazyObject(lambda: BoardMeeting.objects.with_packs().get(pk=pk)),
            today=timezone.localdate(),
            can_administer=administers(self.request.user, self.object.programme),
            **kwargs,
        )


class BoardMeetingCreateView(ProgrammeFromUrlMixin, StaleEditFormMixin, CreateView):
    form_class = forms.BoardMeetingForm
    template_name = "improvement/meeting_form.html"
    success_message = "The meeting has been saved."
    programme_kwarg = "programme_pk"
    to_change = True

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.programme}

    def form_council(self):
        return self.programme.local_authority

    def save(self, form):
        return services.create_meeting(
            programme=self.programme,
            by=self.request.user,
            **cleaned_values(form, "date", "notes", "themes"),
        )

    def page_context(self):
        return {
            "page_title": "Add a board meeting",
            "caption": self.programme.title,
            "back_url": reverse("improvement:board", args=[self.programme.pk]),
        }


class BoardMeetingUpdateView(ProgrammeChangeMixin, StaleEditFormMixin, UpdateView):
    queryset = BoardMeeting.objects.select_related("programme", "programme__local_authority")
    form_class = forms.BoardMeetingForm
    template_name = "improvement/meeting_form.html"
    success_message = "The meeting has been saved."

    def programme_of(self, obj):
        return obj.programme

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.object.programme}

    def form_council(self):
        return self.object.programme.local_authority

    def save(self, form):
        data = form.cleaned_data
        return services.update_meeting(
            meeting=self.object,
            by=self.request.user,
            changes=form.model_changes(),
            seen_version=data["version"],
            themes=data["themes"],
        )

    def page_context(self):
        return {
            "page_title": "Change the meeting",
            "title_detail": long_date(self.object.date),
            "caption": self.object.programme.title,
            "back_url": self.object.get_absolute_url(),
        }
