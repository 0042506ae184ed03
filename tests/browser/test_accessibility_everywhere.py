"""Every page each kind of user can reach, checked for accessibility and house style.

One browser signs in as each role in turn (scrutiny member, improvement lead, council
administrator, platform administrator) and follows every same-origin link from the home page
(not sign-out, downloads, CSV or Word files, or the Django admin). On every page it runs axe
(WCAG 2.2 AA and axe's best-practice rules) at 1280px, then narrows the window to 320px (WCAG
1.4.10 reflow), runs axe again and checks the page does not scroll sideways, that a table too
wide for the screen scrolls in a region a keyboard can reach, and that small links are not
crowded. Nothing is tolerated: every problem found fails the test. It also checks what axe
does not: the first Tab reaches the skip link; one h1; a title no other page has; a caption
on every table; headings that do not skip a level; dates, grades (Ofsted's words) and RAG
statuses in words; British spelling. Then it submits every kind of form it found once with its
text boxes empty (after using the skip link, as a keyboard user would) and checks the error
state: axe again, the error summary has focus, the title starts "Error:", each message links to
a control on the page and says what to do.

A page an earlier role already had checked at the same address, rendered the same but for the
user's own council name, navigation and "Signed in as" line, is not run through axe again: the
result could not differ (each role's home page, with its own navigation, is always checked in
full). Every role still visits every page it can reach, with every other check. A kind of form
is submitted once, by the first role that found it, after every role's crawl, so no submission
changes what a later crawl sees.

All problems are collected and reported together: page, role, check, element.
"""

import datetime
import re
from collections import deque
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

from improvement import services as improvement_services
from improvement.models import NextStep, Theme
from inspections.models import Grade, Inspection, Recommendation
from tests import factories
from tests.browser.conftest import WCAG_22_AA, axe_violations
from tests.improvement.factories import (
    AchievementFactory,
    BoardMeetingFactory,
    NextStepFactory,
    ProgrammeFactory,
    ThemeFactory,
)
from tests.inspections.factories import InspectionFactory, RecommendationFactory, ensure_frameworks
from tests.scrutiny.factories import CommitteePaperFactory
from tests.workforce.factories import (
    ObservationFactory,
    england,
    ensure_metrics,
    local_figure,
    metric,
    region,
)

# Links the crawl does not follow: signing out, files, the Django admin.
SKIP = re.compile(r"/accounts/logout|/admin/|\.csv|\.docx|format=csv|/download/|/pid/")
# Pages of one kind share a template: /themes/1/ and /themes/2/ differ only in their data, and
# so do sorted, filtered and paged variants of a list. One of each kind, and one variant of
# each list, cover every template and its states (the journeys cover the rest); more would
# multiply the crawl without finding anything new.
PAGES_PER_KIND = 1
QUERY_VARIANTS_PER_KIND = 1
WIDE = {"width": 1280, "height": 720}
NARROW = {"width": 320, "height": 720}
# WCAG 2.2 AA and axe's best-practice rules (landmarks, unique names, heading order, ...) at
# both widths: at 320px the page's layout changes (the menu folds, tables scroll).
AXE_TAGS = [*WCAG_22_AA, "best-practice"]

