"""Indicator pages: a council's indicators by topic, one measure for a council (trend, figures,
definition, targets, local figures), the national table of any measure, targets, local figures
(typed or imported from the CSV template), the council's scorecard and theme measures.

`BaseNationalTableView` is the national table of any topic: the workforce's table is a subclass.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.views.generic import FormView, TemplateView

from core.access import CouncilFromUrlMixin
from core.edit_views import StaleEditFormMixin, add_validation_error
from core.exports import csv_response, table_response
from core.models import LocalAuthority
from core.versioning import cached, versioned_key
from indicators import services
from indicators.engine import rank_councils, summary_csv
from indicators.forms import (
    LocalCsvForm,
    LocalValueForm,
    NationalTableForm,
    OwnMeasureForm,
    ScorecardForm,
    TargetForm,
)
from indicators.models import Measure, Topic, Value


class BaseNationalTableView(TemplateView):
    """One measure, one year, every council, ranked best first by the measure's polarity
    (a joint return once); filter by region, sort, and download as CSV (`?download=csv`).
    Subclasses give `measures()` (published, in order) and `figures()` (published figures)."""

    default_slug = ""
    table_template = "indicators/_national_table.html"  # kept rendered in the cache
    metric_label = "Metric"
    year_label = None
    topic_title = ""

    def measures(self):
        raise NotImplementedError

    def figures(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        metrics = list(self.measures())
        by_slug = {metric.slug: metric for metric in metrics}
        chosen = by_slug.get(self.request.GET.get("metric")) or by_slug.get(
            self.default_slug, metrics[0] if metrics else None
        )
        if chosen is None:
            context["form"] = None
            return context
        figures = self.figures()
        years = sorted(
            {
                day.year
                for day in figures.filter(**{chosen_field(figures): chosen})
                .filter(area_type="national")
                .values_list("date", flat=True)
            },
            reverse=True,
        )
        data = {
            "metric": chosen.slug,
            "year": self.request.GET.get("year") or (years[0] if years else ""),
            "region": self.request.GET.get("region", ""),
            "sort": self.request.GET.get("sort") or "rank",
        }
        form = NationalTableForm(
            data,
            metrics=metrics,
            years=years,
            metric_label=self.metric_label,
            year_label=self.year_label,
        )
        context.update(form=form, metric=chosen, rows=[], years=years, topic_title=self.topic_title)
        if not form.is_valid():
            return context
        year, region, sort = (
            form.cleaned_data["year"],
            form.cleaned_data["region"],
            form.cleaned_data["sort"] or "rank",
        )
        region_names = dict(form.fields["region"].choices)
        key = versioned_key(
            f"national-table-{figures.model._meta.label_lower}", chosen.slug, year, region, sort
        )
        context.update(year=year, year_phrase=chosen.year_phrase(year))

        def table():
            return cached(
                key, lambda: self.table(chosen, figures, year, region, sort, region_names)
            )

        if self.request.GET.get("download") in ("csv", "xlsx"):
            context.update(table())
            return context
        # The filter form (142 measures to choose from) and the table, kept rendered: the
        # table's rows are read from the cache only to render it afresh (or when asked for).
        context["rows"] = SimpleLazyObject(lambda: table()["rows"])
        context["form_html"] = mark_safe(  # noqa: S308 (rendered by our template)
            cached(
                f"{key}:form", lambda: render_to_string("indicators/_national_form.html", context)
            )
        )
        context["table_html"] = mark_safe(  # noqa: S308 (rendered by our template)
            cached(
                f"{key}:html",
                lambda: render_to_string(self.table_template, {**context, **table()}),
            )
        )
        return context

    def table(self, chosen, figures, year, region, sort, region_names) -> dict:
        """The ranked rows and the comparators of one measure and year: cached under the
        national data version, which every import and published figure's write moves on."""
        of_year = figures.filter(**{chosen_field(figures): chosen, "date__year": year})
        observations = list(of_year.filter(area_type="local").select_related("local_authority"))
        comparators = list(of_year.filter(area_type__in=["national", "regional"]))
        for observation in [*observations, *comparators]:
            setattr(observation, observation.measure_field, chosen)
        ranked = rank_councils(chosen, observations)
        rows = [o for o in observations if not region or o.local_authority.region_code == region]
        if sort == "name":
            rows.sort(key=lambda o: o.local_authority.name)
        elif sort in ("highest", "lowest"):
            sign = -1 if sort == "highest" else 1
            with_value = sorted(
                (o for o in rows if o.value is not None),
                key=lambda o: (sign * o.value, o.local_authority.name),
            )
            rows = with_value + sorted(
                (o for o in rows if o.value is None), key=lambda o: o.local_authority.name
            )
        else:
            rows.sort(key=lambda o: (o.value is None, o.rank or 0, o.local_authority.name))
        return {
            "rows": rows,
            "year": year,
            "year_phrase": chosen.year_phrase(year),
            "sort": sort,
            "ranked": ranked,
            "region": region,
            "region_name": region_names.get(region, "") if region else "",
            "england": next((o for o in comparators if o.area_type == "national"), None),
            "region_figure": next(
                (o for o in comparators if region and o.region_code == region), None
            ),
        }

    def render_to_response(self, context, **kwargs):
        if self.request.GET.get("download") not in ("csv", "xlsx"):
            return super().render_to_response(context, **kwargs)
        metric = context.get("metric")
        if metric is None or "year" not in context:
            raise Http404("Choose a measure and a year.")
        unit = f" ({metric.unit_label})" if metric.unit_label else ""
        header = [
            "Rank in England",
            "DfE code",
            "Council",
            "Region",
            f"{metric.name}{unit}",
            "Rank in region",
        ]
        rows = [
            [
                row.rank,
                row.local_authority.dfe_code,
                row.local_authority.name,
                row.local_authority.region_name,
                metric.plain_value(row.value) if row.value is not None else row.display_value,
                row.regional_rank,
            ]
            for row in context["rows"]
        ]
        return table_response(self.request, f"{metric.slug}-{context['year']}.csv", header, rows)


