"""The committee paper's content as plain data, built from the programme.

- `paper_content(*, programme, inputs) -> PaperContent`: the paper for `programme`, from the
  form's `inputs` and what the programme's leads have entered. Nine queries at most, whatever
  the programme's size. Characters a document cannot hold (control characters, U+FFFE) are
  left out.
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

from improvement.models import Achievement, EvidenceItem, NextStep, Theme
from inspections.models import Inspection
from scrutiny.paper_wording import (
    council_name,
    framework_words,
    in_words,
    join_words,
    lines,
    month_year,
    printable_data,
    with_article,
)


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
class ThemeProgress:
    title: str
    heading: str  # the theme's name in "Themes and objectives"
    aim: str
    achievements: list[LabelledItem] = field(default_factory=list)
    next_steps: list[LabelledItem] = field(default_factory=list)

    def rows(self):
        """Achievements and next steps side by side, as the paper's two-column table."""
        return list(zip_longest(self.achievements, self.next_steps))


# The content's fields that hold a date (stored as yyyy-mm-dd).
DATE_FIELDS = ("meeting_date", "issued_on")


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
    # Set when the paper is issued; a paper without them is a draft.
    issued_on: date | None = None
    issued_by: str = ""
    # The action plan in figures on the meeting date, and the actions rescheduled by then.
    action_plan: list[DetailParagraph] = field(default_factory=list)

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
        values["action_plan"] = [DetailParagraph(**item) for item in values.get("action_plan", [])]
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


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _action_plan_paragraphs(programme, on: date) -> list[DetailParagraph]:
    """The action plan's headline figures as they stood on `on` (from the history when it is
    past), and each action rescheduled by then with its dates and latest reason."""
    from django.utils import timezone

    from improvement import plan
    from improvement.models import DueDateChange

    past = on < timezone.localdate()
    figures = plan.headline_figures(programme, as_at=on if past else None)
    if not figures.actions:
        return []
    paragraphs = [
        DetailParagraph(
            f"{figures.percent_complete}% of actions are complete ({figures.how_counted}). "
            f"Actions by RAG: Red {figures.red}, Amber {figures.amber}, Green {figures.green}. "
            f"Overdue: {figures.overdue}. Done late: {figures.done_late}. Due in the next "
            f"{plan.SOON_DAYS} days: {figures.due_soon}."
        )
    ]
    changes = (
        DueDateChange.objects.filter(
            next_step__theme__programme=programme,
            decision=DueDateChange.Decision.APPROVED,
        )
        .select_related("next_step__theme")
        .order_by("next_step__theme__order", "next_step__order", "next_step_id", "requested_at")
    )
    if past:
        changes = changes.filter(requested_at__date__lte=on)
    moved: dict[int, list] = {}
    for change in changes:
        moved.setdefault(change.next_step_id, []).append(change)
    if moved:
        bullets = []
        for step_changes in moved.values():
            first, last = step_changes[0], step_changes[-1]
            step = first.next_step
            bullets.append(
                f"{step.label} ({step.theme.title}): due {_long(last.to_date)} (originally "
                f"{_long(first.from_date)}, moved {_times(len(step_changes))}); "
                f"{last.reason}"
            )
        paragraphs.append(
            DetailParagraph(
                f"Actions rescheduled: {len(moved)}, with their dates and the latest reason:",
                bullets,
            )
        )
    return paragraphs


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
    content = PaperContent(
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
        action_plan=_action_plan_paragraphs(programme, inputs["meeting_date"]),
    )
    # Control characters typed or pasted anywhere would break the document and the stored data.
    return PaperContent.from_data(printable_data(content.as_data()))


def render_paper_html(content: PaperContent) -> str:
    """The paper as an HTML fragment (headings from h2): the page shows it inside its layout."""
    return render_to_string("scrutiny/_paper.html", {"paper": content})
