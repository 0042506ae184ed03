"""Scrutiny pages: the LA summary, committee papers and learning from elsewhere.

Programme data (summary, papers) is private to the LA's users and platform administrators
(404 for anyone else); inspection data (learning from elsewhere) is public to everyone signed in.
"""

import re
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from core.exports import csv_response, table_response
from core.models import LocalAuthority
from core.versioning import cached, versioned_key
from improvement.models import Programme
from inspections.models import Inspection
from scrutiny import services
from scrutiny.access import LocalAuthorityDataMixin, PaperWriterRequiredMixin, may_write_papers
from scrutiny.filters import VISIT_TYPES, JourneyFilter, VisitFilter, shared_choices
from scrutiny.forms import PaperForm
from scrutiny.models import CommitteePaper, paper_filename
from scrutiny.paper_content import PaperContent, paper_content
from scrutiny.paper_docx import build_docx
from scrutiny.paper_wording import paper_defaults
from scrutiny.since import since_paper
from scrutiny.summary import current_programme, la_summary

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def cached_fragment(key: str, template_name: str, context: Callable[[], dict]) -> str:
    """The template rendered with `context()`, cached under `key` (a `versioned_key`): the
    context is only worked out when the cache has nothing under the key. The fragment is a
    template's output (autoescaped), kept as a plain string by the cache."""
    return mark_safe(cached(key, lambda: render_to_string(template_name, context())))


def day(value) -> str:
    return format_date(value, "j F Y") if value else ""


def figure(metric, item):
    """A figure for a download: the number at the measure's precision, else its symbol."""
    if item is None:
        return None
    value = getattr(item, "value", None)
    return metric.plain_value(value) if value is not None else item.display_value


def overall_words(inspection) -> str:
    judgement = inspection.judgement_for("overall")
    return judgement.get_grade_display() if judgement else ""


# ---------------------------------------------------------------------------------------------
# The LA summary


class SummaryMixin(LocalAuthorityDataMixin):
    local_authority_queryset = LocalAuthority.objects.all()

    def get_summary(self):
        return la_summary(local_authority=self.get_local_authority(), user=self.request.user)


class LocalAuthoritySummaryView(SummaryMixin, TemplateView):
    """The summary's content is cached under the council's and the national data versions
    (every write bumps one), the day and whether the reader may write papers, so it is only
    worked out again when something in it may have changed."""

    template_name = "scrutiny/la_summary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        la = context["local_authority"]
        may_write = may_write_papers(self.request.user, la.pk)
        key = versioned_key(
            "scrutiny-la-summary", timezone.localdate().isoformat(), may_write, local_authority=la
        )
        context["may_write_papers"] = may_write
        context["summary_html"] = cached_fragment(
            key,
            "scrutiny/_la_summary.html",
            lambda: {
                "local_authority": la,
                "summary": self.get_summary(),
                "may_write_papers": may_write,
            },
        )
        return context