def chosen_field(figures) -> str:
    return figures.model.measure_field


# ---------------------------------------------------------------------------------------------
# A council's indicators


def may_manage_indicators(user, local_authority) -> bool:
    """Administrators and improvement leads of the council, and platform administrators."""
    return user.can_see_local_authority_data(local_authority.pk) and (
        user.is_administrator or user.is_improvement_lead
    )


class CouncilIndicatorsMixin(CouncilFromUrlMixin):
    nav_section = "core"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, la = self.request.user, self.local_authority
        context["may_see_local"] = user.can_see_local_authority_data(la.pk)
        context["may_manage"] = may_manage_indicators(user, la)
        return context


class CouncilIndicatorsView(CouncilIndicatorsMixin, TemplateView):
    """A council's indicators of one topic, each beside England, region and neighbours."""

    template_name = "indicators/council_indicators.html"

    def get_council_queryset(self):
        return LocalAuthority.objects.with_neighbours()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        topics = [choice for choice in Topic if choice != Topic.LOCAL]
        topic = self.request.GET.get("topic") or Topic.CHILDREN_IN_NEED
        if topic not in {choice.value for choice in topics}:
            raise Http404("No such topic.")
        la = self.local_authority
        context["topics"] = topics
        context["topic"] = Topic(topic)
        context["neighbours"] = la.ordered_neighbours()
        # Published figures only, the same for every reader: cached under the national data
        # version (imports) and the council's (its neighbours, its row).
        context["indicators_html"] = mark_safe(  # noqa: S308 (rendered by our template)
            cached(
                versioned_key("indicators-council", topic, local_authority=la),
                lambda: render_to_string(
                    "indicators/_council_indicators_content.html",
                    {
                        "local_authority": la,
                        "topic": context["topic"],
                        "rows": services.council_indicators(la, topic=topic),
                    },
                ),
            )
        )
        return context


class CouncilMeasureMixin(CouncilIndicatorsMixin):
    def get_measure(self):
        if not hasattr(self, "_measure"):
            user = self.request.user
            queryset = Measure.objects.available_to(self.local_authority.pk)
            measure = get_object_or_404(queryset, slug=self.kwargs["slug"])
            if measure.local_authority_id and not user.can_see_local_authority_data(
                measure.local_authority_id
            ):
                raise Http404("No such measure.")
            self._measure = measure
        return self._measure


