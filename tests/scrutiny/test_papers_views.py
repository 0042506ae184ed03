"""Committee paper pages: who may generate, issue, read and download; the issued record."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from core.versioning import council_version
from indicators.models import ScorecardItem, ThemeMeasure
from scrutiny.models import CommitteePaper
from scrutiny.services import issue_paper
from tests import factories as core_factories
from tests.indicators import factories as indicator_factories
from tests.scrutiny import factories
from tests.scrutiny.word import open_docx, progress_tables

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def form_data(programme, **changes):
    data = {
        "programme": programme.pk,
        "committee_name": "Children and Learning Overview and Scrutiny Committee",
        "meeting_date_0": "26",
        "meeting_date_1": "11",
        "meeting_date_2": "2019",
        "subject_heading": "Ofsted improvement update",
        "slt_lead": "Robert South, Director of Children's Services",
        "report_author": "Ali Omar\nali.omar@havering.gov.uk",
        "policy_context": "Ofsted Improvement and delivery of statutory social care.",
        "financial_summary": "None.",
        "summary": "This report updates members of the Committee on progress.",
        "recommendations": "Notes the progress\nShould continue to receive updates",
        "financial_implications": "None.",
        "legal_implications": "None.",
        "hr_implications": "None.",
        "equalities_implications": "The Public Sector Equality Duty applies.",
    }
    data.update(changes)
    return data


def issue_the_form(programme, *, by):
    """Issue the paper the form above describes, for the meeting of 26 November 2019."""
    return issue_paper(
        programme=programme,
        by=by,
        inputs={**form_data(programme), "meeting_date": datetime.date(2019, 11, 26)},
    )


@pytest.fixture
def programme(local_authority, frameworks):
    programme = factories.programme_with(local_authority, themes=2, items=2)
    return programme


def new_url(la):
    return reverse("scrutiny:paper-create", kwargs={"dfe_code": la.dfe_code})


@pytest.mark.parametrize(
    ("who", "status"),
    [("admin_user", 200), ("lead", 200), ("platform_admin", 200), ("scrutiny", 403)],
)
def test_administrators_and_leads_may_prepare_papers_scrutiny_members_may_not(
    client, request, programme, local_authority, who, status
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(new_url(local_authority)).status_code == status
    draft = reverse("scrutiny:paper-draft", kwargs={"dfe_code": local_authority.dfe_code})
    assert client.get(draft).status_code == status


def test_another_councils_user_finds_no_paper_pages(client, outsider, programme, local_authority):
    paper = factories.CommitteePaperFactory(programme=programme)
    client.force_login(outsider)
    for url in [
        new_url(local_authority),
        reverse("scrutiny:paper-list", kwargs={"dfe_code": local_authority.dfe_code}),
        paper.get_absolute_url(),
        paper.get_download_url(),
    ]:
        assert client.get(url).status_code == 404, url


def test_form_starts_with_the_standard_wording(client, admin_user, programme, local_authority):
    client.force_login(admin_user)
    page = client.get(new_url(local_authority)).content.decode()
    assert "Children and Learning Overview and Scrutiny Committee" in page
    assert "Ofsted improvement update" in page
    assert "The Public Sector Equality Duty (PSED) under section 149" in page
    assert "Notes the progress in compliance with the Ofsted recommendations" in page


def test_preview_shows_the_paper_without_issuing_it(client, lead, programme, local_authority):
    client.force_login(lead)
    response = client.post(new_url(local_authority), {**form_data(programme), "action": "preview"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "It has not been issued" in page
    for theme in programme.themes.all():
        assert theme.title in page
    assert "CHILDREN AND LEARNING OVERVIEW AND SCRUTINY COMMITTEE 26 NOVEMBER 2019" in page
    assert not CommitteePaper.objects.exists()


def test_draft_download_is_a_word_document_of_the_programme(
    client, lead, programme, local_authority
):
    client.force_login(lead)
    response = client.post(new_url(local_authority), {**form_data(programme), "action": "draft"})
    assert response["Content-Type"] == DOCX
    assert "DRAFT-ofsted-improvement-update" in response["Content-Disposition"]
    assert {"private", "no-store"} <= {p.strip() for p in response["Cache-Control"].split(",")}
    tables = progress_tables(open_docx(response.content))
    assert list(tables) == [theme.title for theme in programme.themes.order_by("order")]
    assert not CommitteePaper.objects.exists()


def test_issuing_keeps_the_paper_with_who_and_when(client, admin_user, programme, local_authority):
    client.force_login(admin_user)
    response = client.post(new_url(local_authority), {**form_data(programme), "action": "issue"})
    paper = CommitteePaper.objects.get()
    assert response.status_code == 302
    assert response["Location"] == paper.get_absolute_url()
    assert paper.issued_by == admin_user
    assert paper.meeting_date == datetime.date(2019, 11, 26)
    assert paper.recommendations == ["Notes the progress", "Should continue to receive updates"]
    page = client.get(paper.get_absolute_url()).content.decode()
    assert "has been issued" in page
    assert f"by {admin_user}" in page


def test_issued_paper_does_not_change_when_the_programme_does(
    client, scrutiny, admin_user, programme, local_authority
):
    paper = issue_the_form(programme, by=admin_user)
    theme = programme.themes.order_by("order").first()
    theme_title = theme.title
    before = progress_tables(open_docx(bytes(paper.docx)))[theme_title]
    factories.AchievementFactory(theme=theme, label="Added after the meeting", order=99)
    theme.title = "Renamed later"
    theme.save()

    client.force_login(scrutiny)
    download = client.get(paper.get_download_url())
    assert download.status_code == 200
    assert download["Content-Type"] == DOCX
    after = progress_tables(open_docx(download.content))
    assert after[theme_title] == before
    assert "Renamed later" not in after
    page = client.get(paper.get_absolute_url()).content.decode()
    assert "Added after the meeting" not in page


def test_a_second_paper_for_the_same_meeting_is_refused_with_a_message(
    client, admin_user, programme, local_authority
):
    client.force_login(admin_user)
    client.post(new_url(local_authority), {**form_data(programme), "action": "issue"})
    response = client.post(new_url(local_authority), {**form_data(programme), "action": "issue"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "already been issued" in response.content.decode()
    assert CommitteePaper.objects.count() == 1


def test_bad_input_gives_field_errors_and_keeps_what_was_typed(
    client, admin_user, programme, local_authority
):
    client.force_login(admin_user)
    data = {
        **form_data(programme, meeting_date_0="31", meeting_date_1="2", recommendations=""),
        "action": "issue",
    }
    data["summary"] = "My careful summary"
    response = client.post(new_url(local_authority), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter at least one recommendation." in page
    assert "Enter a real date, like 27 3 2019" in page
    assert "My careful summary" in page
    assert not CommitteePaper.objects.exists()


def test_another_councils_programme_cannot_be_chosen(
    client, admin_user, programme, local_authority, other_local_authority
):
    theirs = factories.ProgrammeFactory(local_authority=other_local_authority)
    client.force_login(admin_user)
    response = client.post(
        new_url(local_authority),
        {**{**form_data(programme), "programme": theirs.pk}, "action": "issue"},
    )
    assert "Choose one of your council&#x27;s programmes." in response.content.decode()
    assert not CommitteePaper.objects.exists()


def test_scrutiny_member_cannot_issue(client, scrutiny, programme, local_authority):
    client.force_login(scrutiny)
    response = client.post(new_url(local_authority), {**form_data(programme), "action": "issue"})
    assert response.status_code == 403
    assert not CommitteePaper.objects.exists()


def test_paper_list_and_csv_show_the_issued_papers(client, scrutiny, programme, local_authority):
    older = factories.CommitteePaperFactory(
        programme=programme, meeting_date=datetime.date(2019, 6, 1)
    )
    newer = factories.CommitteePaperFactory(
        programme=programme, meeting_date=datetime.date(2019, 11, 26)
    )
    factories.CommitteePaperFactory(programme=factories.ProgrammeFactory())  # another council
    client.force_login(scrutiny)
    page = client.get(reverse("scrutiny:paper-list", kwargs={"dfe_code": "311"})).content.decode()
    assert page.index("26 November 2019") < page.index("1 June 2019")
    assert "Prepare a committee paper" not in page
    response = client.get(reverse("scrutiny:paper-list-csv", kwargs={"dfe_code": "311"}))
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("Subject,Committee,Meeting date")
    assert len(rows) == 3
    assert "2019-11-26" in rows[1]  # downloads give dates as yyyy-mm-dd
    assert newer.get_download_url() in rows[1]
    assert older.get_download_url() in rows[2]


@pytest.mark.parametrize("n", [1, 25])
def test_paper_pages_queries_do_not_grow(
    client, scrutiny, local_authority, frameworks, django_assert_max_num_queries, n
):
    programme = factories.programme_with(local_authority, themes=n, items=n, meetings=0)
    author = core_factories.administrator(local_authority=local_authority)
    papers = [
        factories.CommitteePaperFactory(programme=programme, issued_by=author) for _ in range(n)
    ]
    client.force_login(scrutiny)
    urls = [
        reverse("scrutiny:paper-list", kwargs={"dfe_code": "311"}),
        reverse("scrutiny:paper-list-csv", kwargs={"dfe_code": "311"}),
        papers[0].get_absolute_url(),
        papers[0].get_download_url(),
    ]
    for url in urls:
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("n", [1, 20])
def test_generating_the_paper_takes_a_fixed_number_of_queries(
    client, admin_user, local_authority, frameworks, django_assert_max_num_queries, n
):
    programme = factories.programme_with(local_authority, themes=n, items=n, meetings=0)
    for _ in range(n):
        factories.EvidenceItemFactory(programme=programme)
    # The paper's scorecard and each theme's measures of success, n of each.
    for order, theme in enumerate(programme.themes.all(), start=1):
        measure = indicator_factories.MeasureFactory(code=f"M{order}", name=f"Measure {order}")
        indicator_factories.ValueFactory(measure=measure, local_authority=local_authority)
        ScorecardItem.objects.create(local_authority=local_authority, measure=measure, order=order)
        ThemeMeasure.objects.create(theme=theme, measure=measure)
    client.force_login(admin_user)
    # The programme and inspection (as before), the action plan's figures, figures by theme and
    # exception report (6), the visits since (1), the scorecard and the themes' measures (13).
    with django_assert_max_num_queries(34):
        response = client.post(
            new_url(local_authority), {**form_data(programme), "action": "draft"}
        )
    assert response.status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(new_url(local_authority)).status_code == 200


def test_issued_papers_progress_tables_download_as_csv_as_issued(
    client, scrutiny, admin_user, programme, local_authority
):
    paper = issue_the_form(programme, by=admin_user)
    theme = programme.themes.order_by("order").first()
    achievement = theme.achievements.order_by("order").first()
    title = theme.title
    theme.title = "Renamed after the meeting"
    theme.save()
    client.force_login(scrutiny)
    assert paper.get_progress_csv_url() in client.get(paper.get_absolute_url()).content.decode()
    response = client.get(paper.get_progress_csv_url())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Theme", "Achievements so far", "Next steps"]
    assert rows[1][0] == title
    assert rows[1][1] == f"{achievement.label}: {achievement.text}"
    assert len(rows) == 1 + 2 * 2  # two themes of two rows each


def test_issued_paper_keeps_its_content_as_data_and_its_csv_comes_from_it(
    client, scrutiny, admin_user, programme, local_authority
):
    paper = issue_the_form(programme, by=admin_user)
    paper.refresh_from_db()
    assert paper.content["meeting_date"] == "2019-11-26"
    assert paper.content["recommendations"] == [
        "Notes the progress",
        "Should continue to receive updates",
    ]
    titles = [theme["title"] for theme in paper.content["themes"]]
    assert titles == [theme.title for theme in programme.themes.order_by("order")]
    # The CSV does not read the Word document back: it is built from the stored content.
    CommitteePaper.objects.filter(pk=paper.pk).update(docx=b"not a Word document")
    client.force_login(scrutiny)
    rows = list(
        csv.reader(
            io.StringIO(client.get(paper.get_progress_csv_url()).content.decode("utf-8-sig"))
        )
    )
    assert [row[0] for row in rows[1:]] == [title for title in titles for _ in range(2)]


def test_papers_issued_before_content_was_stored_get_it_read_back_from_their_document(
    havering_programme, seed_inputs, admin_user
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("scrutiny.migrations.0002_paper_content")
    paper = issue_paper(programme=havering_programme, by=admin_user, inputs=seed_inputs)
    paper.refresh_from_db()
    issued = paper.content
    CommitteePaper.objects.filter(pk=paper.pk).update(content={})

    migration.fill_content(apps, None)

    paper.refresh_from_db()
    names = ["council_name", "meeting_date", "summary", "recommendations", "detail", "issued_on"]
    for name in names + ["issued_by"]:
        assert paper.content[name] == issued[name], name
    # Papers issued before the themes' measures of success were kept had none.
    assert paper.content["themes"] == [
        {key: value for key, value in theme.items() if key != "measures"}
        for theme in issued["themes"]
    ]


def test_issuing_a_paper_moves_the_councils_data_version_on(admin_user, programme, local_authority):
    before = council_version(local_authority)
    issue_the_form(programme, by=admin_user)
    assert council_version(local_authority) == before + 1


@pytest.mark.parametrize(
    ("value", "status"),
    # Non-ASCII digits and NUL are refused as a bad request before any view runs.
    [("²", 400), ("1²", 400), ("%00", 400), ("-1", 404), ("99999999999999999999999", 404)],
)
def test_a_draft_for_a_programme_that_is_not_an_id_is_refused_not_an_error(
    client, lead, programme, local_authority, value, status
):
    client.force_login(lead)
    draft = reverse("scrutiny:paper-draft", kwargs={"dfe_code": local_authority.dfe_code})
    assert client.get(f"{draft}?programme={value}").status_code == status
    assert client.get(f"{draft}?programme={programme.pk}")["Content-Type"] == DOCX
