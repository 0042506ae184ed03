"""Every URL of the project, for every kind of visitor, with GET and (where accepted) POST.

The walk is over the project's URL patterns, so a new URL fails this test until it has a row in
EXPECTED below (or a justified line in EXCLUDED). A cell is the status the visitor must get:

    200   the page (for a POST with an empty form: the form again, with its errors; or a 302
          onwards after a harmless action - written "ok")
    login redirect to the sign-in page
    403   signed in, may read but not change this
    404   the object belongs to another council and is not even admitted to exist
    405   the method is not accepted

Visitors: anon (not signed in), scrutiny (scrutiny member of council A), lead_a (improvement lead
of theme A), lead_b (improvement lead of theme B, council A), admin_a (administrator of council A),
other (improvement lead of council B, leading a theme there), platform (platform administrator,
no council).
"""

from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

VISITORS = ["anon", "scrutiny", "lead_a", "lead_b", "admin_a", "other", "platform"]

# Shorthands for whole rows.
PUBLIC = "login 200 200 200 200 200 200"  # published data: every signed-in user
PRIVATE = "login 200 200 200 200 404 200"  # council A's programme: A's users and platform
ADMIN_ONLY = "login 403 403 403 200 404 200"  # council A's administrators and platform
THEME_A = "login 403 200 403 200 404 200"  # theme A's leads and administrators
ANY_EDITOR = "login 403 200 200 200 404 200"  # A's leads and administrators
INSPECTION_ENTRY = "login 403 403 403 200 403 200"  # published data, entered by administrators
NOT_ACCEPTED = "login 405 405 405 405 405 405"
# A method check before the object lookup leaks nothing (405 whether or not the object
# exists); views that scope first answer another council's user 404 for every method.
PRIVATE_NOT_ACCEPTED = NOT_ACCEPTED
SCOPED_FIRST_NOT_ACCEPTED = "login 405 405 405 405 404 405"
ANY_ADMIN = "login 403 403 403 200 403 200"  # metric definitions are shared by all councils

