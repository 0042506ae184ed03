"""Many people updating one theme at once, against a live server on PostgreSQL.

Twenty signed-in leads act at the same moment: each adds a progress update and tries to change
the RAG status from the form they all opened at the same version. Every update must be in the
log and the history; exactly one RAG change can win, the others are refused as stale with who
changed it, and nothing is lost. Then each retries from a fresh form until it succeeds: every
accepted change is in the log and the history, and the version counts them all.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from improvement.models import ProgressUpdate, RagChange, RagStatus, Theme
from tests import factories
from tests.factories import TEST_PASSWORD
from tests.hardening.conftest import needs_postgres
from tests.hardening.http_client import Browser
from tests.improvement.factories import ProgrammeFactory, ThemeFactory

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]
PEOPLE = 20
CYCLE = [RagStatus.RED, RagStatus.AMBER, RagStatus.GREEN]


def next_status(current):
    return CYCLE[(CYCLE.index(current) + 1) % len(CYCLE)] if current in CYCLE else CYCLE[0]


def test_parallel_edits_to_one_theme_lose_nothing(live_server):
    council = factories.LocalAuthorityFactory(name="Havering", dfe_code="311")
    leads = [
        factories.improvement_lead(username=f"lead{n}", local_authority=council)
        for n in range(PEOPLE)
    ]
    theme = ThemeFactory(
        programme=ProgrammeFactory(local_authority=council), leads=leads, rag_status="amber"
    )
    start_version = theme.version
    rag_url = f"/themes/{theme.pk}/rag/"
    update_url = f"/themes/{theme.pk}/updates/new/"

    browsers = []
    for lead in leads:
        browser = Browser(live_server.url)
        browser.sign_in(lead.username, TEST_PASSWORD)
        browsers.append(browser)

    # Everyone opens both forms first, then all submit at once.
    opened = [(b, b.get(rag_url)[1], b.get(update_url)[1]) for b in browsers]
    barrier = threading.Barrier(PEOPLE)

    def act(index):
        browser, rag_form, update_form = opened[index]
        barrier.wait()
        update = browser.submit(update_url, {"text": f"Update from lead {index}"}, update_form)
        rag = browser.submit(
            rag_url, {"status": "red", "reason": f"Reason from lead {index}"}, rag_form
        )
        return update, rag

    with ThreadPoolExecutor(PEOPLE) as pool:
        results = list(pool.map(act, range(PEOPLE)))

    assert all(update[0] == 200 and "/updates/new/" not in update[2] for update, _ in results)
    texts = set(ProgressUpdate.objects.filter(theme=theme).values_list("text", flat=True))
    assert {f"Update from lead {n}" for n in range(PEOPLE)} <= texts
    assert ProgressUpdate.history.filter(theme_id=theme.pk, history_type="+").count() >= PEOPLE

    accepted = [rag for _, rag in results if rag_url not in rag[2]]
    refused = [rag for _, rag in results if rag_url in rag[2]]
    assert len(accepted) == 1
    assert len(refused) == PEOPLE - 1
    for _, html, _ in refused:
        assert "since you opened it" in html or "already Red" in html
    assert RagChange.objects.filter(theme=theme).count() == 1

    # Now everyone keeps trying, from a fresh form each time, until their change is accepted.
    def persist(index):
        try:
            return keep_trying(index)
        finally:
            connection.close()  # this worker thread's own connection

    def keep_trying(index):
        browser = browsers[index]
        for _attempt in range(200):
            status, html = browser.get(rag_url)
            current = Theme.objects.get(pk=theme.pk).rag_status
            answer = browser.submit(
                rag_url,
                {"status": next_status(current), "reason": f"Persistent change by lead {index}"},
                html,
            )
            if rag_url not in answer[2]:
                return True
        return False

    with ThreadPoolExecutor(PEOPLE) as pool:
        assert all(pool.map(persist, range(PEOPLE)))

    theme.refresh_from_db()
    changes = RagChange.objects.filter(theme=theme)
    assert changes.count() == PEOPLE + 1
    reasons = set(changes.values_list("reason", flat=True))
    assert {f"Persistent change by lead {n}" for n in range(PEOPLE)} <= reasons
    assert RagChange.history.filter(theme_id=theme.pk, history_type="+").count() == PEOPLE + 1
    assert theme.version - start_version >= PEOPLE + 1
    history_statuses = Theme.history.filter(id=theme.pk).values_list("rag_status", flat=True)
    assert len(history_statuses) >= PEOPLE + 2