class CouncilMeasureView(CouncilMeasureMixin, TemplateView):
    """One measure for one council: the trend with its figures, the definition and source,
    targets with RAG, and the council's local figures (to its own users only)."""

    template_name = "indicators/council_measure.html"

    def get_context_data(self, **kwargs):
        # The content is cached under the council's and the national versions
        # (`cache_content`): what it shows is read only when it is rendered afresh.
        context = super().get_context_data(**kwargs)
        measure, pk, user = self.get_measure(), self.local_authority.pk, self.request.user
        context["detail"] = SimpleLazyObject(
            lambda: services.measure_detail(
                LocalAuthority.objects.with_neighbours().get(pk=pk), measure, user
            )
        )
        context["measure"] = measure
        return context


class CouncilMeasureCsvView(CouncilMeasureMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        measure = self.get_measure()
        summary = services.measure_summary(self.local_authority, measure)
        header, rows = summary_csv(summary)
        return csv_response(f"{self.local_authority.dfe_code}-{measure.slug}.csv", header, rows)


class MeasureView(TemplateView):
    """A measure's DfE definition, unit, polarity, year type and source."""

    template_name = "indicators/measure.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        measure = get_object_or_404(
            Measure.objects.visible_to(self.request.user), slug=kwargs["slug"]
        )
        context["measure"] = measure
        return context


class NationalTableView(BaseNationalTableView):
    template_name = "indicators/national.html"
    default_slug = "careleavereet"
    metric_label = "Measure"
    year_label = "Year"
    topic_title = "Children's social care indicators across England"

    def measures(self):
        return list(Measure.objects.published())

    def figures(self):
        return Value.objects.published()


# ---------------------------------------------------------------------------------------------
# Writes: targets, local figures, scorecard


class ManageMixin(CouncilIndicatorsMixin):
    council_data_is_private = True
    permission_denied_message = "Only administrators and improvement leads can do this."

    def may_use_council(self, local_authority) -> bool:
        return may_manage_indicators(self.request.user, local_authority)


class ScorecardFormMixin(ManageMixin, StaleEditFormMixin):
    """A council's form reached from its scorecard: the council is the caption, Back and Cancel
    return to the scorecard; `page_title` and `submit_label` name the page and its button."""

    page_title = ""
    submit_label = ""

    def form_council(self):
        # Its choices (the measures the council may use) and words are the council's data.
        return self.local_authority

    def page_context(self):
        return {
            "page_title": self.page_title,
            "caption": self.local_authority.name,
            "back_url": reverse("indicators:scorecard", args=[self.local_authority.dfe_code]),
            "submit_label": self.submit_label,
        }


