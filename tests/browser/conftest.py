"""The browser harness: Playwright driving Debian's Chromium against pytest-django's live_server.

Playwright cannot download its own browser here, so it launches /usr/bin/chromium. Browser tests
are skipped where no Chromium exists, except in CI (CI=true), where a missing browser fails.
"""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests import factories
from tests.factories import TEST_PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = os.path.exists(CHROMIUM)
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Only the violations come back from the browser: the passes and inapplicable rules, with every
# node they looked at, are what make a run slow to report, and no test reads them.
VIOLATIONS_ONLY = {"resultTypes": ["violations"]}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if not HAVE_CHROMIUM and not os.environ.get("CI"):
                item.add_marker(pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/London"}


@pytest.fixture
def axe():
    return Axe()


def axe_violations(axe, page, options) -> list[dict]:
    """Run axe-core on the page with these options (`runOnly` ...) and return its violations.

    The script is injected once per page load; only the violations cross back from the browser.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe.axe_script)
    return page.evaluate(
        "options => axe.run(document, options).then(results => results.violations)",
        {**options, **VIOLATIONS_ONLY},
    )


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core (WCAG 2.2 AA rules) on the page and fail with its report on any violation."""

    def check(page):
        violations = axe_violations(axe, page, {"runOnly": {"type": "tag", "values": WCAG_22_AA}})
        report = [
            f"{violation['id']} ({violation['impact']}): {violation['help']}: "
            + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
            for violation in violations
        ]
        assert not report, f"{page.url}\n" + "\n".join(report)

    return check


@pytest.fixture
def sign_in(live_server):
    """Sign a user in through the real login form."""

    def do(page, user, password=TEST_PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()

    return do


@pytest.fixture
def havering(transactional_db):
    """Havering, where most journeys happen; a module that needs more of it (neighbours,
    inspections, frameworks) overrides this fixture."""
    return factories.LocalAuthorityFactory(name="Havering", dfe_code="311", ons_code="E09000016")


@pytest.fixture
def lead(havering):
    """Sam Patel, an improvement lead in Havering."""
    return factories.improvement_lead(
        username="sam.lead", first_name="Sam", last_name="Patel", local_authority=havering
    )


@pytest.fixture
def admin(havering):
    """Ali Omar, Havering's administrator."""
    return factories.administrator(
        username="ali.admin", first_name="Ali", last_name="Omar", local_authority=havering
    )


@pytest.fixture(scope="session")
def playwright(playwright):
    """From the first browser test to the end of the test process, Playwright's event loop is the
    main thread's running loop, so Django keeps that thread's database connections per async
    context rather than per thread, apart from the ones opened before. Those are closed here,
    while the loop still runs: left open, one of them kept the test database from being dropped
    at the end ("is being accessed by other users")."""
    yield playwright
    from django.db import connections

    connections.close_all()
