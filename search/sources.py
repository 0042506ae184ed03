"""What search looks through, and how: one source per kind of record, each scoped by the same
access rules as the record's own pages.

- `SOURCES`: themes, actions (next steps), achievements, progress updates, evidence,
  inspections and visits, their recommendations and findings, committee papers.
- `search(user, text, limit)`: the best matches the user may see, best first, as `Result`s.

On PostgreSQL each source is one query: a weighted full-text document (titles weigh more than
body text) matched with `websearch_to_tsquery` (quoted phrases, `or`, `-word`), ranked with
`ts_rank` and cut with `ts_headline` to the words around the match. On SQLite (a newcomer's
laptop) every word must appear somewhere in the record (case-insensitive), results keep the
sources' order, and the snippet is the text around the first word found.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from improvement.models import (
    Achievement,
    EvidenceItem,
    NextStep,
    ProgressUpdate,
    Theme,
)
from inspections.models import Inspection, Judgement, Recommendation
from scrutiny.models import CommitteePaper

CONFIG = "english"
# Marks ts_headline puts around a match: private-use characters, so the text can be escaped
# first and the marks turned into <mark> afterwards.
START, STOP = "\ue000", "\ue001"
SNIPPET_CHARACTERS = 200


@dataclass(frozen=True)
class Source:
    kind: str
    scope: Callable  # user -> QuerySet of what the user may see
    title_fields: tuple[str, ...]
    body_fields: tuple[str, ...]
    title: Callable  # record -> str
    context: Callable  # record -> str: where it sits (council, programme, theme, inspection)
    url: Callable  # record -> str


@dataclass(frozen=True)
class Result:
    kind: str
    title: str
    context: str
    url: str
    snippet: SafeString
    rank: float


def _theme_context(theme):
    return f"{theme.programme.local_authority.name}, {theme.programme.title}"


def _in_visible_themes(model):
    return lambda user: model.objects.filter(theme__in=Theme.objects.visible_to(user))


def _labelled_theme_item(kind, scope):
    """A theme's actions or achievements: a label and a text, found through `scope(user)`."""
    return Source(
        kind,
        lambda user: scope(user).select_related("theme__programme__local_authority"),
        ("label",),
        ("text",),
        title=lambda r: r.label,
        context=lambda r: f"{r.theme.title} – {_theme_context(r.theme)}",
        url=lambda r: r.get_absolute_url(),
    )


SOURCES = (
    Source(
        "Theme",
        lambda user: Theme.objects.visible_to(user).select_related("programme__local_authority"),
        ("title", "aim_heading"),
        ("aim",),
        title=lambda r: r.title,
        context=_theme_context,
        url=lambda r: r.get_absolute_url(),
    ),
    _labelled_theme_item("Action (next step)", NextStep.objects.visible_to),
    _labelled_theme_item("Achievement", _in_visible_themes(Achievement)),
    Source(
        "Progress update",
        lambda user: _in_visible_themes(ProgressUpdate)(user).select_related(
            "theme__programme__local_authority"
        ),
        (),
        ("text",),
        title=lambda r: f"Update on {r.theme.title}",
        context=lambda r: _theme_context(r.theme),
        url=lambda r: r.get_absolute_url(),
    ),
    Source(
        "Evidence",
        lambda user: EvidenceItem.objects.visible_to(user).select_related(
            "programme__local_authority"
        ),
        ("title", "measure_label"),
        ("summary",),
        title=lambda r: r.title,
        context=lambda r: f"{r.programme.local_authority.name}, {r.programme.title}",
        url=lambda r: r.get_absolute_url(),
    ),
    Source(
        "Inspection or visit",
        lambda user: Inspection.objects.visible_to(user).select_related(
            "local_authority", "framework"
        ),
        ("theme", "lead_inspector"),
        ("summary",),
        title=str,
        context=lambda r: r.get_inspection_type_display(),
        url=lambda r: r.get_absolute_url(),
    ),
    Source(
        "Recommendation",
        lambda user: Recommendation.objects.filter(
            inspection__in=Inspection.objects.visible_to(user)
        ).select_related("inspection__local_authority"),
        (),
        ("text",),
        title=lambda r: r.get_kind_display(),
        context=lambda r: str(r.inspection),
        url=lambda r: r.inspection.get_absolute_url(),
    ),
    Source(
        "Inspection finding",
        lambda user: Judgement.objects.filter(
            inspection__in=Inspection.objects.visible_to(user)
        ).select_related("inspection__local_authority", "area"),
        (),
        ("narrative",),
        title=lambda r: r.area.name,
        context=lambda r: str(r.inspection),
        url=lambda r: r.inspection.get_absolute_url(),
    ),
    Source(
        "Committee paper",
        lambda user: (
            CommitteePaper.objects.visible_to(user)
            .select_related("local_authority")
            .defer("docx", "html")
        ),
        ("subject_heading", "committee_name"),
        ("summary", "policy_context"),
        title=lambda r: f"{r.committee_name}, {r.meeting_date:%-d %B %Y}",
        context=lambda r: r.local_authority.name,
        url=lambda r: r.get_absolute_url(),
    ),
)


