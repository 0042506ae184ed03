"""The committee paper's content as plain data, built from the programme.

- `paper_content(*, programme, inputs) -> PaperContent`: the paper for `programme`, from the
  form's `inputs` and what the programme's leads have entered: the report detail and progress,
  the inspections and visits since, the action plan's figures and exceptions
  (`improvement.plan`), the scorecard and each theme's measures of success
  (`indicators.services`). A fixed number of queries, whatever the programme's size.
  Characters a document cannot hold (control characters, U+FFFE) are left out.
- `render_paper_html(content) -> str`: the paper as an HTML fragment.

`PaperContent` knows nothing of the database: the .docx (`scrutiny.paper_docx`) and the HTML page
are two renderings of one structure.
"""

import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from itertools import zip_longest

from django.db.models import Prefetch
from django.template.loader import render_to_string

from core.dates import long_date
from improvement import plan
from improvement.models import Achievement, EvidenceItem, NextStep, Theme
from indicators.models import ThemeMeasure
from indicators.services import scorecard_rows
from inspections.models import Inspection
from scrutiny.paper_wording import (
    INPUT_FIELDS,
    council_name,
    framework_words,
    in_words,
    join_words,
    lines,
    month_year,
    printable_data,
    with_article,
)

# The inputs the form may leave empty, as text ("" when not given); the others are required
# or are lists of lines.
REQUIRED_INPUTS = ("committee_name", "meeting_date", "subject_heading")
LIST_INPUTS = ("recommendations", "council_objectives")
OPTIONAL_TEXT_INPUTS = [
    name for name in INPUT_FIELDS if name not in REQUIRED_INPUTS and name not in LIST_INPUTS
]


@dataclass
class LabelledItem:
    label: str
    text: str


@dataclass
class DetailParagraph:
    """One numbered paragraph of the report detail, optionally followed by a bullet list."""

    text: str
    bullets: list[str] = field(default_factory=list)


@dataclass
class PaperTable:
    """A table of the paper as text: the .docx and the HTML page show it the same way."""

    caption: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    intro: str = ""
    empty: str = "None."


@dataclass
class ThemeProgress:
    title: str
    heading: str  # the theme's name in "Themes and objectives"
    aim: str
    achievements: list[LabelledItem] = field(default_factory=list)
    next_steps: list[LabelledItem] = field(default_factory=list)
    # The theme's measures of success, each "Measure: latest value; against target" in words.
    measures: list[str] = field(default_factory=list)

    def rows(self):
        """Achievements and next steps side by side, as the paper's two-column table."""
        return list(zip_longest(self.achievements, self.next_steps))


# The content's fields that hold a date (stored as yyyy-mm-dd), and those that hold a table.
DATE_FIELDS = ("meeting_date", "issued_on")
TABLE_FIELDS = ("visits", "plan_figures", "plan_by_theme", "exceptions", "scorecard")


