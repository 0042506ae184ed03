"""Scrutiny's reads and writes.

Public functions other apps may call:

- `paper_defaults(*, local_authority, programme=None, user=None) -> dict`: the committee paper
  form's starting values (the standard wording of a committee report, the PSED text).
- `paper_content(*, programme, inputs) -> PaperContent`: the paper for `programme`, from the
  form's `inputs` and what the programme's leads have entered. Nine queries at most, whatever
  the programme's size.
- `render_paper_html(content) -> str`: the paper as an HTML fragment.
- `issue_paper(*, programme, by, inputs, issued_at=None) -> CommitteePaper`: generates and
  stores the paper as issued (the .docx and the HTML), refusing a second paper for the same
  committee meeting (ValidationError).
- `la_summary(*, local_authority, user, today=None) -> LocalAuthoritySummary`: everything the
  LA summary page shows, in eight queries whatever the data size.
- `what_comes_next(latest_inspection) -> WhatNext | None`: Ofsted's next step under its
  framework after that inspection, with the date it is due around.
- `current_programme(*, local_authority, user)`: the programme a summary or paper is about.
- `summary_fingerprint()`, `local_authority_with_fingerprint(dfe_code)`, `fingerprint_of(la,
  today)`: values that change whenever what the cached LA summary shows changes (one query).
  Pages drawn from every council's inspections use `inspections.services.inspections_fingerprint`.
"""

