"""Inspection pages. Inspection outcomes are published, so every signed-in user may read every
page; only administrators may enter or edit (platform administrators for any LA, LA
administrators for their own LA: another LA's inspection gives 403, since its page is public)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, ListView, TemplateView

from core.access import AdministratorRequiredMixin, CouncilFromUrlMixin, access_object
from core.editing import StaleEdit
from core.exports import csv_response
from core.models import LocalAuthority
from core.successions import former_council, predecessors_of
from core.versioning import cached, versioned_key
from inspections.filters import InspectionFilter
from inspections.forms import (
    ADD_RECOMMENDATION,
    REMOVE_RECOMMENDATION,
    InspectionForm,
    judgement_formset,
    posted_judgements,
    recommendation_formset,
    recommendation_items,
    recommendation_rows,
)
from inspections.history import inspection_history
from inspections.models import Framework, Grade, Inspection, inspections_crumb
from inspections.services import (
    history_grid,
    national_overview,
    ordered_strands,
    save_inspection,
)

SORT_COLUMNS = [
    ("local_authority", "Local authority"),
    ("type", "Type"),
    ("date", "Start date"),
    ("published", "Publication date"),
]


def _strand_columns():
    """(strand, heading) for every judgement strand, in the newest framework's wording."""
    return ordered_strands(Framework.objects.with_areas())


class InspectionListView(ListView):
    """Every inspection and visit, filtered and sorted; `?format=csv` downloads exactly the
    filtered rows (all pages)."""

    template_name = "inspections/inspection_list.html"
    context_object_name = "inspections"
    paginate_by = 50

    def get_queryset(self):
        queryset = Inspection.objects.visible_to(self.request.user).with_judgements()
        self.filterset = InspectionFilter(self.request.GET or None, queryset=queryset)
        filtered = self.filterset.qs if self.filterset.is_bound else queryset
        if not filtered.query.order_by:
            filtered = filtered.order_by("-start_date", "local_authority__name")
        return filtered.order_by(*filtered.query.order_by, "pk")

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return self.csv_response(self.get_queryset())
        return super().get(request, *args, **kwargs)

    def csv_response(self, inspections):
        strands = _strand_columns()
        header = [
            "Local authority",
            "ONS code",
            "DfE LA code",
            "Ofsted region",
            "Type",
            "Framework",
            "Start date",
            "End date",
            "Publication date",
            "Theme",
            *[heading for _, heading in strands],
            "Source",
            "Report",
            "Page",
        ]
        page_base = self.request.build_absolute_uri("/").rstrip("/")

        def rows():
            for inspection in inspections:
                grades = {j.area.strand: j.get_grade_display() for j in inspection.judgements.all()}
                la = inspection.local_authority
                yield [
                    la.name,
                    la.ons_code,
                    la.dfe_code,
                    la.ofsted_region,
                    inspection.get_inspection_type_display(),
                    inspection.framework.short_name,
                    inspection.start_date,
                    inspection.end_date,
                    inspection.published_on,
                    inspection.theme,
                    *[grades.get(strand, "") for strand, _ in strands],
                    inspection.get_source_display(),
                    inspection.report_url,
                    page_base + inspection.get_absolute_url(),
                ]

        return csv_response("inspections.csv", header, rows())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        params = self.request.GET.copy()
        params.pop("page", None)
        params.pop("format", None)
        current = params.get("sort", "")
        sort_links = []
        for key, label in SORT_COLUMNS:
            query = params.copy()
            query["sort"] = f"-{key}" if current == key else key
            state = (
                "ascending" if current == key else "descending" if current == f"-{key}" else None
            )
            sort_links.append((label, f"?{query.urlencode()}", state))
        context["sort_links"] = sort_links
        csv_query = params.copy()
        csv_query["format"] = "csv"
        context["csv_query"] = csv_query.urlencode()
        context["is_filtered"] = any(v for k, v in params.items() if k != "sort")
        context["can_enter"] = self.request.user.is_administrator
        return context


class InspectionDetailView(DetailView):
    template_name = "inspections/inspection_detail.html"
    context_object_name = "inspection"

    def get_queryset(self):
        return Inspection.objects.visible_to(self.request.user).with_everything()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        inspection = self.object
        context["can_edit"] = user.can_administer_local_authority(inspection.local_authority_id)
        if context["can_edit"]:
            context["changes"] = inspection_history(inspection, limit=30)
        if user.is_platform_administrator or (
            user.local_authority_id and user.local_authority_id == inspection.local_authority_id
        ):
            from improvement.plan import findings_of_inspection

            context["findings"] = findings_of_inspection(inspection, user)
        return context