# url name: (kwargs key, GET row, POST row or None when the view takes no POST)
EXPECTED = {
    "home": (None, PUBLIC, NOT_ACCEPTED),
    "accessibility": (None, "200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "healthz": (None, "200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    "favicon": (None, "200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "login": (None, "200 200 200 200 200 200 200", "200 200 200 200 200 200 200"),
    "password_change": (None, PUBLIC, PUBLIC),
    "password_change_done": (None, PUBLIC, NOT_ACCEPTED),
    "core:la-list": (None, PUBLIC, NOT_ACCEPTED),
    "search:search": (None, PUBLIC, NOT_ACCEPTED),
    "core:la-detail": ("la", PUBLIC, NOT_ACCEPTED),
    "inspections:list": (None, PUBLIC, NOT_ACCEPTED),
    "inspections:national": (None, PUBLIC, NOT_ACCEPTED),
    "inspections:detail": ("inspection", PUBLIC, NOT_ACCEPTED),
    "inspections:la-history": ("la", PUBLIC, NOT_ACCEPTED),
    "inspections:create": (None, INSPECTION_ENTRY, INSPECTION_ENTRY),
    "inspections:edit": ("inspection", INSPECTION_ENTRY, INSPECTION_ENTRY),
    "inspections:create-step": ("inspection_draft", INSPECTION_ENTRY, INSPECTION_ENTRY),
    "inspections:edit-judgements": ("inspection", INSPECTION_ENTRY, INSPECTION_ENTRY),
    "inspections:edit-step": ("inspection_edit_draft", INSPECTION_ENTRY, INSPECTION_ENTRY),
    "improvement:la-programme": ("la", PRIVATE, PRIVATE_NOT_ACCEPTED),
    "improvement:programme-create": ("la", ADMIN_ONLY, ADMIN_ONLY),
    "improvement:programme-detail": ("programme", PRIVATE, PRIVATE_NOT_ACCEPTED),
    "improvement:programme-edit": ("programme", ADMIN_ONLY, ADMIN_ONLY),
    "improvement:theme-create": ("programme", ADMIN_ONLY, ADMIN_ONLY),
    "improvement:board": ("programme", PRIVATE, PRIVATE_NOT_ACCEPTED),
    "improvement:build-rota": ("programme", ADMIN_ONLY, ADMIN_ONLY),
    "improvement:meeting-create": ("programme_pk", ADMIN_ONLY, ADMIN_ONLY),
    "improvement:evidence-list": ("programme", PRIVATE, SCOPED_FIRST_NOT_ACCEPTED),
    "improvement:evidence-create": ("programme_pk", ADMIN_ONLY, ADMIN_ONLY),
    "improvement:achievements-csv": ("programme", PRIVATE, SCOPED_FIRST_NOT_ACCEPTED),
    "improvement:next-steps-csv": ("programme", PRIVATE, PRIVATE_NOT_ACCEPTED),
    "improvement:evidence-csv": ("programme", PRIVATE, SCOPED_FIRST_NOT_ACCEPTED),
    "improvement:theme-detail": ("theme", PRIVATE, PRIVATE_NOT_ACCEPTED),
    "improvement:theme-history": ("theme", PRIVATE, PRIVATE_NOT_ACCEPTED),
    "improvement:theme-edit": ("theme", THEME_A, THEME_A),
    "improvement:theme-rag": ("theme", THEME_A, THEME_A),
    "improvement:update-create": ("theme", THEME_A, THEME_A),
    "improvement:theme-pid": ("theme", "login 404 404 404 404 404 404", NOT_ACCEPTED),
    "improvement:achievement-create": ("theme_pk", THEME_A, THEME_A),
    "improvement:achievement-edit": ("achievement", THEME_A, THEME_A),
    "improvement:next-step-create": ("theme_pk", THEME_A, THEME_A),
    "improvement:next-step-edit": ("next_step", THEME_A, THEME_A),
    "improvement:next-step-complete": ("next_step", THEME_A, THEME_A),
    "improvement:my-work": (None, PUBLIC, NOT_ACCEPTED),
    "improvement:action-detail": ("next_step", PRIVATE, PRIVATE_NOT_ACCEPTED),
    "improvement:action-due-date": ("next_step", THEME_A, THEME_A),
    "improvement:action-progress": ("next_step", THEME_A, THEME_A),
    "improvement:milestone-create": ("next_step", THEME_A, THEME_A),
    "improvement:milestone-edit": ("milestone", THEME_A, THEME_A),
    "improvement:next-step-delete": ("next_step", THEME_A, THEME_A),
    "improvement:next-step-reopen": ("next_step", THEME_A, THEME_A),
    "improvement:achievement-delete": ("achievement", THEME_A, THEME_A),
    "improvement:due-date-decision": ("due_date_change", ADMIN_ONLY, ADMIN_ONLY),
    "improvement:exception-report": ("programme", PRIVATE, PRIVATE_NOT_ACCEPTED),
    "improvement:next-step-list": ("programme", PRIVATE, PRIVATE_NOT_ACCEPTED),
    "improvement:findings": ("programme", PRIVATE, PRIVATE_NOT_ACCEPTED),
    "improvement:finding-create": ("programme_pk", ADMIN_ONLY, ADMIN_ONLY),
    "improvement:finding-edit": ("finding", ADMIN_ONLY, ADMIN_ONLY),
    "improvement:exception-report-csv": ("programme", PRIVATE, PRIVATE_NOT_ACCEPTED),
    # Redirects each visitor to their own council's programme (or the register): harmless.
    "improvement:own-programme": (None, "login ok ok ok ok ok ok", "login ok ok ok ok ok ok"),
    "improvement:meeting-detail": ("meeting", PRIVATE, PRIVATE_NOT_ACCEPTED),
    "improvement:meeting-edit": ("meeting", ADMIN_ONLY, ADMIN_ONLY),
    "improvement:evidence-detail": ("evidence", PRIVATE, PRIVATE_NOT_ACCEPTED),
    "improvement:evidence-edit": ("evidence", ADMIN_ONLY, ADMIN_ONLY),
    "workforce:la-workforce": ("la", PUBLIC, NOT_ACCEPTED),
    "workforce:observation-list": ("la", PRIVATE, SCOPED_FIRST_NOT_ACCEPTED),
    "workforce:observation-create": ("la", ANY_EDITOR, ANY_EDITOR),
    "workforce:observation-detail": ("observation", PRIVATE, SCOPED_FIRST_NOT_ACCEPTED),
    "workforce:observation-update": ("observation", ANY_EDITOR, ANY_EDITOR),
    "workforce:la-metric-csv": ("metric", PUBLIC, NOT_ACCEPTED),
    "workforce:national": (None, PUBLIC, NOT_ACCEPTED),
    "workforce:metric-list": (None, PUBLIC, NOT_ACCEPTED),
    "workforce:metric-create": (None, ANY_ADMIN, ANY_ADMIN),
    "indicators:council": ("la", PUBLIC, NOT_ACCEPTED),
    "indicators:la-measure": ("indicator", PUBLIC, NOT_ACCEPTED),
    "indicators:la-measure-csv": ("indicator", PUBLIC, NOT_ACCEPTED),
    "indicators:national": (None, PUBLIC, NOT_ACCEPTED),
    "indicators:measure": ("indicator_slug", PUBLIC, NOT_ACCEPTED),
    "indicators:scorecard": ("la", PRIVATE, SCOPED_FIRST_NOT_ACCEPTED),
    "indicators:scorecard-edit": ("la", ADMIN_ONLY, ADMIN_ONLY),
    "indicators:target-create": ("la", ANY_EDITOR, ANY_EDITOR),
    "indicators:own-measure-create": ("la", ADMIN_ONLY, ADMIN_ONLY),
    "indicators:local-create": ("la", ANY_EDITOR, ANY_EDITOR),
    "indicators:local-import": ("la", ANY_EDITOR, ANY_EDITOR),
    "indicators:theme-measures": ("theme_pk", ANY_EDITOR, ANY_EDITOR),
    "indicators:local-template": ("la", ANY_EDITOR, "login 403 405 405 405 404 405"),
    "scrutiny:la-summary": ("la", PRIVATE, SCOPED_FIRST_NOT_ACCEPTED),
    "scrutiny:la-summary-csv": ("summary_table", PRIVATE, SCOPED_FIRST_NOT_ACCEPTED),
    "scrutiny:paper-list": ("la", PRIVATE, SCOPED_FIRST_NOT_ACCEPTED),
    "scrutiny:paper-list-csv": ("la", PRIVATE, SCOPED_FIRST_NOT_ACCEPTED),
    "scrutiny:paper-create": ("la", ANY_EDITOR, ANY_EDITOR),
    "scrutiny:paper-draft": ("la", ANY_EDITOR, "login 403 405 405 405 404 405"),
    "scrutiny:paper-detail": ("paper", PRIVATE, SCOPED_FIRST_NOT_ACCEPTED),
    "scrutiny:paper-since": ("paper", PRIVATE, SCOPED_FIRST_NOT_ACCEPTED),
    "scrutiny:paper-download": ("paper", PRIVATE, SCOPED_FIRST_NOT_ACCEPTED),
    "scrutiny:learning": (None, PUBLIC, NOT_ACCEPTED),
    "scrutiny:learning-journeys-csv": (None, PUBLIC, NOT_ACCEPTED),
    "scrutiny:learning-visits-csv": (None, PUBLIC, NOT_ACCEPTED),
    "admin:index": (None, "login login login login login login 200", None),
    # Council user management: council A's administrators and platform administrators.
    # Redirects an administrator to their council's users (a platform one to the register).
    "core:own-users": (None, "login 403 403 403 ok 403 ok", NOT_ACCEPTED),
    "core:user-list": ("la", ADMIN_ONLY, "login 403 403 403 405 404 405"),
    "core:user-invite": ("la", ADMIN_ONLY, ADMIN_ONLY),
    "core:user-detail": ("member", ADMIN_ONLY, "login 403 403 403 405 404 405"),
    "core:user-roles": ("member", ADMIN_ONLY, ADMIN_ONLY),
    "core:user-deactivate": ("member", ADMIN_ONLY, ADMIN_ONLY),
    "core:user-reactivate": ("member", ADMIN_ONLY, ADMIN_ONLY),
    "core:user-invite-again": ("member", ADMIN_ONLY, ADMIN_ONLY),
    "core:user-reset-password": ("member", ADMIN_ONLY, ADMIN_ONLY),
    # The invitation's set-password link: open to anyone holding it; a bad link says so.
    "core:set-password": (
        "invitation",
        "200 200 200 200 200 200 200",
        "200 200 200 200 200 200 200",
    ),
}

EXCLUDED = {
    # Django's own pages, tested by Django; each one is either public by design or guarded
    # by the same views as the rows above.
    "logout": "signs the visitor out (tested in the foundation journeys)",
    "password_reset": "password reset by email is not offered; the view is Django's own",
    "password_reset_done": "Django's own confirmation page, shows nothing",
    "password_reset_confirm": "Django's own; needs a signed token",
    "password_reset_complete": "Django's own confirmation page, shows nothing",
    "admin:*": "every Django admin URL is wrapped by admin_site.admin_view (staff only); "
    "the admin:index row proves that guard for each visitor",
    "axes:*": "django-axes registers no user-facing pages",
}


def url_names():
    found = []

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns)
    return sorted(set(found))


def is_excluded(name):
    return name in EXCLUDED or f"{name.split(':')[0]}:*" in EXCLUDED


def test_every_url_has_a_row_or_a_justified_exclusion():
    missing = [name for name in url_names() if name not in EXPECTED and not is_excluded(name)]
    assert not missing, f"add these URLs to the permission matrix: {missing}"
    stale = [name for name in EXPECTED if name not in url_names()]
    assert not stale, f"these rows name URLs that no longer exist: {stale}"


def outcome(response):
    if response.status_code in (301, 302):
        if response.url.startswith(reverse("login")) or "/admin/login/" in response.url:
            return "login"
        return "ok"
    return str(response.status_code)


def cell_matches(expected, actual):
    return (
        expected == actual
        or (expected == "200" and actual == "ok")
        or (expected == "ok" and actual == "200")
    )


@pytest.fixture(scope="module")
def sessions(world, django_db_blocker):
    """Each visitor signed in once for the module: the value of their session cookie. The
    sessions are rolled back with the world; what a test changes in one is rolled back after
    the test."""
    people, _ = world
    signed_in = {}
    with django_db_blocker.unblock():
        for visitor, person in people.items():
            browser = Client()
            browser.force_login(person)
            signed_in[visitor] = browser.cookies[settings.SESSION_COOKIE_NAME].value
    return signed_in


@pytest.mark.parametrize("name", list(EXPECTED))
def test_permission_matrix(db, client, world, sessions, name):
    """One URL's row, every visitor, GET then POST (the world is shared by the module; what one
    URL's POSTs change is rolled back before the next URL)."""
    _, objects = world
    key, get_row, post_row = EXPECTED[name]
    url = reverse(name, kwargs=objects[key] if key else None)
    leaks = []
    for method, row in (("GET", get_row), ("POST", post_row)):
        if row is None:
            continue
        for visitor, expected in zip(VISITORS, row.split(), strict=True):
            # Only the visitor's own session cookie (none for anon): no cookie of an earlier
            # request (CSRF token, messages) is sent.
            client.cookies = SimpleCookie()
            if visitor != "anon":
                client.cookies[settings.SESSION_COOKIE_NAME] = sessions[visitor]
            response = client.get(url) if method == "GET" else client.post(url, {})
            actual = outcome(response)
            if not cell_matches(expected, actual):
                leaks.append(f"{method} {url} ({name}) as {visitor}: {actual}, not {expected}")
    assert not leaks, "\n".join(leaks)
