"""The demo data: Havering's paper as issued for 26 November 2019, and Barnet's journey in the
real Ofsted data."""

import csv
import datetime
import io

from django.urls import reverse

from core.models import User
from scrutiny import demo
from scrutiny.models import CommitteePaper
from tests.scrutiny.word import headings, open_docx, progress_tables


def test_demo_issues_the_26_november_2019_paper_once(havering_programme):
    out = io.StringIO()
    paper = demo.load(stdout=out)
    assert paper.meeting_date == datetime.date(2019, 11, 26)
    assert paper.issued_by.username == "havering.admin"
    assert paper.local_authority.dfe_code == "311"
    assert "issued the committee paper" in out.getvalue()
    assert demo.load(stdout=io.StringIO()) == paper
    assert CommitteePaper.objects.count() == 1


def test_demo_paper_is_downloadable_from_haverings_pages(client, havering_programme, scrutiny):
    paper = demo.load(stdout=io.StringIO())
    client.force_login(scrutiny)
    la_page = client.get(reverse("core:la-detail", kwargs={"dfe_code": "311"})).content.decode()
    papers_url = reverse("scrutiny:paper-list", kwargs={"dfe_code": "311"})
    assert papers_url in la_page
    assert paper.get_download_url() in client.get(papers_url).content.decode()
    document = open_docx(client.get(paper.get_download_url()).content)
    assert headings(document, 1)[0] == (
        "CHILDREN AND LEARNING OVERVIEW AND SCRUTINY COMMITTEE 26 NOVEMBER 2019"
    )
    assert len(progress_tables(document)) == 7


def test_demo_without_the_programme_loads_nothing(db):
    out = io.StringIO()
    assert demo.load(stdout=out) is None
    assert "nothing loaded" in out.getvalue()
    assert not User.objects.filter(username="havering.admin").exists()


def test_real_ofsted_data_shows_barnets_journey_from_inadequate_to_good(
    client, imported_local_authorities, frameworks
):
    from inspections import demo as inspections_demo

    inspections_demo.load(stdout=io.StringIO())
    user = User.objects.create_user(username="reader", password="a-long-password-1234")
    client.force_login(user)
    page = client.get(reverse("scrutiny:learning") + "?direction=improved").content.decode()
    assert "Barnet" in page
    response = client.get(reverse("scrutiny:learning-journeys-csv") + "?region=E12000007")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    barnet = next(row for row in rows if row[0] == "Barnet")
    assert barnet[3] == "Improved"
    assert barnet[5].startswith("2017")
    assert barnet[6] == "Inadequate"
    assert barnet[8].startswith("2019")
    assert barnet[9] == "Good"
