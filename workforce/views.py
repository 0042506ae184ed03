from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views import View
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView

from core.access import AdministratorRequiredMixin, CouncilFromUrlMixin
from core.edit_views import StaleEditFormMixin
from core.exports import csv_response
from core.models import LocalAuthority
from indicators.engine import summary_csv
from indicators.views import BaseNationalTableView
from workforce import services
from workforce.filters import LocalObservationFilter
from workforce.forms import MetricDefinitionForm, ObservationForm
from workforce.models import Metric, Observation

DEFAULT_NATIONAL_METRIC = "agency-rate"


def may_enter_figures(user, local_authority) -> bool:
    """Improvement leads and administrators of the LA, and platform administrators."""
    return user.can_see_local_authority_data(local_authority.pk) and (
        user.is_administrator or user.is_improvement_lead
    )


class LocalAuthorityMixin(CouncilFromUrlMixin):
    """The LA named in the URL (404 if unknown), read as every app reads it."""

    nav_section = "core"  # a council's page: "Local authorities" is the current section

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_enter"] = may_enter_figures(self.request.user, self.local_authority)
        return context


class LocalFiguresMixin(LocalAuthorityMixin):
    """Local figures are private: another LA's users get 404; read-only roles 403 on change."""

    council_data_is_private = True
    needs_entry_permission = False
    permission_denied_message = "Only improvement leads and administrators can enter figures."

    def may_use_council(self, local_authority) -> bool:
        return not self.needs_entry_permission or may_enter_figures(
            self.request.user, local_authority
        )


class LocalAuthorityWorkforceView(LocalAuthorityMixin, TemplateView):
    """An LA's workforce: every metric's latest figure beside its comparators, and its trend.
    Its content (17 charts and their tables) is cached under the council's and the national
    data versions (`cache_content`); the figures are read lazily, so a cache hit reads none."""

    template_name = "workforce/la_workforce.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pk, user = self.local_authority.pk, self.request.user
        council = SimpleLazyObject(lambda: LocalAuthority.objects.with_neighbours().get(pk=pk))
        summaries = SimpleLazyObject(lambda: services.metric_summaries(council, user=user))
        context["summaries"] = summaries
        context["published"] = SimpleLazyObject(
            lambda: [s for s in summaries if s.metric.is_published]
        )
        context["local"] = SimpleLazyObject(
            lambda: [s for s in summaries if not s.metric.is_published]
        )
        context["neighbours"] = SimpleLazyObject(council.ordered_neighbours)
        context["may_see_local"] = user.can_see_local_authority_data(pk)
        return context


class MetricCsvView(LocalAuthorityMixin, View):
    """The numbers behind one chart, as CSV."""

    def get(self, request, *args, **kwargs):
        la = self.local_authority
        summaries = services.metric_summaries(
            la, user=request.user, metric_slugs=[kwargs["metric_slug"]]
        )
        if not summaries:
            raise Http404("No such metric for this council.")
        header, rows = summary_csv(summaries[0])
        return csv_response(f"{la.dfe_code}-{kwargs['metric_slug']}.csv", header, rows)


class NationalTableView(BaseNationalTableView):
    """One metric, one year, every LA, with its rank; filter by region and sort."""

    template_name = "workforce/national.html"
    default_slug = DEFAULT_NATIONAL_METRIC
    topic_title = "Social work workforce across England"

    def measures(self):
        return list(Metric.objects.published())

    def figures(self):
        return Observation.objects.published()


class ObservationListView(LocalFiguresMixin, ListView):
    template_name = "workforce/observation_list.html"
    context_object_name = "observations"
    paginate_by = 50

    def get_queryset(self):
        queryset = (
            Observation.objects.entered_locally()
            .filter(local_authority=self.local_authority)
            .for_local_authority_list()
            .order_by("metric__display_order", "metric__name", "-date")
        )
        self.filterset = LocalObservationFilter(
            self.request.GET or None, queryset=queryset, local_authority=self.local_authority
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        return context


class ObservationDetailView(LocalFiguresMixin, DetailView):
    template_name = "workforce/observation_detail.html"
    context_object_name = "observation"

    def get_queryset(self):
        return (
            Observation.objects.entered_locally()
            .filter(local_authority=self.local_authority)
            .for_local_authority_list()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = self.object.history.select_related("metric", "history_user").order_by(
            "-history_date", "-history_id"
        )
        return context


class ObservationFormMixin(LocalFiguresMixin, StaleEditFormMixin):
    form_class = ObservationForm
    template_name = "workforce/observation_form.html"
    needs_entry_permission = True

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["local_authority"] = self.local_authority
        return kwargs

    def get_success_url_for(self, saved):
        return (
            reverse("workforce:la-workforce", kwargs={"dfe_code": self.local_authority.dfe_code})
            + f"#{saved.metric.slug}"
        )


class ObservationCreateView(ObservationFormMixin, CreateView):
    def get_initial(self):
        initial = super().get_initial()
        slug = self.request.GET.get("metric")
        if slug:
            initial["metric"] = (
                Metric.objects.local()
                .available_to(self.local_authority.pk)
                .filter(slug=slug)
                .first()
            )
        return initial

    def save(self, form):
        data = form.cleaned_data
        return services.record_observation(
            local_authority=self.local_authority,
            metric=data["metric"],
            date=data["date"],
            value=data["value"],
            note=data["note"],
            by=self.request.user,
        )

    def get_success_message(self, saved):
        return f"Figure saved: {saved}."


class ObservationUpdateView(ObservationFormMixin, UpdateView):
    context_object_name = "observation"

    def get_queryset(self):
        return Observation.objects.entered_locally().filter(local_authority=self.local_authority)

    def save(self, form):
        data = form.cleaned_data
        return services.update_observation(
            observation=self.object,
            by=self.request.user,
            seen_version=data["version"],
            metric=data["metric"],
            date=data["date"],
            value=data["value"],
            note=data["note"],
        )

    def get_success_message(self, saved):
        return f"Figure updated: {saved}."


class MetricListView(ListView):
    """Every metric's definition: DfE's, the shared local ones and the user's LA's own."""

    template_name = "workforce/metric_list.html"
    context_object_name = "metrics"

    def get_queryset(self):
        return Metric.objects.visible_to(self.request.user).select_related("local_authority")


class MetricCreateView(AdministratorRequiredMixin, CreateView):
    """Administrators define a local metric: for their council, or for every council."""

    form_class = MetricDefinitionForm
    template_name = "workforce/metric_form.html"

    def form_valid(self, form):
        user = self.request.user
        self.object = services.define_metric(
            by=user,
            local_authority=user.local_authority,
            **form.cleaned_data,
        )
        messages.success(self.request, f"Metric added: {self.object.name}.")
        return redirect(self.object.get_absolute_url())