@dataclass
class PaperContent:
    council_name: str
    committee_name: str
    meeting_date: date
    subject_heading: str
    slt_lead: str
    report_author: str
    policy_context: str
    financial_summary: str
    summary: str
    recommendations: list[str]
    detail: list[DetailParagraph]
    themes: list[ThemeProgress]
    financial_implications: str
    legal_implications: str
    hr_implications: str
    equalities_implications: str
    consultation: str = ""
    council_objectives: list[str] = field(default_factory=list)
    # Tables made from the programme's action plan, the council's indicators and inspections.
    visits: PaperTable | None = None
    plan_figures: PaperTable | None = None
    plan_by_theme: PaperTable | None = None
    exceptions: PaperTable | None = None
    scorecard: PaperTable | None = None
    # Set when the paper is issued; a paper without them is a draft.
    issued_on: date | None = None
    issued_by: str = ""

    @property
    def meeting_date_display(self) -> str:
        return f"{self.meeting_date.day} {self.meeting_date:%B %Y}"

    @property
    def is_draft(self) -> bool:
        return self.issued_on is None

    @property
    def issued_line(self) -> str:
        """'Issued on 26 November 2019 by Ali Omar' ('' for a draft)."""
        if self.issued_on is None:
            return ""
        issued = f"Issued on {self.issued_on.day} {self.issued_on:%B %Y}"
        return f"{issued} by {self.issued_by}" if self.issued_by else issued

    @property
    def recommendations_intro(self) -> str:
        return f"It is recommended that the {self.committee_name}:"

    @property
    def heading_block(self) -> list[tuple[str, str]]:
        return [
            ("Subject Heading:", self.subject_heading.upper()),
            ("SLT Lead:", self.slt_lead),
            ("Report Author and contact details:", self.report_author),
            ("Policy context:", self.policy_context),
            ("Financial summary:", self.financial_summary),
        ]

    @property
    def implications(self) -> list[tuple[str, str]]:
        return [
            ("Financial implications and risks:", self.financial_implications),
            ("Legal implications and risks:", self.legal_implications),
            ("Human Resources implications and risks:", self.hr_implications),
            ("Equalities implications and risks:", self.equalities_implications),
        ]

    @property
    def objectives_intro(self) -> str:
        return "The subject matter of this report deals with the following Council Objectives:"

    @property
    def tables(self) -> list[PaperTable]:
        """The tables after "Themes and objectives", in the order the paper gives them."""
        return [
            table
            for table in (
                self.visits,
                self.plan_figures,
                self.plan_by_theme,
                self.exceptions,
                self.scorecard,
            )
            if table is not None
        ]

    @property
    def theme_paragraph_start(self) -> int:
        """The number of the first "Themes and objectives" paragraph (numbering continues)."""
        return len(self.detail) + 1

    def progress_rows(self) -> list[tuple[str, str, str]]:
        """(theme, achievement, next step) for each row of the paper's progress tables, each
        item as the table shows it ("Label: text")."""
        return [
            (theme.title, _item_text(achievement), _item_text(next_step))
            for theme in self.themes
            for achievement, next_step in theme.rows()
        ]

    def as_data(self) -> dict:
        """The content as JSON-ready data (what an issued paper stores)."""
        data = asdict(self)
        for name, value in data.items():
            if isinstance(value, date):
                data[name] = value.isoformat()
        return data

    @classmethod
    def from_data(cls, data: dict) -> "PaperContent":
        """The content stored by `as_data()`; fields it lacks take their defaults."""
        values = {f.name: data[f.name] for f in fields(cls) if f.name in data}
        for name in DATE_FIELDS:
            if values.get(name):
                values[name] = date.fromisoformat(values[name])
        values["detail"] = [DetailParagraph(**item) for item in values.get("detail", [])]
        for name in TABLE_FIELDS:
            if values.get(name):
                values[name] = PaperTable(**values[name])
        values["themes"] = [
            ThemeProgress(
                **{
                    **theme,
                    "achievements": [LabelledItem(**i) for i in theme.get("achievements", [])],
                    "next_steps": [LabelledItem(**i) for i in theme.get("next_steps", [])],
                }
            )
            for theme in values.get("themes", [])
        ]
        return cls(**values)


def _item_text(item: LabelledItem | None) -> str:
    if item is None:
        return ""
    return f"{item.label}: {item.text}" if item.label else item.text


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


def _plural(count: int, word: str) -> str:
    """'seven recommendations', 'one theme'."""
    return f"{in_words(count)} {word}{'s' if count != 1 else ''}"


def _visits_table(la, inspection) -> PaperTable | None:
    """Every inspection and visit since the graded inspection the paper reports, in date order
    (monitoring and focused visits included). One query."""
    if inspection is None:
        return None
    since = (
        Inspection.objects.filter(local_authority_id=la.pk, start_date__gt=inspection.start_date)
        .with_judgements()
        .order_by("start_date", "pk")
    )
    rows = []
    for visit in since:
        overall = visit.judgement_for("overall")
        rows.append(
            [
                long_date(visit.start_date),
                visit.get_inspection_type_display(),
                visit.theme or (overall.get_grade_display() if overall else ""),
                long_date(visit.published_on) if visit.published_on else "Not yet published",
            ]
        )
    graded_on = month_year(inspection.start_date)
    return PaperTable(
        caption=f"Inspections and visits since the inspection of {graded_on}",
        header=["Date", "Inspection or visit", "Theme or judgement", "Report published"],
        rows=rows,
        intro=(
            f"Ofsted has made {_plural(len(rows), 'inspection')} or visit"
            f"{'s' if len(rows) != 1 else ''} since the inspection "
            f"of {graded_on}."
            if rows
            else ""
        ),
        empty=f"There have been no inspections or visits since {graded_on}.",
    )