def _highlighted(text: str) -> SafeString:
    """Escaped text with the match marks turned into <mark> elements."""
    html = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own marks become tags


def _body(source: Source):
    """The record's body text as one expression, for the snippet."""
    if len(source.body_fields) == 1:
        return F(source.body_fields[0])
    parts = []
    for field in source.body_fields:
        parts += [F(field), Value(" ")]
    return Concat(*parts[:-1], output_field=TextField())


def _postgres_matches(source: Source, user, text: str, limit: int):
    query = SearchQuery(text, search_type="websearch", config=CONFIG)
    vector = SearchVector(*source.body_fields, weight="B", config=CONFIG)
    if source.title_fields:
        vector = SearchVector(*source.title_fields, weight="A", config=CONFIG) + vector
    records = (
        source.scope(user)
        .annotate(document=vector)
        .filter(document=query)
        .annotate(
            rank=SearchRank(vector, query),
            snippet=SearchHeadline(
                _body(source),
                query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "-pk")[:limit]
    )
    return [(record, record.rank, record.snippet) for record in records]


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"\W+", text.lower()) if len(w) > 1 or w.isdigit()][:10]


def _simple_snippet(body: str, words: list[str]) -> str:
    lowered = body.lower()
    first = min((i for i in (lowered.find(w) for w in words) if i >= 0), default=0)
    start = max(0, first - SNIPPET_CHARACTERS // 3)
    cut = body[start : start + SNIPPET_CHARACTERS]
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    marked = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", cut)
    return ("…" if start else "") + marked + ("…" if start + SNIPPET_CHARACTERS < len(body) else "")


def _simple_matches(source: Source, user, text: str, limit: int):
    words = _words(text)
    if not words:
        return []
    fields = source.title_fields + source.body_fields
    condition = Q()
    for word in words:
        condition &= Q(*[Q(**{f"{field}__icontains": word}) for field in fields], _connector=Q.OR)
    records = source.scope(user).filter(condition).order_by("-pk")[:limit]
    return [
        (
            record,
            0.0,
            _simple_snippet(" ".join(getattr(record, f) or "" for f in source.body_fields), words),
        )
        for record in records
    ]


def search(user, text: str, limit: int = 50) -> list[Result]:
    """The best `limit` matches for `text` among the records `user` may see, best first."""
    matches = _postgres_matches if connection.vendor == "postgresql" else _simple_matches
    results = []
    for source in SOURCES:
        for record, rank, snippet in matches(source, user, text, limit):
            results.append(
                Result(
                    kind=source.kind,
                    title=source.title(record),
                    context=source.context(record),
                    url=source.url(record),
                    snippet=_highlighted(snippet or ""),
                    rank=rank,
                )
            )
    results.sort(key=lambda r: -r.rank)  # stable: on SQLite the sources' order stays
    return results[:limit]
