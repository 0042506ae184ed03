"""The second demo council: Cheshire East's journey from its 2024 inadequate inspection, with
an improvement notice, monitoring visits and a SLIP review."""

import io

import pytest
from django.urls import reverse

from core.models import User
from improvement import demo, demo_cheshire_east, plan
from improvement.models import DueDateChange, EvidenceItem, Finding, Programme
from tests.factories import LocalAuthorityFactory
from tests.inspections.factories import ensure_frameworks


@pytest.fixture
def cheshire_east(db):
    ensure_frameworks()
    return LocalAuthorityFactory(dfe_code="895", name="Cheshire East", ons_code="E06000049")


@pytest.fixture
def ce_programme(cheshire_east):
    return demo_cheshire_east.load(stdout=io.StringIO())


@pytest.fixture
def ce_user(cheshire_east):
    return User.objects.create_user(username="ce-lead", local_authority=cheshire_east)


def test_load_demo_adds_cheshire_east_once(cheshire_east, local_authority):
    demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    programmes = Programme.objects.filter(local_authority=cheshire_east)
    assert programmes.count() == 1
    programme = programmes.get()
    assert programme.findings.count() == len(demo_cheshire_east.FINDINGS)
    assert programme.inspections.count() == 3  # the 2024 inspection and two monitoring visits


def test_the_journey_holds_every_source_of_findings_and_kinds_of_evidence(ce_programme):
    sources = set(ce_programme.findings.values_list("source", flat=True))
    assert {
        Finding.Source.RECOMMENDATION,
        Finding.Source.IMPROVEMENT_NOTICE,
        Finding.Source.MONITORING_VISIT,
        Finding.Source.PEER_REVIEW,
    } <= sources
    kinds = set(EvidenceItem.objects.filter(programme=ce_programme).values_list("kind", flat=True))
    assert {"ofsted_monitoring_letter", "dfe_adviser_review", "slip_review"} <= kinds
    assert EvidenceItem.objects.filter(programme=ce_programme, finding__isnull=False).exists()
    assert DueDateChange.objects.filter(next_step__theme__programme=ce_programme).count() == 2
    inspection = ce_programme.inspections.get(start_date=demo_cheshire_east.ILACS_START)
    overall = inspection.judgements.get(area__strand="overall")
    assert overall.get_grade_display() == "Inadequate"


def test_every_finding_of_the_inspection_shows_its_answering_actions(client, ce_programme, ce_user):
    inspection = ce_programme.inspections.get(start_date=demo_cheshire_east.ILACS_START)
    client.force_login(ce_user)
    page = client.get(reverse("inspections:detail", args=[inspection.pk])).text
    for finding in ce_programme.findings.filter(inspection=inspection).prefetch_related("actions"):
        section = page[page.index(f'id="finding-{finding.pk}"') :]
        section = section[: section.index("</div>")]
        assert finding.actions.exists()
        for step in finding.actions.all():
            assert step.label in section


def test_the_one_action_rule_warns_of_the_doubly_answered_and_the_unanswered_finding(
    client, ce_programme, ce_user
):
    warning = plan.one_action_warning(ce_programme)
    assert [f.text for f in warning.answered_twice] == [
        "The quality, consistency and responsiveness of support, advice and guidance for care "
        "leavers."
    ]
    assert [f.source for f in warning.unanswered] == [Finding.Source.PEER_REVIEW]
    client.force_login(ce_user)
    page = client.get(reverse("improvement:findings", args=[ce_programme.pk])).text
    assert "Not yet answered" in page
    assert 'id="one-action-warning"' in page