def _rag_words(figures) -> str:
    return f"Red {figures.red}, Amber {figures.amber}, Green {figures.green}"


def _slip_words(figures) -> str:
    if not figures.rescheduled:
        return "0"
    return (
        f"{figures.rescheduled} (moved {_plural(figures.total_slip_days, 'day')} in all; "
        f"median {_plural(figures.median_slip_days, 'day')})"
    )


def _plan_tables(programme):
    """The action plan's headline figures, the same figures by theme and the exception table
    (from `improvement.plan`)."""
    figures = plan.headline_figures(programme)
    headline = PaperTable(
        caption="The action plan's headline figures",
        header=["Figure", "Value"],
        rows=[
            ["Actions complete", f"{figures.percent_complete}% ({figures.how_counted})"],
            ["Open actions by RAG rating", _rag_words(figures)],
            ["Overdue", str(figures.overdue)],
            ["Rescheduled", _slip_words(figures)],
            ["Done late (after their original due date)", str(figures.done_late)],
            [f"Due in the next {plan.SOON_DAYS} days", str(figures.due_soon)],
        ],
        intro=f"The action plan as it stood on {long_date(figures.on)}.",
    )
    by_theme = PaperTable(
        caption="The action plan's figures by theme",
        header=[
            "Theme",
            "Complete",
            "Red",
            "Amber",
            "Green",
            "Overdue",
            "Rescheduled",
            "Done late",
            f"Due in {plan.SOON_DAYS} days",
        ],
        rows=[
            [
                theme.title,
                f"{f.percent_complete}% ({f.done} of {f.actions})",
                str(f.red),
                str(f.amber),
                str(f.green),
                str(f.overdue),
                str(f.rescheduled),
                str(f.done_late),
                str(f.due_soon),
            ]
            for theme, f in plan.figures_by_theme(programme)
        ],
        empty="The programme has no themes yet.",
    )
    report = plan.exception_report(programme)
    exceptions = PaperTable(
        caption="Exceptions: actions that are Red, overdue, rescheduled or done late",
        header=[
            "Theme",
            "Action",
            "Owner",
            "Original due",
            "Current due",
            "Times moved",
            "Reason or latest note",
            "Why it is listed",
        ],
        rows=[
            [
                step.theme.title,
                f"{step.label}: {step.text}" if step.label else step.text,
                plan.owner_label(step) or "No owner",
                long_date(step.original_due_date or step.due_date) or "No due date",
                long_date(step.due_date) or "No due date",
                str(step.times_moved),
                step.latest_change_reason or step.latest_note_text or "",
                "; ".join(step.reasons),
            ]
            for step in report.rows
        ],
        intro=(
            f"Every action that is Red, overdue, rescheduled since {report.since_name} "
            f"({long_date(report.since)}) or done late."
        ),
        empty="No action is Red, overdue, rescheduled since the last meeting or done late.",
    )
    return headline, by_theme, exceptions


def _latest_words(row) -> str:
    parts = []
    if row.published is not None:
        parts.append(f"{row.published.display_value} (DfE, {row.published.period})")
    if row.local is not None:
        parts.append(f"{row.local.display_value} (local, unpublished, {long_date(row.local.date)})")
    return "; ".join(parts) or "No figure"


def _against_target(row) -> str:
    if row.judgement is None:
        return "No target set" if row.target is None else "No figure to judge"
    return f"{row.judgement.label}: {row.judgement.words}"


def _scorecard_row(row) -> list[str]:
    return [
        row.measure.name,
        _latest_words(row),
        row.target.display_value if row.target else "None set",
        _against_target(row),
        row.england.display_value if row.england else "–",
        f"{row.neighbours.display_value} ({row.neighbours.coverage})" if row.neighbours else "–",
        row.direction or "–",
    ]