class InspectionEntryView(AdministratorRequiredMixin, TemplateView):
    """Enter or edit an inspection with its judgements and recommendations on one page.

    The judgement rows are those of the framework in force on the start date. Choosing or
    changing the dates re-renders the page with that framework's areas ("Show the judgements
    for these dates") without saving; nothing is saved until every part is valid.
    """

    template_name = "inspections/inspection_form.html"
    inspection = None

    def dispatch(self, request, *args, **kwargs):
        if "pk" in kwargs and request.user.is_authenticated:
            self.inspection = access_object(
                Inspection.objects.with_everything(),
                user=request.user,
                pk=kwargs["pk"],
                may=lambda user, obj: user.can_administer_local_authority(obj.local_authority_id),
                denied_message="Only this local authority's administrators can edit this.",
            )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        initial = {}
        if self.inspection is None and request.user.local_authority_id:
            initial["local_authority"] = request.user.local_authority_id
        form = InspectionForm(instance=self.inspection, initial=initial, user=request.user)
        framework = self.inspection.framework if self.inspection else None
        return self.render(
            form,
            judgement_formset(
                framework=framework,
                inspection=self.inspection,
                inspection_type=getattr(self.inspection, "inspection_type", None),
            ),
            recommendation_formset(inspection=self.inspection),
        )

    def post(self, request, *args, **kwargs):
        form = InspectionForm(request.POST, instance=self.inspection, user=request.user)
        recommendations = recommendation_formset(inspection=self.inspection, data=request.POST)
        form_valid = form.is_valid()
        framework = form.framework
        kind = form.cleaned_data.get("inspection_type")
        posted_framework = request.POST.get("framework", "")
        action = request.POST.get("action", "")
        if action == ADD_RECOMMENDATION or action.startswith(REMOVE_RECOMMENDATION):
            # "Add another" and "Remove" re-render the page with every value kept; nothing is
            # checked or saved until "Save inspection".
            form._errors = ErrorDict()
            return self.render(
                form,
                judgement_formset(
                    framework=framework,
                    inspection_type=kind,
                    carried=posted_judgements(request.POST),
                    inspection=self.inspection,
                ),
                recommendation_formset(
                    inspection=self.inspection, data=recommendation_rows(request.POST, action)
                ),
                framework,
            )
        ready = (
            framework is not None
            and posted_framework == str(framework.pk)
            and request.POST.get("action") != "areas"
        )
        if not ready:
            # First choice of dates, or dates that bring another framework: show its areas,
            # keeping grades already chosen for areas that carry over. Nothing is saved.
            judgements = judgement_formset(
                framework=framework,
                inspection_type=kind,
                carried=posted_judgements(request.POST) if posted_framework else None,
                inspection=self.inspection,
            )
            if framework and posted_framework and posted_framework != str(framework.pk):
                messages.info(
                    request,
                    f"These dates fall under {framework.name}, so the judgements have changed. "
                    "Check them, then save.",
                )
            return self.render(form, judgements, recommendations, framework)
        judgements = judgement_formset(framework=framework, data=request.POST, inspection_type=kind)
        judgements_valid = judgements.is_valid()
        recommendations_valid = recommendations.is_valid()
        if not (form_valid and judgements_valid and recommendations_valid):
            return self.render(form, judgements, recommendations, framework)
        try:
            inspection = save_inspection(
                inspection=self.inspection,
                by=request.user,
                values=form.inspection_values(),
                judgements=judgements.judgements(),
                recommendations=recommendation_items(recommendations),
                seen_version=form.cleaned_data.get("version"),
            )
        except StaleEdit as stale:
            form.add_error(
                None,
                "Someone else changed this inspection while you were editing it "
                f"(it is now at version {stale.current.version}), so your changes have not "
                "been saved. Copy anything you need from this page, then open the inspection "
                f"again to see their changes. {stale.message}",
            )
            return self.render(form, judgements, recommendations, framework)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.render(form, judgements, recommendations, framework)
        messages.success(request, f"{inspection} saved.")
        return redirect(inspection)

    def render(self, form, judgements, recommendations, framework=None):
        framework = framework or judgements.framework
        return self.render_to_response(
            self.get_context_data(
                form=form,
                judgements=judgements,
                recommendations=recommendations,
                framework=framework,
                inspection=self.inspection,
                inspections_crumb=inspections_crumb(),
                all_errors=bool(
                    form.errors
                    or (
                        judgements.is_bound
                        and (judgements.non_form_errors() or any(judgements.errors))
                    )
                    or (recommendations.is_bound and any(recommendations.errors))
                ),
            )
        )


class LocalAuthorityInspectionsView(CouncilFromUrlMixin, TemplateView):
    """One LA's inspection history: current grades, a timeline of every inspection and visit,
    and a grid of judgements by area across time that marks framework changes."""

    template_name = "inspections/local_authority_history.html"
    nav_section = "core"  # a council's page: "Local authorities" is the current section

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        la = self.local_authority
        predecessors = predecessors_of(la.dfe_code)
        former = former_council(la.dfe_code)
        inspections = list(
            Inspection.objects.visible_to(self.request.user)
            .filter(
                local_authority__dfe_code__in=[la.dfe_code, *(p.dfe_code for p in predecessors)]
            )
            .with_judgements()
            .latest_first()
        )
        own = [i for i in inspections if i.local_authority_id == la.pk]
        graded = [i for i in own if i.is_graded]
        frameworks = list(Framework.objects.with_areas())
        latest = graded[0] if graded else None
        context.update(
            inspections=inspections,
            latest=latest,
            grid=history_grid([i for i in inspections if i.is_graded], frameworks),
            visits_since=[
                i for i in own if not i.is_graded and latest and i.start_date > latest.start_date
            ],
            predecessors=predecessors,
            abolished_on=former.abolished_on if former else None,
            successors=(
                list(LocalAuthority.objects.filter(dfe_code__in=former.successors))
                if former
                else []
            ),
            can_enter=self.request.user.can_administer_local_authority(la.pk),
        )
        return context


class NationalOverviewView(TemplateView):
    """The page's content is cached under the national data version and the day (one small
    query), so the overview is only worked out again after an inspection is saved or
    imported."""

    template_name = "inspections/national_overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["inspections_crumb"] = inspections_crumb()
        context["overview_html"] = mark_safe(
            cached(  # noqa: S308 (rendered by our template)
                versioned_key("inspections-national-overview", today.isoformat()),
                lambda: render_to_string(
                    "inspections/_national_overview_content.html",
                    {"overview": national_overview(today), "inadequate": Grade.INADEQUATE},
                ),
            )
        )
        return context