class SummaryCsvView(SummaryMixin, View):
    """One table of the summary page as CSV: judgements, visits, themes, meetings, workforce."""

    def get(self, request, *args, **kwargs):
        summary = self.get_summary()
        table = kwargs["table"]
        la = summary.local_authority
        header, rows = getattr(self, f"table_{table.replace('-', '_')}")(summary)
        return csv_response(f"{la.dfe_code}-{la.name}-{table}.csv", header, rows)

    def table_judgements(self, summary):
        comparison = summary.inspection
        rows = [
            [
                area.name,
                area.latest.get_grade_display() if area.latest else "",
                comparison.latest.start_date if comparison.latest else None,
                area.previous.get_grade_display() if area.previous else "",
                comparison.previous.start_date if comparison.previous else None,
                area.direction or "",
            ]
            for area in comparison.areas
        ]
        header = ["Judgement", "Latest", "Latest date", "Previous", "Previous date", "Change"]
        return header, rows

    def table_visits(self, summary):
        rows = [
            [v.get_inspection_type_display(), v.theme, v.start_date, v.published_on]
            for v in summary.inspection.visits_since
        ]
        return ["Visit", "Theme", "Start date", "Published"], rows

    def table_themes(self, summary):
        rows = [
            [
                t.title,
                t.get_rag_status_display(),
                t.achievement_count,
                t.next_steps_done,
                t.next_steps_due,
                t.next_steps_overdue,
                timezone.localtime(t.last_update_at).date() if t.last_update_at else None,
                t.last_update_text or "",
            ]
            for t in summary.themes
        ]
        header = [
            "Theme",
            "RAG status",
            "Achievements",
            "Next steps done",
            "Next steps due",
            "Next steps overdue",
            "Last update",
            "Last update text",
        ]
        return header, rows

    def table_meetings(self, summary):
        rows = [[m.date, "; ".join(theme.title for theme in m.themes)] for m in summary.meetings]
        return ["Board meeting", "Themes reviewed"], rows

    def table_workforce(self, summary):
        rows = []
        for metric_summary in summary.workforce:
            latest = metric_summary.latest
            rows.append(
                [
                    metric_summary.metric.name,
                    latest.date if latest else None,
                    figure(metric_summary.metric, latest.own if latest else None),
                    figure(metric_summary.metric, latest.england if latest else None),
                    figure(metric_summary.metric, latest.neighbours if latest else None),
                    metric_summary.judgement,
                ]
            )
        header = [
            "Measure",
            "Date",
            summary.local_authority.name,
            "England",
            "Statistical neighbours (average)",
            "Compared with England",
        ]
        return header, rows

    def dispatch(self, request, *args, **kwargs):
        if kwargs.get("table") not in SUMMARY_TABLES:
            raise Http404("No such table.")
        return super().dispatch(request, *args, **kwargs)


SUMMARY_TABLES = ["judgements", "visits", "themes", "meetings", "workforce"]


# ---------------------------------------------------------------------------------------------
# Committee papers


class PaperListView(LocalAuthorityDataMixin, ListView):
    template_name = "scrutiny/paper_list.html"
    context_object_name = "papers"

    def get_queryset(self):
        return (
            CommitteePaper.objects.visible_to(self.request.user)
            .for_local_authority(self.get_local_authority())
            .for_list()
            .latest_first()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_write_papers"] = may_write_papers(
            self.request.user, context["local_authority"].pk
        )
        return context


class PaperCsvView(PaperListView):
    def render_to_response(self, context, **response_kwargs):
        la = context["local_authority"]
        rows = [
            [
                p.subject_heading,
                p.committee_name,
                p.meeting_date,
                p.programme.title,
                timezone.localtime(p.issued_at).date(),
                str(p.issued_by),
                self.request.build_absolute_uri(p.get_download_url()),
                p.pk,
            ]
            for p in context["papers"]
        ]
        header = [
            "Subject",
            "Committee",
            "Meeting date",
            "Programme",
            "Issued on",
            "Issued by",
            "Word document",
            "Paper id",
        ]
        return table_response(self.request, f"{la.dfe_code}-committee-papers.csv", header, rows)


class PaperQuerysetMixin(LocalAuthorityDataMixin):
    def get_queryset(self):
        return CommitteePaper.objects.visible_to(self.request.user).filter(
            local_authority=self.get_local_authority()
        )


class PaperDetailView(PaperQuerysetMixin, DetailView):
    """The paper as issued; `?format=csv` gives its progress tables, from the content stored
    when it was issued."""

    template_name = "scrutiny/paper_detail.html"
    context_object_name = "paper"

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return self.progress_csv()
        return super().get(request, *args, **kwargs)

    def progress_csv(self):
        paper = get_object_or_404(
            PaperQuerysetMixin.get_queryset(self).only(
                "content", "subject_heading", "committee_name", "meeting_date", "local_authority"
            ),
            pk=self.kwargs["pk"],
        )
        return csv_response(
            paper.filename.replace(".docx", "-progress.csv"),
            ["Theme", "Achievements so far", "Next steps"],
            PaperContent.from_data(paper.content).progress_rows() if paper.content else [],
        )

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("programme", "issued_by", "local_authority")
            .defer("docx", "content")
        )


class PaperSinceView(PaperQuerysetMixin, DetailView):
    """What changed since the paper's meeting (or, before the meeting, since it was issued),
    from the programme's records. Cached under the council's and the national data versions
    and the day."""

    template_name = "scrutiny/paper_since.html"
    context_object_name = "paper"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("local_authority")
            .defer("docx", "html", "content")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paper, la = self.object, context["local_authority"]
        today = timezone.localdate()
        key = versioned_key("scrutiny-paper-since", paper.pk, today.isoformat(), local_authority=la)
        context["since_html"] = cached_fragment(
            key,
            "scrutiny/_paper_since.html",
            lambda: {"since": since_paper(paper, today), "local_authority": la},
        )
        return context


