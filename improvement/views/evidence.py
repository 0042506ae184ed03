"""The evaluation framework's evidence: the filtered list, each item, adding and changing."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView

from core.access import ScopedObjectMixin
from core.edit_views import StaleEditFormMixin
from improvement import forms, services
from improvement.filters import EvidenceFilter
from improvement.models import EvidenceItem
from improvement.views.access import ProgrammeChangeMixin, ProgrammeFromUrlMixin, administers


class EvidenceListView(ProgrammeFromUrlMixin, FilterView):
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
        return {**super().get_filterset_kwargs(filterset_class), "programme": self.programme}

    def get_paginate_by(self, queryset):
        return None  # paged lazily in get_context_data

    def get_context_data(self, **kwargs):
        # The list is cached under the council's and national versions (`cache_content`):
        # its page of items is read only when the content is rendered afresh.
        items = self.object_list
        page = SimpleLazyObject(lambda: self.paginate_queryset(items, self.paginate_by)[1])
        return super().get_context_data(
            can_administer=administers(self.request.user, self.programme),
            query_string=self.request.GET.urlencode(),
            page_obj=page,
            paginator=SimpleLazyObject(lambda: page.paginator),
            is_paginated=SimpleLazyObject(lambda: page.has_other_pages()),
            evidence_items=SimpleLazyObject(lambda: page.object_list),
            **kwargs,
        )


class EvidenceDetailView(ScopedObjectMixin, DetailView):
    """An item of evidence. Its content is cached under the council's and the national
    versions (`cache_content`: evidence kinds are shared); the item with its themes and
    achievements is read lazily."""

    template_name = "improvement/evidence_detail.html"
    context_object_name = "evidence"
    queryset = EvidenceItem.objects.select_related("programme", "programme__local_authority")

    def get_context_data(self, **kwargs):
        pk = self.object.pk
        return super().get_context_data(
            page_evidence=SimpleLazyObject(
                lambda: (
                    EvidenceItem.objects.select_related(
                        "programme", "programme__local_authority", "kind", "finding"
                    )
                    .prefetch_related("themes", "achievements__theme")
                    .get(pk=pk)
                )
            ),
            can_administer=administers(self.request.user, self.object.programme),
            **kwargs,
        )


class EvidenceCreateView(ProgrammeFromUrlMixin, StaleEditFormMixin, CreateView):
    form_class = forms.EvidenceForm
    template_name = "improvement/evidence_form.html"
    programme_kwarg = "programme_pk"
    to_change = True

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.programme}

    def form_council(self):
        return self.programme.local_authority

    def save(self, form):
        return services.add_evidence(
            programme=self.programme,
            by=self.request.user,
            themes=form.cleaned_data["themes"],
            **form.model_changes(),
        )

    def get_success_message(self, saved):
        return f"Evidence ‘{saved.title}’ saved."

    def page_context(self):
        return {
            "page_title": "Add evaluation evidence",
            "caption": self.programme.title,
            "back_url": reverse("improvement:evidence-list", args=[self.programme.pk]),
        }


class EvidenceUpdateView(ProgrammeChangeMixin, StaleEditFormMixin, UpdateView):
    queryset = EvidenceItem.objects.select_related("programme", "programme__local_authority")
    form_class = forms.EvidenceForm
    template_name = "improvement/evidence_form.html"

    def programme_of(self, obj):
        return obj.programme

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.object.programme}

    def form_council(self):
        return self.object.programme.local_authority

    def save(self, form):
        return services.update_evidence(
            evidence=self.object,
            by=self.request.user,
            changes=form.model_changes(),
            seen_version=form.cleaned_data["version"],
            themes=form.cleaned_data["themes"],
        )

    def get_success_message(self, saved):
        return f"Evidence ‘{saved.title}’ saved."

    def page_context(self):
        return {
            "page_title": "Change evidence",
            "title_detail": self.object.title,
            "caption": self.object.programme.title,
            "back_url": self.object.get_absolute_url(),
        }
