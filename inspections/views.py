"""Inspection pages. Inspection outcomes are published, so every signed-in user may read every
page; only administrators may enter or edit (platform administrators for any LA, LA
administrators for their own LA: another LA's inspection gives 403, since its page is public)."""

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, ListView, TemplateView

from core.access import AdministratorRequiredMixin, CouncilFromUrlMixin, access_object
from core.dates import long_date
from core.editing import StaleEdit
from core.exports import table_response
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
from inspections.models import Framework, Grade, Inspection, Recommendation, inspections_crumb
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
        if request.GET.get("format") in ("csv", "xlsx"):
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
            "Inspection id",
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
                    inspection.pk,
                ]

        return table_response(self.request, "inspections.csv", header, rows())

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
        csv_query["format"] = "xlsx"
        context["xlsx_query"] = csv_query.urlencode()
        context["is_filtered"] = any(v for k, v in params.items() if k != "sort")
        context["can_enter"] = self.request.user.is_administrator
        return context


class InspectionDetailView(DetailView):
    """An inspection's page. Its content is cached under the council's and the national data
    versions (`cache_content`): the view fetches only the inspection (to check the reader may
    see it) and reads its judgements, recommendations, history and findings lazily."""

    template_name = "inspections/inspection_detail.html"
    context_object_name = "inspection"

    def get_queryset(self):
        return Inspection.objects.visible_to(self.request.user).select_related("local_authority")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        inspection = self.object
        full = SimpleLazyObject(lambda: Inspection.objects.with_everything().get(pk=inspection.pk))
        context["page_inspection"] = full
        context["can_edit"] = user.can_administer_local_authority(inspection.local_authority_id)
        if context["can_edit"]:
            context["changes"] = SimpleLazyObject(lambda: inspection_history(inspection, limit=30))
        if user.is_platform_administrator or (
            user.local_authority_id and user.local_authority_id == inspection.local_authority_id
        ):
            from improvement.plan import findings_of_inspection

            context["findings"] = SimpleLazyObject(lambda: findings_of_inspection(inspection, user))
        return context


STEPS = ("details", "judgements", "check")
DRAFTS = "inspection-drafts"  # the session key: {draft id: {"pk": ..., "data": {...}}}
MAX_DRAFTS = 5
SEEN_CHECK = "_seen_check"  # in a draft: the check page has been shown, so steps return there


def inspection_data(inspection) -> QueryDict:
    """A saved inspection as its entry forms post it, to start an edit's draft from."""
    data = QueryDict(mutable=True)
    for name in ("inspection_type", "theme", "report_url", "lead_inspector", "summary"):
        data[name] = getattr(inspection, name) or ""
    data["local_authority"] = str(inspection.local_authority_id)
    data["version"] = str(inspection.version)
    for name in ("start_date", "end_date", "published_on"):
        day = getattr(inspection, name)
        parts = (day.day, day.month, day.year) if day else ("", "", "")
        for index, part in enumerate(parts):
            data[f"{name}_{index}"] = str(part)
    data["framework"] = str(inspection.framework_id)
    judged = {j.area_id: j for j in inspection.judgements.all()}
    areas = list(inspection.framework.areas.all())
    data.update({"judgements-TOTAL_FORMS": str(len(areas)), "judgements-INITIAL_FORMS": "0"})
    for index, area in enumerate(areas):
        judgement = judged.get(area.pk)
        data[f"judgements-{index}-area"] = str(area.pk)
        data[f"judgements-{index}-grade"] = judgement.grade if judgement else ""
        data[f"judgements-{index}-narrative"] = judgement.narrative if judgement else ""
    recommendations = list(inspection.recommendations.order_by("order", "pk"))
    count = str(len(recommendations))
    data.update({"recommendations-TOTAL_FORMS": count, "recommendations-INITIAL_FORMS": count})
    for index, recommendation in enumerate(recommendations):
        data[f"recommendations-{index}-id"] = str(recommendation.pk)
        data[f"recommendations-{index}-kind"] = recommendation.kind
        data[f"recommendations-{index}-text"] = recommendation.text
    data[SEEN_CHECK] = "1"  # an edit goes from the section changed to the check page
    return data


def merge_posted(data: QueryDict, posted) -> QueryDict:
    """`data` with one step's posted values laid over it (a formset's rows replace all of its
    earlier rows, so removed rows do not come back)."""
    data = data.copy()
    for prefix in ("judgements-", "recommendations-"):
        if f"{prefix}TOTAL_FORMS" in posted:
            for key in [key for key in data if key.startswith(prefix)]:
                del data[key]
    for key in posted:
        if key not in ("csrfmiddlewaretoken", "action", SEEN_CHECK):
            data.setlist(key, posted.getlist(key))
    return data


