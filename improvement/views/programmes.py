"""A council's improvement programmes: the list (or the one programme), its page, starting
and changing one."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from core.access import CouncilFromUrlMixin, ScopedObjectMixin
from core.edit_views import StaleEditFormMixin
from improvement import forms, services
from improvement.models import BoardMeeting, Programme
from improvement.views.access import PROGRAMME_DENIED, ProgrammeChangeMixin, administers


class LocalAuthorityProgrammeView(CouncilFromUrlMixin, ListView):
    """The council's programme, or a list when it has several (or none yet). The list is
    cached under the council's data version (`cache_content`) and read lazily: a cache hit
    reads only whether there is one programme or more."""

    template_name = "improvement/programme_list.html"
    context_object_name = "programmes"
    council_data_is_private = True

    def dispatch(self, request, *args, **kwargs):
        # A page to read: any other method is refused (405) before the council is looked up,
        # as on the programme's own page.
        if request.method.lower() not in ("get", "head", "options"):
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            Programme.objects.visible_to(self.request.user)
            .for_local_authority(self.local_authority)
            .order_by("-start_date", "pk")
        )

    def get(self, request, *args, **kwargs):
        programmes = self.get_queryset()
        first_two = list(programmes.values_list("pk", flat=True)[:2])
        if len(first_two) == 1:
            return redirect("improvement:programme-detail", pk=first_two[0])
        # Built and read on a cache miss only: building the figures' query alone takes a few ms.
        self.object_list = SimpleLazyObject(lambda: list(programmes.with_figures()))
        return self.render_to_response(self.get_context_data())

    def get_template_names(self):
        # Only the template named: ListView would also look at the list's model, reading it.
        return [self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_administer=self.request.user.can_administer_local_authority(
                self.local_authority.pk
            ),
            **kwargs,
        )


def own_programme(request):
    """The signed-in user's own council's programme page (or the list of its programmes)."""
    local_authority = request.user.local_authority
    if local_authority is None:
        return redirect("core:la-list")
    return redirect("improvement:la-programme", dfe_code=local_authority.dfe_code)


class ProgrammeCreateView(CouncilFromUrlMixin, StaleEditFormMixin, CreateView):
    form_class = forms.ProgrammeForm
    template_name = "improvement/programme_form.html"
    success_message = "The programme has been created."
    council_data_is_private = True
    permission_denied_message = "Only administrators can start a programme."

    def may_use_council(self, local_authority) -> bool:
        return self.request.user.can_administer_local_authority(local_authority.pk)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "local_authority": self.local_authority}

    def form_council(self):
        return self.local_authority

    def save(self, form):
        return services.create_programme(
            by=self.request.user,
            local_authority=self.local_authority,
            inspections=form.cleaned_data["inspections"],
            **form.model_changes(),
        )

    def page_context(self):
        return {
            "page_title": "Start an improvement programme",
            "caption": self.local_authority.name,
            "back_url": reverse("improvement:la-programme", args=[self.local_authority.dfe_code]),
            "submit_label": "Start the programme",
        }


class ProgrammeUpdateView(ProgrammeChangeMixin, StaleEditFormMixin, UpdateView):
    queryset = Programme.objects.select_related("local_authority")
    form_class = forms.ProgrammeForm
    template_name = "improvement/programme_form.html"
    success_message = "The programme has been updated."
    permission_denied_message = PROGRAMME_DENIED

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "local_authority": self.object.local_authority}

    def form_council(self):
        return self.object.local_authority

    def save(self, form):
        return services.update_programme(
            programme=self.object,
            by=self.request.user,
            changes=form.model_changes(),
            seen_version=form.cleaned_data["version"],
            inspections=form.cleaned_data["inspections"],
        )

    def page_context(self):
        return {
            "page_title": "Change programme details",
            "caption": self.object.title,
            "back_url": self.object.get_absolute_url(),
        }


class ProgrammeDetailView(ScopedObjectMixin, DetailView):
    """The programme page. Its content is cached under the council's data version
    (`cache_content`), so what it shows is read lazily: a cache hit runs none of it."""

    template_name = "improvement/programme_detail.html"
    context_object_name = "programme"

    def get_queryset(self):
        return Programme.objects.select_related("local_authority")

    def get_context_data(self, **kwargs):
        programme = self.object
        full = SimpleLazyObject(
            lambda: Programme.objects.with_theme_summaries().get(pk=programme.pk)
        )
        return super().get_context_data(
            page_programme=full,
            themes=SimpleLazyObject(lambda: list(full.themes.all())),
            can_administer=administers(self.request.user, programme),
            next_meeting=SimpleLazyObject(
                lambda: (
                    BoardMeeting.objects.filter(programme=programme)
                    .upcoming()
                    .with_themes()
                    .first()
                )
            ),
            **kwargs,
        )