PAGE_CHECKS = """() => {
  const problems = [];
  const describe = (el) => {
    const text = (el.innerText || el.textContent || '').trim().replace(/\\s+/g, ' ');
    return `<${el.tagName.toLowerCase()}> "${text.slice(0, 60)}"`;
  };
  const h1s = document.querySelectorAll('h1');
  if (h1s.length !== 1) problems.push(['one-h1', `${h1s.length} h1 elements`]);
  for (const table of document.querySelectorAll('table')) {
    const caption = table.querySelector(':scope > caption');
    if (!caption || !caption.textContent.trim()) problems.push(['table-caption', describe(table)]);
    for (const th of table.querySelectorAll('th')) {
      if (!th.getAttribute('scope')) { problems.push(['table-header-scope', describe(th)]); break; }
    }
  }
  let last = 1;  // an error summary or banner (h2) may come before the h1
  for (const h of document.querySelectorAll('main :is(h1, h2, h3, h4, h5, h6)')) {
    const level = Number(h.tagName[1]);
    if (level > last + 1) problems.push(['heading-levels', `${describe(h)} follows an h${last}`]);
    last = level;
  }
  const main = document.querySelector('main');
  const text = main ? main.innerText : '';
  for (const m of text.matchAll(/\\b(\\d{4}-\\d{2}-\\d{2}|\\d{1,2}\\/\\d{1,2}\\/\\d{2,4})\\b/g)) {
    problems.push(['dates-in-words', `"${m[0]}" (write dates as "26 November 2019")`]);
  }
  const american = /\\b(colors?|behaviors?|organiz\\w*|centers?|programs?|judgments?)\\b/gi;
  for (const m of text.matchAll(american)) {
    problems.push(['british-english', `"${m[0]}"`]);
  }
  const grades = [
    'Outstanding', 'Good', 'Requires improvement to be good', 'Inadequate', 'Not judged'];
  for (const tag of document.querySelectorAll('.app-grade')) {
    if (!grades.includes(tag.textContent.trim())) {
      problems.push(['grade-in-ofsted-words', describe(tag)]);
    }
  }
  const rags = ['Red', 'Amber', 'Green', 'Complete', 'Not started'];
  for (const tag of document.querySelectorAll('.app-rag')) {
    const words = tag.textContent.replace('RAG status:', '').trim();
    if (!rags.includes(words)) problems.push(['rag-in-words', describe(tag)]);
  }
  return {
    problems,
    title: document.title,
    links: [...document.querySelectorAll('a[href]')]
      .filter((a) => !a.hasAttribute('download'))
      .map((a) => a.href),
    // Each form by where it posts and the names of its fields.
    postForms: [...document.querySelectorAll('main form')]
      .filter((f) => (f.getAttribute('method') || 'get').toLowerCase() === 'post')
      .map((f) => [
        new URL(f.getAttribute('action') || '', document.baseURI).href,
        [...f.querySelectorAll('[name]')].map((el) => el.getAttribute('name')).sort().join(' '),
      ]),
    // The page as any user sees it: without the user's own council name, navigation and
    // "Signed in as" line (the same on every page, and checked on each role's home page) or
    // the CSRF tokens.
    rendered: (() => {
      const body = document.body.cloneNode(true);
      const own = '.app-header__council, .govuk-service-navigation, .govuk-phase-banner__text';
      for (const el of body.querySelectorAll(own)) el.remove();
      for (const el of body.querySelectorAll('[name=csrfmiddlewaretoken]')) el.remove();
      return body.innerHTML;
    })(),
  };
}"""

REFLOW_CHECK = """() => {
  const width = document.documentElement.scrollWidth;
  if (width <= window.innerWidth) return null;
  const culprits = [...document.querySelectorAll('main *')]
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
    .filter((el) => !el.closest('.app-table-scroll'))
    .slice(0, 3)
    .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}">`);
  return `the page is ${width}px wide at 320px: ${culprits.join(', ') || 'no element in main'}`;
}"""

ON_SKIP_LINK = "() => document.activeElement.classList.contains('govuk-skip-link')"

EMPTY_AND_SUBMIT = """(index) => {
  const form = [...document.querySelectorAll('main form')]
    .filter((f) => (f.getAttribute('method') || 'get').toLowerCase() === 'post')[index];
  for (const field of form.querySelectorAll('textarea, input')) {
    if (['text', 'number', 'url', 'email', 'date', 'search', 'tel', ''].includes(field.type)
        || field.tagName === 'TEXTAREA') field.value = '';
  }
  const button = form.querySelector('button[type=submit], button:not([type]), input[type=submit]');
  button.click();
}"""

ERROR_STATE_CHECKS = """() => {
  const problems = [];
  const summary = document.querySelector('.govuk-error-summary');
  if (!summary) return {hasErrors: false, problems};
  if (!summary.contains(document.activeElement)) {
    const el = document.activeElement;
    problems.push(['error-summary-focus', `<${el.tagName.toLowerCase()}> has the focus`]);
  }
  if (!document.title.startsWith('Error: ')) {
    problems.push(['error-title', `title "${document.title}"`]);
  }
  for (const link of summary.querySelectorAll('a')) {
    const id = decodeURIComponent((link.getAttribute('href') || '').replace(/^#/, ''));
    if (!id || !document.getElementById(id)) {
      problems.push(['error-link-target', `"${link.textContent.trim()}" links to "#${id}"`]);
    }
  }
  for (const item of summary.querySelectorAll('li')) {
    if (/This field is required/.test(item.textContent)) {
      problems.push(['error-message-words', `"${item.textContent.trim()}" (say what to enter)`]);
    }
  }
  return {hasErrors: true, problems};
}"""