class MeasureFormMixin(ScorecardFormMixin):
    """A council's form about one measure; `?measure=<slug>` picks it in advance."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["local_authority"] = self.local_authority
        slug = self.request.GET.get("measure")
        if slug and not self.request.method == "POST":
            kwargs.setdefault("initial", {})["measure"] = (
                Measure.objects.available_to(self.local_authority.pk).filter(slug=slug).first()
            )
        return kwargs


class TargetCreateView(MeasureFormMixin, FormView):
    form_class = TargetForm
    template_name = "indicators/target_form.html"
    page_title = "Set a target"
    submit_label = "Save target"

    def save(self, form):
        return services.set_target(
            local_authority=self.local_authority, by=self.request.user, **form.cleaned_data
        )

    def get_success_message(self, saved) -> str:
        return f"Target saved: {saved}."


class LocalValueCreateView(MeasureFormMixin, FormView):
    form_class = LocalValueForm
    template_name = "indicators/local_value_form.html"
    page_title = "Enter a local indicator figure"
    submit_label = "Save figure"

    def save(self, form):
        return services.record_local_value(
            local_authority=self.local_authority, by=self.request.user, **form.cleaned_data
        )

    def get_success_message(self, saved) -> str:
        return f"Local figure saved: {saved.measure}, {saved.display_value} on {saved.period}."


class OwnMeasureCreateView(ScorecardFormMixin, FormView):
    """A council administrator defines the council's own measure, to put on the scorecard
    and to enter local figures for."""

    form_class = OwnMeasureForm
    template_name = "indicators/own_measure_form.html"
    page_title = "Define a measure of the council's own"
    submit_label = "Create measure"
    permission_denied_message = "Only the council's administrators can define its own measures."

    def may_use_council(self, local_authority) -> bool:
        user = self.request.user
        return user.can_see_local_authority_data(local_authority.pk) and user.is_administrator

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "local_authority": self.local_authority}

    def save(self, form):
        return services.define_own_measure(
            local_authority=self.local_authority, by=self.request.user, **form.cleaned_data
        )

    def get_success_message(self, saved) -> str:
        return (
            f"Measure created: {saved.name} (code {saved.slug}). Add it to the scorecard with "
            "that code, and enter its figures as local figures."
        )

    def get_success_url_for(self, saved) -> str:
        return reverse(
            "indicators:la-measure",
            kwargs={"dfe_code": self.local_authority.dfe_code, "slug": saved.slug},
        )


class LocalCsvTemplateView(ManageMixin, TemplateView):
    """The CSV template for local figures: one row per measure and period."""

    def get(self, request, *args, **kwargs):
        header, rows = services.local_csv_template(self.local_authority)
        return csv_response(f"{self.local_authority.dfe_code}-local-figures.csv", header, rows)


class LocalCsvImportView(ManageMixin, FormView):
    form_class = LocalCsvForm
    template_name = "indicators/local_csv_form.html"

    def form_valid(self, form):
        try:
            saved = services.import_local_csv(
                local_authority=self.local_authority,
                by=self.request.user,
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{saved} local figure{'s' if saved != 1 else ''} saved.")
        return redirect("indicators:scorecard", dfe_code=self.local_authority.dfe_code)


class ScorecardView(CouncilIndicatorsMixin, TemplateView):
    """The council's key indicators: latest, target and RAG, England, neighbours, direction."""

    template_name = "indicators/scorecard.html"
    council_data_is_private = True

    def get_context_data(self, **kwargs):
        # Cached under the council's and the national versions (`cache_content`).
        context = super().get_context_data(**kwargs)
        la = self.local_authority
        context["scorecard"] = SimpleLazyObject(lambda: services.scorecard_rows(la))
        return context


class ScorecardEditView(ManageMixin, FormView):
    """An administrator picks the key indicators and their order."""

    form_class = ScorecardForm
    template_name = "indicators/scorecard_form.html"

    def may_use_council(self, local_authority) -> bool:
        user = self.request.user
        return user.can_see_local_authority_data(local_authority.pk) and user.is_administrator

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["local_authority"] = self.local_authority
        kwargs["workforce"] = True
        return kwargs

    def form_valid(self, form):
        services.set_scorecard(
            local_authority=self.local_authority,
            by=self.request.user,
            measures=form.cleaned_data["measures"],
        )
        messages.success(self.request, "Scorecard saved.")
        return redirect("indicators:scorecard", dfe_code=self.local_authority.dfe_code)


class ThemeMeasuresEditView(FormView):
    """A theme's measures of success, chosen by the council's administrators and leads."""

    form_class = ScorecardForm
    template_name = "indicators/scorecard_form.html"

    def dispatch(self, request, *args, **kwargs):
        from improvement.models import Theme

        self.theme = get_object_or_404(
            Theme.objects.select_related("programme__local_authority"), pk=kwargs["theme_pk"]
        )
        self.local_authority = self.theme.programme.local_authority
        if not request.user.can_see_local_authority_data(self.local_authority.pk):
            raise Http404("No such theme.")
        if not may_manage_indicators(request.user, self.local_authority):
            raise PermissionDenied("Only administrators and improvement leads can do this.")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["local_authority"] = self.local_authority
        kwargs["initial"] = {
            "measures": "\n".join(
                m.code or m.slug
                for m in Measure.objects.filter(themes_measured__theme=self.theme).order_by(
                    "themes_measured__order"
                )
            )
        }
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            local_authority=self.local_authority,
            theme=self.theme,
            heading=f"Measures of success: {self.theme}",
            back_url=self.theme.get_absolute_url(),
            **kwargs,
        )

    def form_valid(self, form):
        services.set_theme_measures(
            theme=self.theme, by=self.request.user, measures=form.cleaned_data["measures"]
        )
        messages.success(self.request, "Measures of success saved.")
        return redirect(self.theme.get_absolute_url())
