"""The committee paper's standard wording: the defaults a council's committee reports start
from, the section headings, the Public Sector Equality Duty text, and the small helpers that
put numbers, lists and dates into words.

- `paper_defaults(*, local_authority, programme=None, user=None) -> dict`: the committee paper
  form's starting values.
- `INPUT_FIELDS`: the form's fields that become the paper's text, in the order of the form.
"""

import datetime
import re

from django.utils.dateformat import format as format_date

PSED_TEXT = (
    "The Public Sector Equality Duty (PSED) under section 149 of the Equality Act 2010 requires "
    "the Council, when exercising its functions, to have due regard to:\n"
    "(i) The need to eliminate discrimination, harassment, victimisation and any other conduct "
    "that is prohibited by or under the Equality Act 2010;\n"
    "(ii) The need to advance equality of opportunity between persons who share protected "
    "characteristics and those who do not, and;\n"
    "(iii) Foster good relations between those who have protected characteristics and those who "
    "do not.\n"
    "Note: 'Protected characteristics' are age, sex, race, disability, sexual orientation, "
    "marriage and civil partnerships, religion or belief, pregnancy and maternity and gender "
    "reassignment.\n"
    "The Council is committed to all of the above in the provision, procurement and commissioning "
    "of its services, and the employment of its workforce."
)

# The paper's section headings, in order (the HTML page and the tests use the same words).
SUMMARY = "SUMMARY"
RECOMMENDATIONS = "RECOMMENDATIONS"
REPORT_DETAIL = "REPORT DETAIL"
THEMES_AND_OBJECTIVES = "Themes and objectives"
PROGRESS = "PROGRESS"
ACTION_PLAN_HEADING = "The action plan in figures"
IMPLICATIONS = "IMPLICATIONS AND RISKS"
ACHIEVEMENTS_HEADING = "Achievements so far"
NEXT_STEPS_HEADING = "Next steps"


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


def lines(text: str) -> list[str]:
    return [part.strip() for part in (text or "").splitlines() if part.strip()]


# Characters a Word document (XML 1.0) cannot hold: the C0 control characters other than tab,
# line feed and carriage return (NUL, escape, backspace, ...), lone surrogates, U+FFFE and
# U+FFFF. Typed or pasted into any text that reaches the paper, they would break it.
NOT_IN_DOCUMENTS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """`text` without the characters a document cannot hold."""
    return NOT_IN_DOCUMENTS.sub("", text or "")


def printable_data(value):
    """`value` (JSON-like data: dicts, lists, strings) with every string made `printable`."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {key: printable_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [printable_data(item) for item in value]
    return value


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