class InspectionEntryView(AdministratorRequiredMixin, TemplateView):
    """Enter or edit an inspection in three steps, as GOV.UK services do: the details (type
    and dates), then the judgements of the framework in force on the start date with the
    recommendations, then "Check your answers" before saving.

    What has been entered so far is kept in the session as a draft, keyed by an id in the URL
    (so two inspections can be entered at once in two tabs); nothing is saved until "Save"
    on the check page. Any step's POST with action "save" checks every part and saves, or
    shows the first step with a problem, every value kept. An edit starts from the section
    to change and goes on to the check page.
    """

    inspection = None

    def dispatch(self, request, *args, **kwargs):
        self.step = kwargs.get("step", "details")
        if self.step not in STEPS:
            raise Http404("No such step")
        self.draft_id = kwargs.get("draft")
        if "pk" in kwargs and request.user.is_authenticated:
            self.inspection = access_object(
                Inspection.objects.with_everything(),
                user=request.user,
                pk=kwargs["pk"],
                may=lambda user, obj: user.can_administer_local_authority(obj.local_authority_id),
                denied_message="Only this local authority's administrators can edit this.",
            )
        return super().dispatch(request, *args, **kwargs)

    # --- the draft --------------------------------------------------------------------------

    def load_draft(self) -> QueryDict | None:
        draft = self.request.session.get(DRAFTS, {}).get(self.draft_id or "")
        pk = self.inspection.pk if self.inspection else None
        if not draft or draft.get("pk") != pk:
            return None
        data = QueryDict(mutable=True)
        for key, values in draft["data"].items():
            data.setlist(key, values)
        return data

    def store_draft(self, data: QueryDict):
        drafts = self.request.session.get(DRAFTS, {})
        drafts.pop(self.draft_id, None)
        while len(drafts) >= MAX_DRAFTS:
            drafts.pop(next(iter(drafts)))
        drafts[self.draft_id] = {
            "pk": self.inspection.pk if self.inspection else None,
            "data": {key: data.getlist(key) for key in data},
        }
        self.request.session[DRAFTS] = drafts

    def forget_draft(self):
        drafts = self.request.session.get(DRAFTS, {})
        if drafts.pop(self.draft_id, None) is not None:
            self.request.session[DRAFTS] = drafts

    def step_url(self, step: str) -> str:
        if self.inspection:
            return reverse(
                "inspections:edit-step",
                kwargs={"pk": self.inspection.pk, "draft": self.draft_id, "step": step},
            )
        return reverse("inspections:create-step", kwargs={"draft": self.draft_id, "step": step})

    def start_url(self) -> str:
        if self.inspection:
            return reverse("inspections:edit", kwargs={"pk": self.inspection.pk})
        return reverse("inspections:create")

    def expired(self):
        messages.info(
            self.request,
            "What you had entered is no longer kept (it is kept until you save, for one "
            "sign-in). Start again.",
        )
        return redirect(self.start_url())

    # --- GET: a step as entered so far ------------------------------------------------------

    def get(self, request, *args, **kwargs):
        if self.draft_id is None:
            return self.get_fresh()
        data = self.load_draft()
        if data is None:
            return self.expired()
        form = InspectionForm(data, instance=self.inspection, user=request.user)
        if self.step == "details":
            form._errors = ErrorDict()  # as entered, with no messages until it is sent
            return self.render_details(form)
        if not form.is_valid():
            return redirect(self.step_url("details"))
        if self.step == "judgements" or data.get("framework") != str(form.framework.pk):
            return self.render_judgements_as_entered(form, data)
        return self.check_or_save(form, data, save=False)

    def get_fresh(self):
        """The first page of an entry (new) or the section to change (edit), from the saved
        inspection; the draft starts with the first POST."""
        inspection = self.inspection
        if self.step == "judgements" and inspection is not None:
            form = InspectionForm(instance=inspection, user=self.request.user)
            return self.render_judgements(
                form,
                judgement_formset(
                    framework=inspection.framework,
                    inspection=inspection,
                    inspection_type=inspection.inspection_type,
                ),
                recommendation_formset(inspection=inspection),
                inspection.framework,
            )
        initial = {}
        if inspection is None and self.request.user.local_authority_id:
            initial["local_authority"] = self.request.user.local_authority_id
        return self.render_details(
            InspectionForm(instance=inspection, initial=initial, user=self.request.user)
        )

    # --- POST: keep what was sent, then go on ---------------------------------------------

    def post(self, request, *args, **kwargs):
        if self.draft_id is None:
            self.draft_id = secrets.token_urlsafe(8)
            data = inspection_data(self.inspection) if self.inspection else QueryDict(mutable=True)
        else:
            data = self.load_draft()
            if data is None:
                return self.expired()
        action = request.POST.get("action", "save" if self.step == "check" else "continue")
        data = merge_posted(data, request.POST)
        if action == ADD_RECOMMENDATION or action.startswith(REMOVE_RECOMMENDATION):
            # "Add another" and "Remove" show the step again with every value kept; nothing
            # is checked until "Continue".
            data = recommendation_rows(data, action)
            self.store_draft(data)
            form = InspectionForm(data, instance=self.inspection, user=request.user)
            form.is_valid()  # for the framework; the details' messages belong to their step
            return self.render_judgements_as_entered(form, data)
        self.store_draft(data)
        form = InspectionForm(data, instance=self.inspection, user=request.user)
        if not form.is_valid():
            return self.render_details(form)
        framework = form.framework
        if self.step == "judgements":
            # Sent from the judgements page: its rows are checked against the framework in
            # force on the dates (a row of another framework's area is refused there).
            data["framework"] = str(framework.pk)
        if data.get("framework") != str(framework.pk):
            # First choice of dates, or dates that bring another framework: its areas, with
            # the grades already chosen for areas that carry over.
            if data.get("framework"):
                messages.info(
                    request,
                    f"These dates fall under {framework.name}, so the judgements have changed. "
                    "Check them, then continue.",
                )
            if self.step == "details" and action != "save":
                return redirect(self.step_url("judgements"))
            return self.render_judgements_as_entered(form, data)
        if self.step == "details" and action != "save":
            return redirect(self.step_url("check" if data.get(SEEN_CHECK) else "judgements"))
        return self.check_or_save(form, data, save=action == "save")

    def check_or_save(self, form, data, *, save):
        kind = form.cleaned_data.get("inspection_type")
        judgements = judgement_formset(framework=form.framework, data=data, inspection_type=kind)
        recommendations = recommendation_formset(inspection=self.inspection, data=data)
        if not (judgements.is_valid() & recommendations.is_valid()):
            return self.render_judgements(form, judgements, recommendations, form.framework)
        if not save:
            if self.step != "check":
                return redirect(self.step_url("check"))
            if not data.get(SEEN_CHECK):
                data[SEEN_CHECK] = "1"
                self.store_draft(data)
            return self.render_check(form, judgements, recommendations)
        try:
            inspection = save_inspection(
                inspection=self.inspection,
                by=self.request.user,
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
            return self.render_check(form, judgements, recommendations)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.render_check(form, judgements, recommendations)
        self.forget_draft()
        messages.success(self.request, f"{inspection} saved.")
        return redirect(inspection)

    # --- pages ------------------------------------------------------------------------------

    def render_judgements_as_entered(self, form, data):
        """The judgements step from the draft, without messages: the framework's areas with
        the grades entered for each strand, and the recommendation rows as typed."""
        framework = form.framework
        kind = form.cleaned_data.get("inspection_type") if hasattr(form, "cleaned_data") else None
        has_rows = "judgements-TOTAL_FORMS" in data
        judgements = judgement_formset(
            framework=framework,
            inspection_type=kind,
            carried=posted_judgements(data) if has_rows else None,
            inspection=self.inspection,
        )
        recommendations = recommendation_formset(
            inspection=self.inspection,
            data=data if "recommendations-TOTAL_FORMS" in data else None,
        )
        return self.render_judgements(form, judgements, recommendations, framework, quiet=True)

    def render_details(self, form):
        self.step = "details"
        return self.render_page(
            "inspections/inspection_form.html", form=form, all_errors=bool(form.errors)
        )

    def render_judgements(self, form, judgements, recommendations, framework, quiet=False):
        self.step = "judgements"
        all_errors = not quiet and bool(
            (judgements.is_bound and (judgements.non_form_errors() or any(judgements.errors)))
            or (recommendations.is_bound and any(recommendations.errors))
        )
        return self.render_page(
            "inspections/inspection_judgements_form.html",
            form=form,
            judgements=judgements,
            recommendations=recommendations,
            framework=framework,
            all_errors=all_errors,
        )

    def render_check(self, form, judgements, recommendations):
        self.step = "check"
        answers = form.cleaned_data
        details_rows = [
            ("Local authority", answers["local_authority"], "id_local_authority"),
            (
                "Type of inspection",
                Inspection.Type(answers["inspection_type"]).label,
                "id_inspection_type",
            ),
            ("Start date", long_date(answers["start_date"]), "id_start_date_0"),
            ("End date", long_date(answers["end_date"]), "id_end_date_0"),
            ("Publication date", long_date(answers["published_on"]), "id_published_on_0"),
            ("Theme", answers["theme"], "id_theme"),
            ("Link to the report", answers["report_url"], "id_report_url"),
            ("Lead inspector", answers["lead_inspector"], "id_lead_inspector"),
            ("Summary", answers["summary"], "id_summary"),
        ]
        recommendation_rows = [
            {**item, "kind_label": Recommendation.Kind(item["kind"]).label}
            for item in recommendation_items(recommendations)
            if item["text"] and not item["delete"]
        ]
        return self.render_page(
            "inspections/inspection_check.html",
            form=form,
            framework=form.framework,
            details_rows=details_rows,
            judgement_rows=[
                (area, Grade(grade).label, narrative)
                for area, grade, narrative in judgements.judgements()
            ],
            recommendation_rows=recommendation_rows,
            all_errors=bool(form.errors),
        )

    def render_page(self, template_name, **context):
        self.template_name = template_name
        if self.draft_id is None:  # a fresh page: its POST starts the draft
            urls = {"action_url": self.request.path, "details_url": self.start_url()}
        else:
            urls = {
                "action_url": self.step_url(self.step),
                "details_url": self.step_url("details"),
                "judgements_url": self.step_url("judgements"),
            }
        return self.render_to_response(
            self.get_context_data(
                inspection=self.inspection,
                inspections_crumb=inspections_crumb(),
                step=self.step,
                **urls,
                **context,
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
