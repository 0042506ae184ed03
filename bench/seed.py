"""Adds the benchmark's large synthetic programme and prints the pages to drive.

Run after `manage.py load_demo` (bench/run does both): `python bench/seed.py > targets`.

Adds to Havering (DfE 311) a copy programme of 7 themes, each with 30 achievements and 30 next
steps, five years of weekly progress updates, RAG changes, an improvement board meeting every
six weeks and 30 pieces of evaluation evidence, led by 50 users. BENCH_SCALE=10 makes it tenfold
(300 achievements and 300 next steps a theme, ten updates a week, 300 pieces of evidence).

Then finds every GET page of the URL map by following links from the large programme's pages
(bench/pages.py), as a platform administrator and as an improvement lead, and prints one target
a line: name<TAB>path<TAB>Cookie header<TAB>kind (see drive.py). The first two targets are the
floor (a signed-in view that renders no template) and the reference page (the accessibility
statement, signed in: the layout and nothing else).
"""

import datetime
import os
import sys
from importlib import import_module
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.pages import all_routes, discover  # noqa: E402
from core.models import LocalAuthority, User  # noqa: E402
from core.roles import Role  # noqa: E402
from improvement.models import (  # noqa: E402
    SEEDED_EVIDENCE_KINDS,
    Achievement,
    BoardMeeting,
    BoardMeetingTheme,
    EvidenceItem,
    NextStep,
    Programme,
    ProgressUpdate,
    RagChange,
    RagStatus,
    Theme,
)

DFE_CODE = "311"
TITLE = "Benchmark programme (synthetic)"
SCALE = int(os.environ.get("BENCH_SCALE", "1"))
THEMES, ITEMS, YEARS, USERS = 7, 30 * SCALE, 5, 50
RAG_CYCLE = [RagStatus.RED, RagStatus.AMBER, RagStatus.AMBER, RagStatus.GREEN]
RAG_STEPS = [RagStatus.RED, RagStatus.AMBER, RagStatus.GREEN]
NEXT_STEP_CYCLE = [
    NextStep.Status.PLANNED,
    NextStep.Status.IN_PROGRESS,
    NextStep.Status.DONE,
    NextStep.Status.SLIPPED,
    NextStep.Status.DROPPED,
]


def users(la):
    roles = {
        Role.ADMINISTRATOR: Group.objects.get(name=Role.ADMINISTRATOR.value),
        Role.IMPROVEMENT_LEAD: Group.objects.get(name=Role.IMPROVEMENT_LEAD.value),
        Role.SCRUTINY_MEMBER: Group.objects.get(name=Role.SCRUTINY_MEMBER.value),
    }
    made = []
    for n in range(USERS):
        role = (
            Role.ADMINISTRATOR
            if n < 5
            else Role.SCRUTINY_MEMBER
            if n >= USERS - 5
            else Role.IMPROVEMENT_LEAD
        )
        user, created = User.objects.get_or_create(
            username=f"bench.user{n:02d}",
            defaults={
                "first_name": "Bench",
                "last_name": f"User {n:02d}",
                "email": f"bench.user{n:02d}@example.org",
                "local_authority": la,
                "job_title": role.label,
            },
        )
        if created:
            user.set_unusable_password()
            user.save()
            user.groups.add(roles[role])
        made.append(user)
    return made


