"""Demo users, one per role, at Havering (the seeds' council), plus a platform administrator."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from core.importers import skipped_message
from core.models import LocalAuthority, User
from core.roles import Role

DEMO_PASSWORD = "improve-havering-2019"  # for local demonstrations only  # noqa: S105

DEMO_USERS = [
    # username, first, last, role, LA code (None: platform), job title, staff
    ("admin", "Pat", "Platform", Role.ADMINISTRATOR, None, "Platform administrator", True),
    (
        "havering.admin",
        "Ali",
        "Omar",
        Role.ADMINISTRATOR,
        "311",
        "Head of Innovation and Improvement",
        False,
    ),
    (
        "havering.lead",
        "Sam",
        "Patel",
        Role.IMPROVEMENT_LEAD,
        "311",
        "Group Manager, Children in Care",
        False,
    ),
    (
        "havering.lead2",
        "Jo",
        "Adeyemi",
        Role.IMPROVEMENT_LEAD,
        "311",
        "Principal Social Worker",
        False,
    ),
    (
        "havering.scrutiny",
        "Chris",
        "Member",
        Role.SCRUTINY_MEMBER,
        "311",
        "Councillor, Children and Learning Overview and Scrutiny Committee",
        False,
    ),
    ("barnet.lead", "Morgan", "Hill", Role.IMPROVEMENT_LEAD, "302", "Improvement lead", False),
]


def create_demo_users() -> list[User]:
    users = []
    # One hash of the shared, published demo password for all of them: hashing is deliberately
    # slow (about 0.7 s each), and this runs at every `make run`.
    password = make_password(DEMO_PASSWORD)
    for username, first, last, role, la_code, title, staff in DEMO_USERS:
        la = LocalAuthority.objects.get(dfe_code=la_code) if la_code else None
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "local_authority": la,
                "job_title": title,
                "is_staff": staff,
                "is_superuser": staff,
            },
        )
        user.password = password
        user.save()
        user.groups.set([Group.objects.get(name=role.value)])
        users.append(user)
    return users


def demo_output(stdout):
    """Write a line of an app's demo loading to `stdout`; with no `stdout`, write nothing."""
    return stdout.write if stdout is not None else (lambda message: None)


def import_summary(label: str, result) -> str:
    """One line on a national import the demo ran: its counts, or that it skipped its file."""
    if result.skipped_since:
        return f"{label}: {skipped_message(result.skipped_since)}."
    return (
        f"{label}: {result.created:,} created, {result.updated:,} updated, "
        f"{result.unchanged:,} unchanged."
    )


def havering_and_demo_user(username: str) -> tuple[LocalAuthority | None, User | None]:
    """Havering and its demo user `username` (made now, without a role, if the demo users are
    not loaded yet), who records Havering's demo figures; (None, None) without Havering."""
    havering = LocalAuthority.objects.filter(dfe_code="311").first()
    if havering is None:
        return None, None
    first, last = next((first, last) for name, first, last, *_ in DEMO_USERS if name == username)
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "local_authority": havering},
    )
    return havering, user