def _indicator_rows(la, programme):
    """The council's scorecard and each theme's measures of success, as scorecard rows (the
    measures of every theme read together, so the queries do not grow with the themes)."""
    scorecard = scorecard_rows(la)
    links = list(
        ThemeMeasure.objects.filter(theme__programme=programme)
        .select_related("measure")
        .order_by("theme_id", "order", "pk")
    )
    measures = list({link.measure_id: link.measure for link in links}.values())
    rows = {row.measure.pk: row for row in scorecard_rows(la, measures=measures)} if links else {}
    by_theme: dict[int, list[str]] = {}
    for link in links:
        row = rows[link.measure_id]
        by_theme.setdefault(link.theme_id, []).append(
            f"{row.measure.name}: {_latest_words(row)}; {_against_target(row)}"
        )
    return scorecard, by_theme


def _scorecard_table(scorecard) -> PaperTable:
    return PaperTable(
        caption="Key performance indicators",
        header=[
            "Measure",
            "Latest",
            "Target",
            "Against target",
            "England",
            "Statistical neighbours",
            "Direction of travel",
        ],
        rows=[_scorecard_row(row) for row in scorecard],
        empty="No key indicators have been chosen yet.",
    )


def _count_paragraph(inspection, recommendations: int, themes: int) -> DetailParagraph:
    """How many recommendations the inspection made and how many themes answer them, each
    count saying what it counts."""
    if inspection is None:
        return DetailParagraph(
            f"The programme has {_plural(themes, 'thematic area')} for improvement in order to "
            "raise standards further."
        )
    if recommendations:
        return DetailParagraph(
            f"The inspection report made {_plural(recommendations, 'recommendation')}, "
            f"answered by {_plural(themes, 'theme')} for improvement in order to raise "
            "standards further."
        )
    return DetailParagraph(
        f"The inspection report highlighted {_plural(themes, 'thematic area')} for improvement "
        "in order to raise standards further."
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
        recommendations = inspection.recommendations.count() if inspection is not None else 0
        detail.append(_count_paragraph(inspection, recommendations, count))
    detail += [DetailParagraph(text) for text in lines(programme.summary)]
    for paragraph in (_governance_paragraph(programme), _evaluation_paragraph(evidence)):
        if paragraph is not None:
            detail.append(paragraph)

    recommendations = inputs.get("recommendations") or []
    if isinstance(recommendations, str):
        recommendations = lines(recommendations)
    objectives = inputs.get("council_objectives") or []
    if isinstance(objectives, str):
        objectives = lines(objectives)
    plan_figures, plan_by_theme, exceptions = _plan_tables(programme)
    scorecard, measures_by_theme = _indicator_rows(la, programme)
    content = PaperContent(
        council_name=council_name(la),
        committee_name=inputs["committee_name"],
        meeting_date=inputs["meeting_date"],
        subject_heading=inputs["subject_heading"],
        **{name: inputs.get(name, "") for name in OPTIONAL_TEXT_INPUTS},
        recommendations=list(recommendations),
        detail=detail,
        themes=[
            ThemeProgress(
                title=theme.title,
                heading=theme.aim_heading or theme.title,
                aim=theme.aim,
                achievements=[LabelledItem(a.label, a.text) for a in theme.achievements.all()],
                next_steps=[LabelledItem(n.label, n.text) for n in theme.open_next_steps],
                measures=measures_by_theme.get(theme.pk, []),
            )
            for theme in themes
        ],
        council_objectives=list(objectives),
        visits=_visits_table(la, inspection),
        plan_figures=plan_figures,
        plan_by_theme=plan_by_theme,
        exceptions=exceptions,
        scorecard=_scorecard_table(scorecard),
    )
    # Control characters typed or pasted anywhere would break the document and the stored data.
    return PaperContent.from_data(printable_data(content.as_data()))


def render_paper_html(content: PaperContent) -> str:
    """The paper as an HTML fragment (headings from h2): the page shows it inside its layout."""
    return render_to_string("scrutiny/_paper.html", {"paper": content})