import datetime
import functools
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import (
    Case,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from core.fingerprints import digest, rows_summary
from core.models import LocalAuthority, StatisticalNeighbour
from improvement.models import (
    Achievement,
    BoardMeeting,
    BoardMeetingTheme,
    EvidenceItem,
    NextStep,
    Programme,
    ProgressUpdate,
    Theme,
)
from inspections.models import GOOD_OR_BETTER, Grade, Inspection
from inspections.services import judgement_comparison, months_between
from scrutiny.models import CommitteePaper
from scrutiny.paper import (
    PSED_TEXT,
    DetailParagraph,
    LabelledItem,
    PaperContent,
    ThemeProgress,
    build_docx,
    lines,
)
from workforce.models import Metric, Observation
from workforce.services import headline_figures

DEFAULT_COMMITTEE = "Children and Learning Overview and Scrutiny Committee"
DEFAULT_SUBJECT = "Ofsted improvement update"
DEFAULT_POLICY_CONTEXT = "Ofsted Improvement and delivery of statutory social care."
DEFAULT_FINANCIAL_SUMMARY = (
    "There are no direct financial implications arising from this update report."
)
DEFAULT_RECOMMENDATIONS = [
    "Notes the progress in compliance with the Ofsted recommendations",
    "Should continue to receive updates on Ofsted improvement and monitor progress against key "
    "areas of performance.",
]
DEFAULT_FINANCIAL_IMPLICATIONS = "There are no financial implications associated with this report."
DEFAULT_LEGAL_IMPLICATIONS = (
    "There are no apparent legal implications in noting the progress with implementation of the "
    "Ofsted recommendations."
)
DEFAULT_HR_IMPLICATIONS = (
    "There are no direct HR implications arising from the recommendations in this report."
)

# The form's fields that become the paper's text, in the order of the form.
INPUT_FIELDS = [
    "committee_name",
    "meeting_date",
    "subject_heading",
    "slt_lead",
    "report_author",
    "policy_context",
    "financial_summary",
    "summary",
    "recommendations",
    "financial_implications",
    "legal_implications",
    "hr_implications",
    "equalities_implications",
]

NUMBER_WORDS = (
    "no one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()


def in_words(number: int) -> str:
    return NUMBER_WORDS[number] if 0 <= number < len(NUMBER_WORDS) else str(number)


def join_words(items) -> str:
    """['LSCB', 'SLT', 'the Executive'] -> 'LSCB, SLT and the Executive'."""
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def with_article(body: str) -> str:
    """'Executive' -> 'the Executive'; acronyms ('LSCB') and names with an article stay."""
    body = body.strip()
    if not body or body.isupper() or body.lower().startswith(("the ", "a ", "an ")):
        return body
    return f"the {body}"


def framework_words(framework) -> str:
    """'Single inspection framework (SIF)'; names that already hold the short name stay."""
    if framework.short_name and framework.short_name not in framework.name:
        return f"{framework.name} ({framework.short_name})"
    return framework.name


def month_year(day: datetime.date) -> str:
    return format_date(day, "F Y")


def council_name(local_authority) -> str:
    """'London Borough of Havering', 'Calderdale Council'."""
    if (local_authority.la_type or "").lower() == "london borough":
        return f"London Borough of {local_authority.name}"
    return f"{local_authority.name} Council"


# ---------------------------------------------------------------------------------------------
# The committee paper


def paper_defaults(*, local_authority, programme=None, user=None) -> dict:
    """The form's starting values: the standard wording of the council's committee reports."""
    author = []
    if user is not None and user.is_authenticated:
        name = user.get_full_name() or user.get_username()
        author.append(f"{name}, {user.job_title}" if user.job_title else name)
        if user.email:
            author.append(user.email)
    return {
        "programme": programme,
        "committee_name": DEFAULT_COMMITTEE,
        "meeting_date": None,
        "subject_heading": DEFAULT_SUBJECT,
        "slt_lead": "Director of Children's Services",
        "report_author": "\n".join(author),
        "policy_context": DEFAULT_POLICY_CONTEXT,
        "financial_summary": DEFAULT_FINANCIAL_SUMMARY,
        "summary": (
            f"To ensure that {local_authority.name} is meeting its statutory responsibilities and "
            "continuing to evidence improvement against Ofsted recommendations, this report "
            "updates members of the Committee on progress to improve standards of social care "
            "practice, workforce development and associated systems."
        ),
        "recommendations": list(DEFAULT_RECOMMENDATIONS),
        "financial_implications": DEFAULT_FINANCIAL_IMPLICATIONS,
        "legal_implications": DEFAULT_LEGAL_IMPLICATIONS,
        "hr_implications": DEFAULT_HR_IMPLICATIONS,
        "equalities_implications": PSED_TEXT,
    }


def _answered_inspection(programme):
    """The latest graded inspection the programme answers; failing that, the LA's latest graded
    inspection on or before the programme's start. With its judgements."""
    graded = Inspection.objects.graded().with_judgements().latest_first()
    answered = graded.filter(programmes=programme).first()
    if answered is not None:
        return answered
    return graded.filter(
        local_authority_id=programme.local_authority_id,
        start_date__lte=programme.start_date,
    ).first()


def _inspection_paragraphs(la, inspection, previous) -> list[DetailParagraph]:
    if inspection is None:
        return [DetailParagraph(f"There is no graded Ofsted inspection of {la.name} on record.")]
    reported = inspection.published_on or inspection.end_date or inspection.start_date
    overall = inspection.judgement_for("overall")
    others = [j for j in inspection.judgements.all() if j.area.strand != "overall"]
    bullets = [f"{j.area.name} is '{j.get_grade_display()}'." for j in others]
    paragraphs = []
    if overall is not None:
        paragraphs.append(
            DetailParagraph(
                f"The published Ofsted inspection report of {month_year(reported)} highlighted "
                "the impact and effectiveness of a range of services, with an overall grading "
                "for effectiveness."
            )
        )
        paragraphs.append(
            DetailParagraph(
                f"{la.name} received an overall grade of '{overall.get_grade_display()}', "
                "with the following breakdown of sub-categories:",
                bullets,
            )
        )
    else:
        paragraphs.append(
            DetailParagraph(
                f"The published Ofsted inspection report of {month_year(reported)} highlighted "
                f"the impact and effectiveness of a range of services. {la.name} received the "
                "following judgements:",
                bullets,
            )
        )
    framework = inspection.framework
    context = (
        f"The inspection was carried out under {framework_words(framework)}, the framework Ofsted "
        f"introduced in {month_year(framework.starts_on)}"
    )
    if previous is None:
        context += "."
    elif previous.framework_id != inspection.framework_id:
        context += (
            ", which differs from the previous framework, "
            f"{framework_words(previous.framework)}, under which {la.name} were inspected in "
            f"{month_year(previous.start_date)}."
        )
    else:
        context += (
            f"; {la.name} were last inspected under the same framework in "
            f"{month_year(previous.start_date)}."
        )
    paragraphs.append(DetailParagraph(context))
    return paragraphs


def _governance_paragraph(programme) -> DetailParagraph | None:
    if not programme.governance_board and not programme.reports_to:
        return None
    text = []
    if programme.governance_board:
        per_meeting = programme.themes_per_meeting
        text.append(
            f"Progress against each theme is overseen by the {programme.governance_board}, "
            f"with a rota focusing on {in_words(per_meeting)} "
            f"theme{'s' if per_meeting != 1 else ''} per meeting."
        )
    if programme.reports_to:
        bodies = join_words([with_article(body) for body in programme.reports_to])
        text.append(f"Progress updates are provided to {bodies}.")
    return DetailParagraph(" ".join(text))


def _evaluation_paragraph(evidence_items) -> DetailParagraph | None:
    titles = []
    for item in evidence_items:
        if item.title not in titles:
            titles.append(item.title)
    if not titles:
        return None
    return DetailParagraph(
        "The programme includes an evaluation framework, to establish what is working and how "
        "we are progressing on our improvement. This includes:",
        titles,
    )


def _paper_themes(programme):
    return list(
        Theme.objects.filter(programme=programme)
        .order_by("order", "pk")
        .prefetch_related(
            Prefetch("achievements", queryset=Achievement.objects.order_by("order", "pk")),
            Prefetch(
                "next_steps",
                queryset=NextStep.objects.open().order_by("order", "pk"),
                to_attr="open_next_steps",
            ),
        )
    )


def paper_content(*, programme, inputs: dict) -> PaperContent:
    """The paper for `programme`: the form's `inputs` (see INPUT_FIELDS; `recommendations` a
    list of lines) around the report detail and progress generated from the programme's data."""
    la = programme.local_authority
    inspection = _answered_inspection(programme)
    previous = None
    if inspection is not None:
        previous = (
            Inspection.objects.graded()
            .select_related("framework")
            .filter(local_authority_id=la.pk, start_date__lt=inspection.start_date)
            .latest_first()
            .first()
        )
    themes = _paper_themes(programme)
    evidence = list(EvidenceItem.objects.filter(programme=programme).order_by("order", "pk"))

    detail = _inspection_paragraphs(la, inspection, previous)
    count = len(themes)
    counted = re.search(
        rf"\b({in_words(count)}|{count})\s+(thematic|themes?)\b", programme.summary, re.I
    )
    if count and not counted:
        source = "The inspection report highlighted" if inspection else "The programme has"
        detail.append(
            DetailParagraph(
                f"{source} {in_words(count)} thematic area{'s' if count != 1 else ''} for "
                "improvement in order to raise standards further."
            )
        )
    detail += [DetailParagraph(text) for text in lines(programme.summary)]
    for paragraph in (_governance_paragraph(programme), _evaluation_paragraph(evidence)):
        if paragraph is not None:
            detail.append(paragraph)

    recommendations = inputs.get("recommendations") or []
    if isinstance(recommendations, str):
        recommendations = lines(recommendations)
    return PaperContent(
        council_name=council_name(la),
        committee_name=inputs["committee_name"],
        meeting_date=inputs["meeting_date"],
        subject_heading=inputs["subject_heading"],
        slt_lead=inputs.get("slt_lead", ""),
        report_author=inputs.get("report_author", ""),
        policy_context=inputs.get("policy_context", ""),
        financial_summary=inputs.get("financial_summary", ""),
        summary=inputs.get("summary", ""),
        recommendations=list(recommendations),
        detail=detail,
        themes=[
            ThemeProgress(
                title=theme.title,
                heading=theme.aim_heading or theme.title,
                aim=theme.aim,
                achievements=[LabelledItem(a.label, a.text) for a in theme.achievements.all()],
                next_steps=[LabelledItem(n.label, n.text) for n in theme.open_next_steps],
            )
            for theme in themes
        ],
        financial_implications=inputs.get("financial_implications", ""),
        legal_implications=inputs.get("legal_implications", ""),
        hr_implications=inputs.get("hr_implications", ""),
        equalities_implications=inputs.get("equalities_implications", ""),
    )


def render_paper_html(content: PaperContent) -> str:
    """The paper as an HTML fragment (headings from h2): the page shows it inside its layout."""
    return render_to_string("scrutiny/_paper.html", {"paper": content})


@transaction.atomic
def issue_paper(*, programme, by, inputs: dict, issued_at=None) -> CommitteePaper:
    """Generate the paper from the programme as it is now and keep it as issued.

    Raises ValidationError if a paper was already issued for the same committee meeting, or
    if an input breaks a rule of the model.
    """
    content = paper_content(programme=programme, inputs=inputs)
    paper = CommitteePaper(
        local_authority_id=programme.local_authority_id,
        programme=programme,
        committee_name=content.committee_name,
        meeting_date=content.meeting_date,
        subject_heading=content.subject_heading,
        slt_lead=content.slt_lead,
        report_author=content.report_author,
        policy_context=content.policy_context,
        financial_summary=content.financial_summary,
        summary=content.summary,
        recommendations=content.recommendations,
        financial_implications=content.financial_implications,
        legal_implications=content.legal_implications,
        hr_implications=content.hr_implications,
        equalities_implications=content.equalities_implications,
        issued_at=issued_at or timezone.now(),
        issued_by=by,
        docx=build_docx(content),
        html=render_paper_html(content),
    )
    paper.full_clean()
    paper._history_user = by
    paper.save()
    return paper


# ---------------------------------------------------------------------------------------------
# The LA summary


@dataclass
class WhatNext:
    """What Ofsted does next under its framework, given the latest overall grade."""

    text: str
    due_around: datetime.date | None = None


def what_comes_next(latest) -> WhatNext | None:
    """The next step under the inspection framework after `latest` (a graded inspection)."""
    if latest is None:
        return None
    grade = latest.overall_grade
    three_years_on = _add_years(latest.start_date, 3)
    if grade == Grade.INADEQUATE:
        return WhatNext(
            "Monitoring visits, about every three months, then a standard inspection when "
            "Ofsted judges that enough has improved."
        )
    if grade in GOOD_OR_BETTER:
        return WhatNext(
            "A short inspection around three years after the last inspection, with a focused "
            "visit in between.",
            three_years_on,
        )
    # Requires improvement to be good (or no overall grade): a full inspection again.
    return WhatNext(
        "A standard inspection around three years after the last inspection, with a focused "
        "visit in between.",
        three_years_on,
    )


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass
class LocalAuthoritySummary:
    local_authority: object
    today: datetime.date
    inspection: object  # inspections.services.JudgementComparison
    what_next: WhatNext | None
    months_since: int | None
    programme: Programme | None
    themes: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    workforce: list = field(default_factory=list)

    @property
    def totals(self) -> dict:
        return {
            "achievements": sum(t.achievement_count for t in self.themes),
            "done": sum(t.next_steps_done for t in self.themes),
            "due": sum(t.next_steps_due for t in self.themes),
            "overdue": sum(t.next_steps_overdue for t in self.themes),
        }


def current_programme(*, local_authority, user):
    """The LA's programme a summary shows: the active one started last, else the latest."""
    return (
        Programme.objects.visible_to(user)
        .for_local_authority(local_authority)
        .annotate(
            is_active=Case(
                When(status=Programme.Status.ACTIVE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("is_active", "-start_date", "-pk")
        .first()
    )


@dataclass
class UpcomingMeeting:
    """A board meeting to come, with the themes on its agenda in order."""

    pk: int
    date: datetime.date
    themes: list = field(default_factory=list)

    def get_absolute_url(self):
        return reverse("improvement:meeting-detail", kwargs={"pk": self.pk})


def upcoming_meetings(programme, *, themes, today, limit=3) -> list[UpcomingMeeting]:
    """The programme's next `limit` board meetings with the themes on their agendas, in one
    query (`themes`: the programme's themes, already loaded)."""
    next_ones = BoardMeeting.objects.filter(programme=programme).upcoming(today).values("pk")
    rows = (
        BoardMeeting.objects.filter(pk__in=Subquery(next_ones[:limit]))
        .order_by("date", "pk", "agenda_items__order", "agenda_items__pk")
        .values_list("pk", "date", "agenda_items__theme_id")
    )
    by_id = {theme.pk: theme for theme in themes}
    meetings: dict[int, UpcomingMeeting] = {}
    for pk, day, theme_id in rows:
        meeting = meetings.setdefault(pk, UpcomingMeeting(pk=pk, date=day))
        if theme_id in by_id:
            meeting.themes.append(by_id[theme_id])
    return list(meetings.values())


def summary_fingerprint() -> dict:
    """Annotations for a LocalAuthority queryset that, together, change whenever anything the
    LA summary shows changes: the LA's inspections (a judgement changes with its inspection),
    programmes, themes, achievements, next steps, progress updates, board meetings and their
    agendas, and the workforce figures of the LA, its neighbours, its region and England.
    One query with the LA itself; the summary page caches its content under their values."""
    la = OuterRef("pk")
    sources = {
        "inspections": (Inspection.objects.filter(local_authority=la), "updated_at"),
        "programmes": (Programme.objects.filter(local_authority=la), "updated_at"),
        "themes": (Theme.objects.filter(programme__local_authority=la), "updated_at"),
        "achievements": (
            Achievement.objects.filter(theme__programme__local_authority=la),
            "updated_at",
        ),
        "next_steps": (NextStep.objects.filter(theme__programme__local_authority=la), "updated_at"),
        "updates": (
            ProgressUpdate.objects.filter(theme__programme__local_authority=la),
            "created_at",
        ),
        "meetings": (BoardMeeting.objects.filter(programme__local_authority=la), "updated_at"),
        "agendas": (
            BoardMeetingTheme.objects.filter(meeting__programme__local_authority=la),
            None,
        ),
        "neighbours": (StatisticalNeighbour.objects.filter(local_authority=la), None),
        "metrics": (
            Metric.objects.filter(Q(local_authority__isnull=True) | Q(local_authority=la)),
            "updated_at",
        ),
        "own_figures": (Observation.objects.filter(local_authority=la), "updated_at"),
        "neighbour_figures": (
            StatisticalNeighbour.objects.filter(local_authority=la),
            "updated_at",
            "neighbour__workforce_observations__",
        ),
        "area_figures": (
            Observation.objects.filter(
                Q(area_type=Observation.AreaType.NATIONAL)
                | Q(area_type=Observation.AreaType.REGIONAL, region_code=OuterRef("region_code"))
            ),
            "updated_at",
        ),
    }
    return {
        f"fp_{name}": rows_summary(queryset, path[0] if path else "", moment)
        for name, (queryset, moment, *path) in sources.items()
    }


_ANY_CODE = "\x00dfe-code\x00"


@functools.cache
def _fingerprint_sql() -> tuple[str, tuple]:
    """The SQL of the LA-with-fingerprint query, compiled once a process (compiling its
    thirteen subqueries costs more than running them)."""
    queryset = LocalAuthority.objects.annotate(**summary_fingerprint()).filter(dfe_code=_ANY_CODE)
    return queryset.query.sql_with_params()


def local_authority_with_fingerprint(dfe_code: str):
    """The LA with the DfE code, carrying the `summary_fingerprint()` annotations; or None."""
    sql, params = _fingerprint_sql()
    params = [dfe_code if param == _ANY_CODE else param for param in params]
    return next(iter(LocalAuthority.objects.raw(sql, params)), None)


def fingerprint_of(local_authority, today) -> str:
    """A short digest of the annotations of `summary_fingerprint()`, the LA and the day."""
    values = [today.isoformat(), local_authority.name, local_authority.dfe_code]
    values += [
        value for name, value in sorted(vars(local_authority).items()) if name.startswith("fp_")
    ]
    return digest(values)


def la_summary(*, local_authority, user, today=None) -> LocalAuthoritySummary:
    """Everything the LA summary page shows. Eight queries at most, whatever the data size:
    inspections (2), programme (1), themes with counts (1), meetings (1), workforce (3)."""
    today = today or timezone.localdate()
    comparison = judgement_comparison(local_authority)
    latest = comparison.latest
    months_since = None
    if latest is not None:
        months_since = months_between(latest.end_date or latest.start_date, today)
    programme = current_programme(local_authority=local_authority, user=user)
    themes, meetings = [], []
    if programme is not None:
        themes = list(
            Theme.objects.filter(programme=programme).with_counts(today).order_by("order", "pk")
        )
        meetings = upcoming_meetings(programme, themes=themes, today=today)
    return LocalAuthoritySummary(
        local_authority=local_authority,
        today=today,
        inspection=comparison,
        what_next=what_comes_next(latest),
        months_since=months_since,
        programme=programme,
        themes=themes,
        meetings=meetings,
        workforce=headline_figures(local_authority, user=user),
    )