@dataclass(frozen=True)
class Problem:
    url: str
    check: str
    detail: str

    def __str__(self):
        return f"{self.url}\n    {self.check}: {self.detail}"


# --- the data: one council with a year of improvement work, and the councils around it ------


@pytest.fixture
def council(transactional_db):
    """Havering with neighbours, inspections, a programme with its board and evidence, workforce
    figures and a committee paper; four users, one of each role; other councils for the national
    pages."""
    cache.clear()  # summary and national pages cache their content
    ensure_frameworks()
    ensure_metrics()
    havering = factories.LocalAuthorityFactory(
        name="Havering", dfe_code="311", ons_code="E09000016", ofsted_region="London"
    )
    redbridge = factories.LocalAuthorityFactory(
        name="Redbridge", dfe_code="317", ons_code="E09000026", ofsted_region="London"
    )
    east_of_england_unitary = {
        "region_name": "East of England",
        "region_code": "E12000006",
        "ofsted_region": "East of England",
        "la_type": "Unitary authority",
    }
    southend = factories.LocalAuthorityFactory(
        name="Southend-on-Sea", dfe_code="882", ons_code="E06000033", **east_of_england_unitary
    )
    thurrock = factories.LocalAuthorityFactory(
        name="Thurrock", dfe_code="883", ons_code="E06000034", **east_of_england_unitary
    )
    for rank, neighbour in enumerate([redbridge, thurrock, southend], start=1):
        factories.StatisticalNeighbourFactory(
            local_authority=havering, neighbour=neighbour, rank=rank
        )

    users = {
        "scrutiny member": factories.scrutiny_member(
            username="chris.member",
            first_name="Chris",
            last_name="Member",
            local_authority=havering,
        ),
        "improvement lead": factories.improvement_lead(
            username="sam.lead", first_name="Sam", last_name="Patel", local_authority=havering
        ),
        "LA administrator": factories.administrator(
            username="ali.admin", first_name="Ali", last_name="Omar", local_authority=havering
        ),
        "platform administrator": factories.platform_administrator(
            username="pat.platform", first_name="Pat", last_name="Platform"
        ),
    }
    lead, admin = users["improvement lead"], users["LA administrator"]
    second_lead = factories.improvement_lead(
        username="jo.lead", first_name="Jo", last_name="Adeyemi", local_authority=havering
    )

    # Inspections: an old SIF, the standard inspection the programme answers, a focused visit;
    # Redbridge's journey from inadequate to good; Thurrock inadequate now.
    InspectionFactory(
        local_authority=havering,
        inspection_type=Inspection.Type.SIF,
        start_date=datetime.date(2016, 10, 3),
        grades={
            "overall": Grade.REQUIRES_IMPROVEMENT,
            "help-and-protection": Grade.GOOD,
            "children-in-care": Grade.REQUIRES_IMPROVEMENT,
            "adoption": Grade.GOOD,
            "care-leavers": Grade.INADEQUATE,
            "leadership": Grade.REQUIRES_IMPROVEMENT,
        },
    )
    standard = InspectionFactory(
        local_authority=havering,
        start_date=datetime.date(2018, 6, 11),
        lead_inspector="A. Inspector",
        report_url="https://reports.ofsted.gov.uk/provider/44/80477",
        summary="Services for children have improved since the last inspection.",
        grades={
            "overall": Grade.REQUIRES_IMPROVEMENT,
            "leadership": Grade.GOOD,
            "help-and-protection": Grade.REQUIRES_IMPROVEMENT,
            "children-in-care": Grade.GOOD,
        },
    )
    recommendations = [
        RecommendationFactory(inspection=standard, order=order, text=text)
        for order, text in enumerate(
            [
                "The quality of supervision and management oversight of social work practice.",
                "The consistency of case recording, so that children's records are up to date.",
                "Planning for care leavers' transition to adulthood.",
            ],
            start=1,
        )
    ]
    visit = InspectionFactory(
        local_authority=havering,
        inspection_type=Inspection.Type.FOCUSED_VISIT,
        start_date=datetime.date(2019, 9, 10),
        theme="Children in care",
    )
    RecommendationFactory(
        inspection=visit,
        text="Timely permanence planning for children in care.",
        kind=Recommendation.Kind.PRIORITY_ACTION,
    )
    InspectionFactory(
        local_authority=redbridge,
        inspection_type=Inspection.Type.SIF,
        start_date=datetime.date(2017, 4, 3),
        grades=Grade.INADEQUATE,
    )
    InspectionFactory(local_authority=redbridge, start_date=datetime.date(2019, 5, 13))
    InspectionFactory(
        local_authority=thurrock, start_date=datetime.date(2022, 3, 7), grades=Grade.INADEQUATE
    )

    # The improvement programme: three themes with leads, work done and to do, RAG changes
    # with reasons, updates, past and coming board meetings, evaluation evidence.
    programme = ProgrammeFactory(
        local_authority=havering,
        title="Ofsted improvement programme",
        summary="Seven themes answer the inspection's recommendations.",
        start_date=datetime.date(2018, 9, 1),
    )
    programme.inspections.add(standard)
    supervision = ThemeFactory(
        programme=programme, title="Supervision", order=1, leads=[lead], rag_status="not_started"
    )
    recording = ThemeFactory(
        programme=programme,
        title="Case Recording and Data Quality",
        order=2,
        leads=[second_lead],
        rag_status="not_started",
    )
    leaving_care = ThemeFactory(
        programme=programme,
        title="Pathway Planning and Transitions to Adulthood",
        order=3,
        leads=[lead, second_lead],
        rag_status="not_started",
    )
    for theme, recommendation in zip(
        [supervision, recording, leaving_care], recommendations, strict=True
    ):
        theme.recommendations.add(recommendation)
    for theme, status in [
        (supervision, Theme.Rag.AMBER),
        (recording, Theme.Rag.RED),
        (leaving_care, Theme.Rag.GREEN),
    ]:
        theme = improvement_services.change_rag(
            theme=theme, by=admin, status=status, reason="Reviewed at the board.", seen_version=1
        )
        improvement_services.add_progress_update(
            theme=theme, by=lead, text=f"Progress on {theme.title.lower()} this quarter."
        )
        AchievementFactory(
            theme=theme,
            label="Audit",
            text="A practice audit found better recording.",
            achieved_on=datetime.date(2019, 3, 1),
        )
        NextStepFactory(
            theme=theme,
            label="Training",
            text="Train every team manager.",
            owner=lead,
            due_date=datetime.date(2019, 12, 31),
        )
        NextStepFactory(
            theme=theme,
            label="Review",
            text="Review the new approach.",
            owner=second_lead,
            due_date=datetime.date.today() + datetime.timedelta(days=60),
            status=NextStep.Status.IN_PROGRESS,
        )
    BoardMeetingFactory(
        programme=programme, date=datetime.date(2019, 9, 17), themes=[supervision, recording]
    )
    BoardMeetingFactory(
        programme=programme,
        date=datetime.date.today() + datetime.timedelta(days=28),
        themes=[leaving_care, supervision],
    )
    improvement_services.add_evidence(
        programme=programme,
        by=admin,
        themes=[supervision],
        kind="qa_audit",
        title="Supervision audit",
        date=datetime.date(2019, 6, 1),
        summary="Forty supervision records audited.",
        measure_label="Records good or better (%)",
        measure_value=Decimal("72.5"),
    )
    improvement_services.add_evidence(
        programme=programme,
        by=admin,
        themes=[leaving_care],
        kind="peer_review",
        title="Peer review by Redbridge",
    )

    # Workforce: DfE figures for Havering, its neighbours, London and England; local figures.
    for year in range(2021, 2026):
        for slug, base in [("agency-rate", 12), ("turnover-rate", 15), ("caseload", 16)]:
            england(slug, year, Decimal(base))
            region(slug, year, Decimal(base + 1))
            for offset, la in enumerate([havering, redbridge, southend, thurrock]):
                ObservationFactory(
                    metric=metric(slug),
                    local_authority=la,
                    year=year,
                    value=Decimal(base + offset + year - 2021),
                )
    local_figure(havering, "permanent-social-workers", datetime.date(2019, 10, 31), 82, by=admin)
    local_figure(havering, "permanent-social-workers", datetime.date(2020, 1, 31), 85, by=lead)

    CommitteePaperFactory(
        programme=programme,
        issued_by=admin,
        meeting_date=datetime.date(2019, 11, 26),
        html="<p>Progress reported to the committee.</p>",
    )
    return users