@transaction.atomic
def programme(la, people):
    existing = Programme.objects.filter(local_authority=la, title=TITLE).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    start = today - datetime.timedelta(days=365 * YEARS)
    programme = Programme.objects.create(
        local_authority=la,
        title=TITLE,
        summary="A synthetic programme the size of a large council's, for the benchmark.",
        start_date=start,
        governance_board="Children's Services Improvement Board",
        reports_to=["LSCB", "SLT", "Children and Learning Overview and Scrutiny Committee"],
        status=Programme.Status.ACTIVE,
        themes_per_meeting=2,
    )
    leads = [p for p in people if p.username < "bench.user45"]
    themes = []
    for t in range(THEMES):
        theme = Theme.objects.create(
            programme=programme,
            title=f"Theme {t + 1}: practice area {t + 1}",
            aim_heading=f"Practice area {t + 1}",
            aim="The aim is to raise the quality and consistency of practice in this area, "
            "with clear standards, audit and training.",
            order=t + 1,
            rag_status=RAG_CYCLE[t % len(RAG_CYCLE)],
        )
        theme.leads.add(*leads[t * 6 : t * 6 + 6])
        themes.append(theme)
    kinds = [code for code, _ in SEEDED_EVIDENCE_KINDS]
    evidence = EvidenceItem.objects.bulk_create(
        EvidenceItem(
            programme=programme,
            kind_id=kinds[n % len(kinds)],
            title=f"Evaluation evidence {n + 1}",
            date=start + datetime.timedelta(days=60 * n // SCALE),
            order=n + 1,
        )
        for n in range(30 * SCALE)
    )
    next_steps, achievements, updates, rag_changes = [], [], [], []
    for t, theme in enumerate(themes):
        for i in range(ITEMS):
            due = start + datetime.timedelta(days=(365 * (YEARS + 1) * (i + 1)) // ITEMS)
            status = NEXT_STEP_CYCLE[(i + t) % len(NEXT_STEP_CYCLE)]
            next_steps.append(
                NextStep(
                    theme=theme,
                    label=f"Next step {i + 1}",
                    text="What the theme will do next, who will do it and by when, in a "
                    "sentence or two as the committee paper gives it.",
                    owner=leads[(t * 6 + i) % len(leads)],
                    due_date=due,
                    status=status,
                    completed_on=due if status == NextStep.Status.DONE else None,
                    order=i + 1,
                )
            )
            achievements.append(
                Achievement(
                    theme=theme,
                    label=f"Achievement {i + 1}",
                    text="What the theme has achieved so far, with the figure that shows it, "
                    "in a sentence or two as the committee paper gives it.",
                    achieved_on=start + datetime.timedelta(days=60 * i // SCALE),
                    evidence=evidence[i % len(evidence)],
                    order=i + 1,
                )
            )
        for week in range(52 * YEARS):
            when = timezone.make_aware(
                datetime.datetime.combine(start + datetime.timedelta(weeks=week), datetime.time(9))
            )
            updates.extend(
                ProgressUpdate(
                    theme=theme,
                    author=leads[t * 6],
                    created_at=when + datetime.timedelta(hours=k),
                    text=f"Weekly update {week + 1}: what moved, what is stuck and what is next.",
                    rag_status=RAG_CYCLE[(week // 13 + t) % len(RAG_CYCLE)],
                )
                for k in range(SCALE)
            )
            if week % 13 == 12:
                quarter = week // 13 + t
                rag_changes.append(
                    RagChange(
                        theme=theme,
                        from_status=RAG_STEPS[quarter % 3],
                        to_status=RAG_STEPS[(quarter + 1) % 3],
                        reason="Quarterly review of the theme's progress.",
                        changed_by=leads[t * 6],
                        changed_at=when,
                    )
                )
    NextStep.objects.bulk_create(next_steps)
    Achievement.objects.bulk_create(achievements)
    ProgressUpdate.objects.bulk_create(updates, batch_size=1000)
    RagChange.objects.bulk_create(rag_changes)
    meeting_day = start + datetime.timedelta(days=14)
    n = 0
    while meeting_day <= today + datetime.timedelta(days=365):
        meeting = BoardMeeting.objects.create(programme=programme, date=meeting_day)
        BoardMeetingTheme.objects.bulk_create(
            BoardMeetingTheme(meeting=meeting, theme=themes[(2 * n + k) % THEMES], order=k + 1)
            for k in range(2)
        )
        meeting_day += datetime.timedelta(weeks=6)
        n += 1
    return programme


def session_cookie(user) -> str:
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def platform_administrator():
    user, created = User.objects.get_or_create(
        username="bench.platform",
        defaults={"first_name": "Bench", "last_name": "Platform", "email": "p@example.org"},
    )
    if created:
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=Role.ADMINISTRATOR.value))
    return user


def main():
    la = LocalAuthority.objects.get(dfe_code=DFE_CODE)
    people = users(la)
    big = programme(la, people)
    admin = platform_administrator()
    lead = next(p for p in people if p.groups.filter(name=Role.IMPROVEMENT_LEAD.value).exists())
    big_theme = big.themes.order_by("order").first()
    draft = reverse("scrutiny:paper-draft", kwargs={"dfe_code": DFE_CODE})
    start = [
        big.get_absolute_url(),
        big_theme.get_absolute_url(),
        # Reached by a form, or by a link shown only past a number of changes.
        f"{draft}?programme={big.pk}",
        reverse("improvement:theme-history", args=[big_theme.pk]),
        reverse("home"),
    ]
    pages = discover([admin, lead], start)
    cookies = {admin.pk: session_cookie(admin), lead.pk: session_cookie(lead)}
    roles = {admin.pk: "platform administrator", lead.pk: "lead"}
    targets = [
        ("floor: signed in, no template", reverse("bench-signed-in"), cookies[lead.pk], "floor"),
        (
            "reference: accessibility statement",
            reverse("accessibility"),
            cookies[lead.pk],
            "reference",
        ),
    ]
    for page in sorted(pages, key=lambda p: (p["kind"], p["view"], p["path"])):
        user = page["user"]
        query = page["path"].partition("?")[2]
        name = f"{page['view']}{' ?' + query if query else ''} ({roles[user.pk]})"
        targets.append((name, page["path"], cookies[user.pk], page["kind"]))
    for name, path, cookie, kind in targets:
        print(f"{name}\t{path}\t{cookie}\t{kind}")
    reached = {p["view"] for p in pages}
    missed = sorted(all_routes() - reached - {"healthz", "accessibility", "bench-signed-in"})
    print(
        f"Seeded {big} (scale {SCALE}): {big.themes.count()} themes, "
        f"{Achievement.objects.filter(theme__programme=big).count()} achievements, "
        f"{NextStep.objects.filter(theme__programme=big).count()} next steps, "
        f"{ProgressUpdate.objects.filter(theme__programme=big).count()} updates, "
        f"{big.board_meetings.count()} board meetings, {len(people)} users.\n"
        f"{len(pages)} pages found by following links; not reached by any link "
        f"(POST-only, or no link leads there): {', '.join(missed) or 'none'}.",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