class PaperDownloadView(PaperQuerysetMixin, View):
    """The Word document exactly as it was issued."""

    def get(self, request, *args, **kwargs):
        paper = get_object_or_404(
            self.get_queryset().only(
                "docx", "subject_heading", "committee_name", "meeting_date", "local_authority"
            ),
            pk=kwargs["pk"],
        )
        return docx_response(bytes(paper.docx), paper.filename)


class PaperFormView(PaperWriterRequiredMixin, FormView):
    """The paper's inputs; preview it as HTML, download a draft .docx, or issue it."""

    template_name = "scrutiny/paper_form.html"
    form_class = PaperForm

    def programmes(self):
        return (
            Programme.objects.visible_to(self.request.user)
            .for_local_authority(self.get_local_authority())
            .select_related("local_authority")
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["programmes"] = self.programmes()
        return kwargs

    def get_initial(self):
        la = self.get_local_authority()
        return paper_defaults(
            local_authority=la,
            programme=current_programme(local_authority=la, user=self.request.user),
            user=self.request.user,
        )

    def form_valid(self, form):
        programme = form.cleaned_data["programme"]
        action = self.request.POST.get("action", "preview")
        if action == "issue":
            try:
                paper = services.issue_paper(
                    programme=programme, by=self.request.user, inputs=form.inputs()
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
                return self.form_invalid(form)
            messages.success(
                self.request,
                f"The paper for the meeting on {day(paper.meeting_date)} has been issued.",
            )
            return redirect(paper.get_absolute_url())
        content = paper_content(programme=programme, inputs=form.inputs())
        if action == "draft":
            filename = paper_filename(
                content.subject_heading, content.committee_name, content.meeting_date
            )
            return docx_response(build_docx(content), f"DRAFT-{filename}")
        return self.render_to_response(self.get_context_data(form=form, preview=content))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["has_programme"] = self.programmes().exists()
        return context


class PaperDraftDownloadView(PaperWriterRequiredMixin, View):
    """A draft .docx of the current programme with the default wording, dated today."""

    def get(self, request, *args, **kwargs):
        la = self.get_local_authority()
        programmes = Programme.objects.visible_to(request.user).for_local_authority(la)
        chosen = request.GET.get("programme", "")
        if chosen:
            # Only ASCII digits are a programme's id ("²" is a digit to isdigit(), not to int()).
            if not re.fullmatch("[0-9]{1,18}", chosen):
                raise Http404("No such programme.")
            programme = get_object_or_404(
                programmes.select_related("local_authority"), pk=int(chosen)
            )
        else:
            programme = current_programme(local_authority=la, user=request.user)
            if programme is None:
                raise Http404("This council has no improvement programme yet.")
        inputs = paper_defaults(local_authority=la, programme=programme, user=request.user)
        inputs["meeting_date"] = timezone.localdate()
        content = paper_content(programme=programme, inputs=inputs)
        filename = paper_filename(
            content.subject_heading, content.committee_name, content.meeting_date
        )
        return docx_response(build_docx(content), f"DRAFT-{filename}")


# ---------------------------------------------------------------------------------------------
# Learning from elsewhere


class LearningMixin:
    """Journeys and visits of every council, filtered by the query string."""

    nav_section = "learning"

    visits_per_page = 50

    def filters(self):
        inspections = Inspection.objects.visible_to(self.request.user)
        data = self.request.GET or None
        self.choices = shared_choices()
        journey_filter = JourneyFilter(data, queryset=inspections, choices=self.choices)
        visit_filter = VisitFilter(
            data,
            queryset=inspections.filter(
                inspection_type__in=[value for value, _ in VISIT_TYPES]
            ).select_related("local_authority"),
            choices=self.choices,
        )
        return journey_filter, visit_filter

    def journeys(self, journey_filter):
        from inspections.services import journeys

        if not journey_filter.is_valid():
            return journeys(queryset=journey_filter.queryset)
        direction = journey_filter.form.cleaned_data.get("direction") or None
        return journeys(queryset=journey_filter.qs, direction=direction)

    def visits(self, visit_filter):
        queryset = visit_filter.qs if visit_filter.is_valid() else visit_filter.queryset
        return queryset.order_by("-start_date", "local_authority__name", "pk")


class LearningView(LearningMixin, TemplateView):
    """The filters and the journeys table are cached under the query that shapes them and the
    national data version (every inspection write bumps it), so they are only worked out again
    when an inspection may have changed."""

    template_name = "scrutiny/learning.html"

    def journey_query(self, journey_filter):
        if not journey_filter.is_valid():
            return ""
        data = journey_filter.form.cleaned_data
        return "&".join(f"{name}={data.get(name) or ''}" for name in sorted(journey_filter.filters))

    def own_local_authority(self):
        """The user's LA as {"dfe_code", "name"} (from the choices already read), or None."""
        own = self.request.user.local_authority_id
        for pk, code, name in self.choices["local_authorities"]:
            if pk == own:
                return {"dfe_code": code, "name": name}
        return None

    def get_context_data(self, **kwargs):
        # The page's content is cached under the national version (`cache_content`): the
        # filters, the visits and the journeys are read only when it is rendered afresh.
        context = super().get_context_data(**kwargs)
        filters = SimpleLazyObject(lambda: list(self.filters()))
        journey_filter = SimpleLazyObject(lambda: filters[0])
        visit_filter = SimpleLazyObject(lambda: filters[1])
        page = SimpleLazyObject(
            lambda: Paginator(self.visits(visit_filter), self.visits_per_page).get_page(
                self.request.GET.get("page")
            )
        )
        query = self.request.GET.urlencode()
        context.update(
            journey_filter=journey_filter,
            visit_filter=visit_filter,
            visits=SimpleLazyObject(lambda: page.object_list),
            page_obj=page,
            query=query,
            filters_html=SimpleLazyObject(lambda: self.filters_html(filters, query)),
            journeys_html=SimpleLazyObject(
                lambda: cached_fragment(
                    versioned_key("scrutiny-journeys", self.journey_query(journey_filter)),
                    "scrutiny/_journeys.html",
                    lambda: {
                        "journeys": self.journeys(journey_filter),
                        "journey_filter": journey_filter,
                    },
                )
            ),
        )
        return context

    def filters_html(self, filters, query):
        journey_filter, visit_filter = filters  # read first: they read the choices
        own = self.own_local_authority()
        return cached_fragment(
            versioned_key("scrutiny-learning-filters", query, own and own["dfe_code"]),
            "scrutiny/_learning_filters.html",
            lambda: {
                "journey_filter": journey_filter,
                "visit_filter": visit_filter,
                "own_local_authority": own,
            },
        )


class JourneyCsvView(LearningMixin, View):
    def get(self, request, *args, **kwargs):
        journey_filter, _ = self.filters()
        rows = [
            [
                j.local_authority.name,
                j.local_authority.dfe_code,
                j.local_authority.region_name,
                "Improved" if j.direction == "improved" else "Declined",
                j.start.get_inspection_type_display(),
                j.start.start_date,
                overall_words(j.start),
                j.end.get_inspection_type_display(),
                j.end.start_date,
                overall_words(j.end),
                j.months,
                request.build_absolute_uri(j.end.get_absolute_url()),
            ]
            for j in self.journeys(journey_filter)
        ]
        header = [
            "Local authority",
            "DfE LA code",
            "Region",
            "Direction",
            "From inspection",
            "From date",
            "From grade",
            "To inspection",
            "To date",
            "To grade",
            "Months taken",
            "Inspection page",
        ]
        return csv_response("journeys.csv", header, rows)


class VisitCsvView(LearningMixin, View):
    def get(self, request, *args, **kwargs):
        _, visit_filter = self.filters()
        rows = [
            [
                v.local_authority.name,
                v.local_authority.dfe_code,
                v.local_authority.region_name,
                v.get_inspection_type_display(),
                v.theme,
                v.start_date,
                v.published_on,
                v.report_url,
                request.build_absolute_uri(v.get_absolute_url()),
            ]
            for v in self.visits(visit_filter)
        ]
        header = [
            "Local authority",
            "DfE LA code",
            "Region",
            "Type",
            "Theme",
            "Start date",
            "Published",
            "Ofsted report",
            "Inspection page",
        ]
        return csv_response("visits.csv", header, rows)