# --- the crawl --------------------------------------------------------------------------------


ROLES = ["scrutiny member", "improvement lead", "LA administrator", "platform administrator"]


def kind_of(path: str) -> str:
    """/achievements/1/edit/ and /achievements/2/edit/ are both /achievements/N/edit/."""
    return re.sub(r"\d+", "N", path)


@dataclass
class Checked:
    """What earlier roles' crawls already checked, shared by the roles crawled in turn.

    A page another role already saw at the same address and rendered the same (apart from
    the user's own council name, navigation and "Signed in as" line, which each role's home
    page checks) gets no second run of axe; a kind of form (the kind of page it is on, where it
    posts, the names of its fields) another role found is not submitted again.
    """

    pages: set[tuple[str, str]] = field(default_factory=set)
    forms: set[tuple] = field(default_factory=set)


@dataclass
class Crawl:
    problems: list[Problem]
    pages: set[str]  # every path the role reached
    form_pages: list[tuple[str, int]]  # every form of each kind the role found
    new_forms: list[tuple[str, int]]  # those no earlier role had found


def crawl(page, base_url, axe, checked: Checked) -> Crawl:
    """Visit every page reachable from the home page: the problems, the pages, the forms."""
    problems: list[Problem] = []
    form_pages: list[tuple[str, int]] = []
    new_forms: list[tuple[str, int]] = []
    titles: dict[str, str] = {}
    visited: set[str] = set()
    home = f"{base_url}/"
    queued = {home}
    queue = deque(queued)
    kinds: dict[tuple[str, bool], int] = {}
    form_kinds: set[str] = set()
    desktop = WIDE
    page.set_viewport_size(desktop)
    while queue:
        url = queue.popleft()
        response = page.goto(url)
        here = page.url.split("#")[0]
        if here in visited:
            continue  # a redirect to a page already checked
        visited.add(here)
        if response is None or response.status != 200:
            problems.append(Problem(url, "link", f"answers {response and response.status}"))
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        found = page.evaluate(PAGE_CHECKS)
        problems += [Problem(here, check, detail) for check, detail in found["problems"]]
        page.keyboard.press("Tab")
        if not page.evaluate(ON_SKIP_LINK):
            problems.append(Problem(here, "skip-link-first", "the first Tab misses the skip link"))
        seen = (here, found["rendered"])
        run_axe = url == home or seen not in checked.pages
        checked.pages.add(seen)
        if run_axe:
            problems += axe(page, here)
        path = urlsplit(here).path
        if found["title"] in titles and titles[found["title"]] != path:
            problems.append(
                Problem(
                    here, "unique-title", f"{found['title']!r} is also {titles[found['title']]}"
                )
            )
        titles.setdefault(found["title"], path)

        page.set_viewport_size(NARROW)
        overflow = page.evaluate(REFLOW_CHECK)
        if overflow:
            problems.append(Problem(here, "reflow", overflow))
        if run_axe:
            problems += axe(page, here)
        page.set_viewport_size(desktop)

        # Submit one form of each kind.
        if found["postForms"] and kind_of(path) not in form_kinds:
            form_kinds.add(kind_of(path))
            occurrences: dict[tuple, int] = {}
            for index, (action, fields) in enumerate(found["postForms"]):
                form_pages.append((here, index))
                form = (kind_of(path), kind_of(urlsplit(action).path), fields)
                occurrences[form] = occurrences.get(form, 0) + 1
                if (*form, occurrences[form]) not in checked.forms:
                    checked.forms.add((*form, occurrences[form]))
                    new_forms.append((here, index))
        for link in found["links"]:
            link = link.split("#")[0]
            parts = urlsplit(link)
            if f"{parts.scheme}://{parts.netloc}" != base_url or SKIP.search(link):
                continue
            if link in queued or parts.path.startswith("/static/"):
                continue
            kind = (kind_of(parts.path), bool(parts.query))
            kinds[kind] = kinds.get(kind, 0) + 1
            if kinds[kind] > (QUERY_VARIANTS_PER_KIND if parts.query else PAGES_PER_KIND):
                continue
            queued.add(link)
            queue.append(link)
    return Crawl(problems, {urlsplit(url).path for url in visited}, form_pages, new_forms)


def submit_empty(page, form_pages, axe) -> list[Problem]:
    problems = []
    for url, index in form_pages:
        page.goto(url)
        # As a keyboard user would: the skip link first (it adds #main-content to the address).
        page.keyboard.press("Tab")
        if page.evaluate(ON_SKIP_LINK):
            page.keyboard.press("Enter")
            page.wait_for_url(re.compile("#main-content$"))
        with page.expect_event("load"):  # the page the form's answer loads, not a fragment
            page.evaluate(EMPTY_AND_SUBMIT, index)
        here = f"{page.url} (form {index + 1} of {url} submitted empty)"
        found = page.evaluate(ERROR_STATE_CHECKS)
        problems += [Problem(here, check, detail) for check, detail in found["problems"]]
        problems += axe(page, here)
    return problems


def axe_checker(axe, options):
    """A check that runs axe-core with these options and reports its violations as problems."""

    def check(page, where) -> list[Problem]:
        return [
            Problem(
                where,
                f"axe {violation['id']}",
                f"{violation['help']}: "
                + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5]),
            )
            for violation in axe_violations(axe, page, options)
        ]

    return check


# The crawl reached every part of the service each user may see (of each kind: one council's
# pages stand for every council's) ...
REACHED = {
    "/local-authorities/311/",
    "/local-authorities/311/inspections/",
    "/local-authorities/311/workforce/",
    "/local-authorities/311/summary/",
    "/local-authorities/311/committee-papers/",
    "/inspections/national/",
    "/workforce/national/",
    "/learning/",
    "/themes/1/",
    "/board-meetings/1/",
}
# ... and the forms of the programme and the committee paper that a user who edits may use.
REACHED_BY_EDITORS = {
    "/themes/1/updates/new/",
    "/local-authorities/311/committee-papers/new/",
}
EDITORS = ("improvement lead", "LA administrator", "platform administrator")


def check_every_page(page, base_url, users, sign_in, axe, roles):
    """Crawl as each role in turn, then submit the forms they found empty, and report every
    problem found together."""
    wcag = axe_checker(axe, {"runOnly": {"type": "tag", "values": AXE_TAGS}})
    checked = Checked()
    problems: list[Problem] = []
    forms_of: dict[str, list[tuple[str, int]]] = {}
    for role in roles:
        page.context.clear_cookies()
        sign_in(page, users[role])
        found = crawl(page, base_url, wcag, checked)
        problems += [Problem(f"{p.url} (as a {role})", p.check, p.detail) for p in found.problems]

        reached = REACHED | (REACHED_BY_EDITORS if role in EDITORS else set())
        reached_kinds = {kind_of(path) for path in reached}
        crawled_kinds = {kind_of(path) for path in found.pages}
        assert reached_kinds <= crawled_kinds, (role, sorted(reached_kinds - crawled_kinds))
        programme_pages = [
            path for path in found.pages if re.match(r"/(programmes|themes|board-meetings)/", path)
        ]
        assert len(programme_pages) >= 6, (role, sorted(found.pages))
        if role in EDITORS:
            assert any("/themes/" in url for url, _ in found.form_pages), (role, found.form_pages)
        forms_of[role] = found.new_forms

    # The role signed in last submits its forms first: one sign-in fewer.
    for role in reversed(roles):
        if not forms_of[role]:
            continue
        if role != roles[-1]:
            page.context.clear_cookies()
            sign_in(page, users[role])
        problems += [
            Problem(f"{p.url} (as a {role})", p.check, p.detail)
            for p in submit_empty(page, forms_of[role], wcag)
        ]
    failures = [str(p) for p in problems]
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures)


def test_every_page_each_kind_of_user_can_reach_is_accessible(
    page, live_server, council, sign_in, axe
):
    check_every_page(page, live_server.url, council, sign_in, axe, ROLES)
