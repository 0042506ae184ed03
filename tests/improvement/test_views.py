import csv
import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from improvement import services
from improvement.models import Achievement, NextStep, ProgressUpdate, RagChange, Theme
from tests.improvement.factories import (
    AchievementFactory,
    EvidenceItemFactory,
    NextStepFactory,
    ProgrammeFactory,
    ThemeFactory,
)

PDF = b"%PDF-1.4\n% a tiny test document\n"


def date_parts(name, iso):
    """A date as typed in the GOV.UK day, month and year boxes."""
    year, month, day = (int(part) for part in iso.split("-"))
    return {f"{name}_0": str(day), f"{name}_1": str(month), f"{name}_2": str(year)}


def theme_form_data(theme, **overrides):
    data = {
        "title": theme.title,
        "aim_heading": theme.aim_heading,
        "aim": theme.aim,
        "order": theme.order,
        "pid_link": theme.pid_link,
        "version": theme.version,
    }
    return {**data, **overrides}


# ------------------------------------------------------------------------------------------
# A lead's week: RAG change, update, achievement, next step done as an achievement


def test_lead_changes_the_rag_status_with_a_reason(client, theme, lead):
    client.force_login(lead)
    response = client.post(
        reverse("improvement:theme-rag", args=[theme.pk]),
        {"status": "red", "reason": "Audit found drift", "version": theme.version},
        follow=True,
    )
    assert "The RAG status is now Red." in response.text
    theme.refresh_from_db()
    assert theme.rag_status == "red"
    assert "Audit found drift" in response.text
    assert "Amber to Red" in response.text


def test_rag_change_without_a_reason_is_refused_on_the_form(client, theme, lead):
    client.force_login(lead)
    response = client.post(
        reverse("improvement:theme-rag", args=[theme.pk]),
        {"status": "red", "reason": "", "version": theme.version},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Give a short reason for the change of RAG status" in response.text
    theme.refresh_from_db()
    assert theme.rag_status == "amber"
    assert not RagChange.objects.exists()


def test_rag_change_to_the_same_status_is_refused(client, theme, lead):
    client.force_login(lead)
    response = client.post(
        reverse("improvement:theme-rag", args=[theme.pk]),
        {"status": "amber", "reason": "No change", "version": theme.version},
    )
    assert "The theme is already Amber" in response.text
    assert not RagChange.objects.exists()


def test_lead_adds_a_progress_update_shown_in_the_log(client, theme, lead):
    client.force_login(lead)
    response = client.post(
        reverse("improvement:update-create", args=[theme.pk]),
        {"text": "Workshops held with all teams."},
        follow=True,
    )
    assert "Your update has been added." in response.text
    assert "Workshops held with all teams." in response.text
    assert ProgressUpdate.objects.get().author == lead


def test_empty_progress_update_is_refused(client, theme, lead):
    client.force_login(lead)
    response = client.post(reverse("improvement:update-create", args=[theme.pk]), {"text": ""})
    assert "Write the update" in response.text
    assert not ProgressUpdate.objects.exists()


def test_a_megabyte_progress_update_or_theme_aim_is_refused_with_its_limit(client, theme, lead):
    client.force_login(lead)
    huge = "x" * (1024 * 1024)
    response = client.post(reverse("improvement:update-create", args=[theme.pk]), {"text": huge})
    assert response.status_code == 200
    assert "must be 10,000 characters or fewer (you entered 1,048,576)" in response.text
    assert not ProgressUpdate.objects.exists()
    response = client.post(
        reverse("improvement:theme-edit", args=[theme.pk]), theme_form_data(theme, aim=huge)
    )
    assert "must be 10,000 characters or fewer" in response.text
    theme.refresh_from_db()
    assert theme.aim != huge


def test_lead_adds_an_achievement(client, theme, lead):
    client.force_login(lead)
    response = client.post(
        reverse("improvement:achievement-create", args=[theme.pk]),
        {
            "label": "The Cocoon",
            "text": "Celebrated its second anniversary.",
            **date_parts("achieved_on", "2019-10-01"),
            "achieved_precision": "month",
            "evidence_link": "",
        },
        follow=True,
    )
    assert "Achievement ‘The Cocoon’ saved." in response.text
    achievement = Achievement.objects.get()
    assert achievement.achieved_display == "October 2019"
    assert "Achieved October 2019." in response.text


@pytest.mark.parametrize(
    ("url_name", "data", "model"),
    [
        (
            "achievement-create",
            {"label": "", "text": "Something", "achieved_precision": "day"},
            Achievement,
        ),
        (
            "next-step-create",
            {"label": "", "text": "Do it", "due_precision": "day", "status": "planned"},
            NextStep,
        ),
    ],
    ids=["achievement", "next-step"],
)
def test_an_achievement_or_next_step_with_an_empty_label_is_refused(
    client, theme, lead, url_name, data, model
):
    client.force_login(lead)
    response = client.post(reverse(f"improvement:{url_name}", args=[theme.pk]), data)
    assert "Enter a short label, for example" in response.text
    assert not model.objects.exists()


def test_next_step_due_before_the_programme_starts_is_refused(client, theme, lead):
    client.force_login(lead)
    response = client.post(
        reverse("improvement:next-step-create", args=[theme.pk]),
        {
            "label": "Launch",
            "text": "Launch the service",
            **date_parts("due_date", "2018-06-01"),
            "due_precision": "day",
            "status": "planned",
        },
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "The due date must be on or after the programme&#x27;s start, 1 January 2019" in (
        response.text
    )
    assert not NextStep.objects.exists()


def test_early_2020_target_is_entered_as_a_date_and_shown_as_a_month(client, theme, lead):
    client.force_login(lead)
    client.post(
        reverse("improvement:next-step-create", args=[theme.pk]),
        {
            "label": "Launch",
            "text": "The service will be officially launched in early 2020.",
            **date_parts("due_date", "2020-02-01"),
            "due_precision": "month",
            "status": "planned",
            "owner": lead.pk,
        },
    )
    step = NextStep.objects.get()
    assert step.owner == lead
    page = client.get(theme.get_absolute_url())
    assert "due February 2020" in page.text


def test_next_step_done_becomes_an_achievement_in_one_action(client, next_step, lead):
    client.force_login(lead)
    response = client.post(
        reverse("improvement:next-step-complete", args=[next_step.pk]),
        {
            "label": next_step.label,
            "text": next_step.text,
            **date_parts("achieved_on", "2019-11-20"),
            "version": next_step.version,
        },
        follow=True,
    )
    assert "is done and is now an achievement" in response.text
    next_step.refresh_from_db()
    assert next_step.status == NextStep.Status.DONE
    achievement = Achievement.objects.get()
    assert achievement.from_next_step == next_step
    assert "Completed next step ‘Support’." in response.text
    # The paper's layout: the done step shows once, as its achievement.
    assert f'id="next-step-{next_step.pk}"' not in response.text


# ------------------------------------------------------------------------------------------
# Two leads, one theme: the stale save is refused and nothing is lost


def test_stale_theme_edit_is_refused_showing_both_versions(client, theme, lead, admin_user):
    client.force_login(lead)
    form_page = client.get(reverse("improvement:theme-edit", args=[theme.pk]))
    assert f'name="version" value="{theme.version}"' in form_page.text
    opened = theme.version

    services.update_theme(
        theme=theme, by=admin_user, changes={"aim": "Admin's saved aim"}, seen_version=opened
    )

    response = client.post(
        reverse("improvement:theme-edit", args=[theme.pk]),
        theme_form_data(theme, aim="Lead's typed aim", version=opened),
    )
    assert response.status_code == 409
    assert f"This was changed by {admin_user} at " in response.text
    assert "since you opened it" in response.text
    assert "Admin&#x27;s saved aim" in response.text
    assert "Lead&#x27;s typed aim" in response.text
    theme.refresh_from_db()
    assert theme.aim == "Admin's saved aim"

    # The form now carries the current version: saving again keeps the lead's version.
    assert f'name="version" value="{theme.version}"' in response.text
    again = client.post(
        reverse("improvement:theme-edit", args=[theme.pk]),
        theme_form_data(theme, aim="Lead's typed aim", version=theme.version),
    )
    assert again.status_code == 302
    theme.refresh_from_db()
    assert theme.aim == "Lead's typed aim"
    assert {r.aim for r in theme.history.all()} >= {"Admin's saved aim", "Lead's typed aim"}


def test_stale_next_step_edit_is_refused(client, next_step, lead, other_lead, admin_user):
    opened = next_step.version
    services.update_next_step(
        next_step=next_step, by=admin_user, changes={"status": "slipped"}, seen_version=opened
    )
    client.force_login(lead)
    response = client.post(
        reverse("improvement:next-step-edit", args=[next_step.pk]),
        {
            "label": "Support",
            "text": "My text",
            "due_precision": "day",
            "status": "in_progress",
            "order": 1,
            "version": opened,
        },
    )
    assert response.status_code == 409
    assert "since you opened it" in response.text
    assert "Off track" in response.text
    next_step.refresh_from_db()
    assert next_step.status == "slipped"
    assert next_step.text != "My text"


def test_stale_rag_change_is_refused(client, theme, lead, admin_user):
    opened = theme.version
    services.change_rag(
        theme=theme, by=admin_user, status="green", reason="ok", seen_version=opened
    )
    client.force_login(lead)
    response = client.post(
        reverse("improvement:theme-rag", args=[theme.pk]),
        {"status": "red", "reason": "Worse", "version": opened},
    )
    assert response.status_code == 409
    assert f"changed by {admin_user}" in response.text
    theme.refresh_from_db()
    assert theme.rag_status == "green"


# ------------------------------------------------------------------------------------------
# Project initiation documents


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_pid_upload_is_served_only_through_the_permission_checked_view(
    client, media, theme, lead, scrutiny, outsider
):
    client.force_login(lead)
    upload = SimpleUploadedFile("pid.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("improvement:theme-edit", args=[theme.pk]),
        {**theme_form_data(theme), "pid_file": upload},
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.pid_file.name.endswith(".pdf")

    page = client.get(theme.get_absolute_url())
    assert reverse("improvement:theme-pid", args=[theme.pk]) in page.text
    assert "/media" not in page.text

    client.force_login(scrutiny)
    download = client.get(reverse("improvement:theme-pid", args=[theme.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    assert {"private", "no-store"} <= {p.strip() for p in download["Cache-Control"].split(",")}

    client.force_login(outsider)
    assert client.get(reverse("improvement:theme-pid", args=[theme.pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("pid.exe", b"MZ\x90\x00", "File extension “exe” is not allowed"),
        ("pid.pdf", b"<html>not a pdf</html>", "must be a PDF, Word or OpenDocument"),
    ],
)
def test_a_file_that_is_not_a_document_is_refused(
    client, media, theme, lead, name, content, message
):
    client.force_login(lead)
    response = client.post(
        reverse("improvement:theme-edit", args=[theme.pk]),
        {
            **theme_form_data(theme, aim="Changed too"),
            "pid_file": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 200
    assert message in response.text
    theme.refresh_from_db()
    assert not theme.pid_file
    assert theme.aim != "Changed too"


def test_a_document_over_the_size_limit_is_refused(client, media, settings, theme, lead):
    settings.MAX_DOCUMENT_SIZE = 1024 * 1024
    client.force_login(lead)
    big = SimpleUploadedFile("pid.pdf", PDF + b"0" * (1024 * 1024 + 1))
    response = client.post(
        reverse("improvement:theme-edit", args=[theme.pk]),
        {**theme_form_data(theme), "pid_file": big},
    )
    assert "The file must be smaller than 1 MB." in response.text
    theme.refresh_from_db()
    assert not theme.pid_file


def upload_pid(client, theme, content, name="pid.pdf", **overrides):
    theme.refresh_from_db()
    return client.post(
        reverse("improvement:theme-edit", args=[theme.pk]),
        {
            **theme_form_data(theme, **overrides),
            "pid_file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
    )


def test_a_replaced_document_is_deleted_from_storage_once_the_change_is_saved(
    client, media, theme, lead, django_capture_on_commit_callbacks
):
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        assert upload_pid(client, theme, PDF + b"first", "first.pdf").status_code == 302
    theme.refresh_from_db()
    first = Path(theme.pid_file.path)
    assert first.exists()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert upload_pid(client, theme, PDF + b"second", "second.pdf").status_code == 302
    assert callbacks, "the old file is deleted after the transaction commits, not before"
    theme.refresh_from_db()
    assert not first.exists()
    assert Path(theme.pid_file.path).read_bytes() == PDF + b"second"
    download = client.get(reverse("improvement:theme-pid", args=[theme.pk]))
    assert b"".join(download.streaming_content) == PDF + b"second"


def test_a_change_without_a_new_upload_keeps_the_document(
    client, media, theme, lead, django_capture_on_commit_callbacks
):
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        upload_pid(client, theme, PDF)
        theme.refresh_from_db()
        kept = Path(theme.pid_file.path)
        response = client.post(
            reverse("improvement:theme-edit", args=[theme.pk]),
            theme_form_data(theme, aim="A new aim"),
        )
    assert response.status_code == 302
    assert kept.exists()
    theme.refresh_from_db()
    assert theme.aim == "A new aim"
    assert Path(theme.pid_file.path) == kept


def test_an_upload_over_the_councils_quota_is_refused_saying_what_is_used_and_allowed(
    client, media, settings, programme, theme, other_theme, lead, admin_user
):
    settings.UPLOAD_QUOTA_BYTES_PER_COUNCIL = 2048
    client.force_login(admin_user)
    assert upload_pid(client, other_theme, PDF + b"x" * (1500 - len(PDF))).status_code == 302

    client.force_login(lead)
    response = upload_pid(client, theme, PDF + b"y" * (600 - len(PDF)), aim="Changed too")
    assert response.status_code == 200
    assert (
        "Your council&#x27;s documents already use 1.5 KB of the 2.0 KB allowed, so this file "
        "of 600 bytes cannot be added." in response.text
    )
    assert 'class="govuk-error-summary"' in response.text
    assert "A project initiation document is uploaded" not in response.text
    theme.refresh_from_db()
    assert not theme.pid_file
    assert theme.aim != "Changed too"
    other_theme.refresh_from_db()
    assert [p for p in media.rglob("*") if p.is_file()] == [Path(other_theme.pid_file.path)]

    # Within the quota it is accepted; replacing a document counts the new file, not both.
    assert upload_pid(client, theme, PDF + b"y" * (500 - len(PDF))).status_code == 302
    client.force_login(admin_user)
    assert upload_pid(client, other_theme, PDF + b"z" * (1500 - len(PDF))).status_code == 302


def test_another_councils_documents_do_not_count_against_the_quota(
    client, media, settings, theme, lead, outsider_programme
):
    settings.UPLOAD_QUOTA_BYTES_PER_COUNCIL = 1100
    services.create_theme(
        programme=outsider_programme,
        by=None,
        title="Elsewhere",
        pid_file=SimpleUploadedFile("theirs.pdf", PDF + b"x" * 1000),
    )
    client.force_login(lead)
    assert upload_pid(client, theme, PDF + b"y" * 600).status_code == 302


def test_a_new_theme_with_a_document_over_the_quota_is_refused_and_not_saved(
    client, media, settings, programme, admin_user
):
    settings.UPLOAD_QUOTA_BYTES_PER_COUNCIL = 100
    client.force_login(admin_user)
    response = client.post(
        reverse("improvement:theme-create", args=[programme.pk]),
        {
            "title": "Early help",
            "order": 3,
            "pid_file": SimpleUploadedFile("pid.pdf", PDF + b"x" * 200),
        },
    )
    assert response.status_code == 200
    assert "of the 100 bytes allowed, so this file of 232 bytes cannot be added" in response.text
    assert not Theme.objects.filter(title="Early help").exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_a_new_theme_with_a_file_that_is_not_a_document_is_refused_not_an_error(
    client, media, programme, admin_user
):
    client.force_login(admin_user)
    response = client.post(
        reverse("improvement:theme-create", args=[programme.pk]),
        {"title": "Early help", "order": 3, "pid_file": SimpleUploadedFile("pid.exe", b"MZ")},
    )
    assert response.status_code == 200
    assert "File extension “exe” is not allowed" in response.text
    assert not Theme.objects.filter(title="Early help").exists()


def test_pid_download_without_a_file_is_404(client, theme, lead):
    client.force_login(lead)
    assert client.get(reverse("improvement:theme-pid", args=[theme.pk])).status_code == 404


# ------------------------------------------------------------------------------------------
# What the pages show


def test_theme_page_shows_the_history_of_changes(client, next_step, theme, lead):
    services.update_next_step(
        next_step=next_step, by=lead, changes={"status": "in_progress"}, seen_version=1
    )
    client.force_login(lead)
    page = client.get(theme.get_absolute_url())
    assert "History of changes" in page.text
    assert "Changed: Next step ‘Support’" in page.text
    assert "<strong>Status</strong>: Not started → On track" in page.text
    assert escape(str(lead)) in page.text


def test_theme_page_shows_the_latest_updates_and_links_to_every_one(client, theme, lead):
    """The page keeps its size as the updates build up: the latest twenty, then a link to the
    page with every update."""
    start = timezone.now() - datetime.timedelta(days=30)
    for day in range(25):
        ProgressUpdate.objects.create(
            theme=theme,
            text=f"Update of day {day + 1}.",
            rag_status=theme.rag_status,
            created_at=start + datetime.timedelta(days=day),
        )
    client.force_login(lead)
    page = client.get(theme.get_absolute_url()).text
    assert "Update of day 25." in page
    assert "Update of day 6." in page
    assert "Update of day 5." not in page
    assert "The latest 20 of 25 updates are shown" in page
    assert 'href="?updates=all#updates">See all 25 progress updates</a>' in page
    every = client.get(theme.get_absolute_url() + "?updates=all").text
    assert "Update of day 1." in every
    assert "Update of day 25." in every
    assert "See all 25 progress updates" not in every


def test_theme_page_shows_leads_and_recommendations(client, theme, lead):
    from inspections.models import Framework, Inspection, Recommendation
    from tests.inspections.factories import ensure_frameworks

    ensure_frameworks()
    framework = Framework.objects.first()
    inspection = Inspection.objects.create(
        local_authority=theme.programme.local_authority,
        inspection_type="standard",
        framework=framework,
        start_date=datetime.date(2018, 6, 11),
    )
    recommendation = Recommendation.objects.create(
        inspection=inspection, order=1, text="Improve supervision"
    )
    theme.recommendations.add(recommendation)
    client.force_login(lead)
    page = client.get(theme.get_absolute_url())
    assert "Improve supervision" in page.text
    assert escape(str(lead)) in page.text


def test_overdue_next_steps_are_flagged_in_words_and_counted(client, programme, theme, lead):
    NextStepFactory(theme=theme, label="Late", due_date=datetime.date(2019, 2, 1), owner=lead)
    NextStepFactory(theme=theme, label="Late too", due_date=datetime.date(2019, 3, 1))
    NextStepFactory(
        theme=theme, label="Done late", due_date=datetime.date(2019, 3, 1), status="done"
    )
    client.force_login(lead)
    programme_page = client.get(programme.get_absolute_url())
    assert '<p class="govuk-heading-l govuk-!-margin-bottom-1">2</p>' in programme_page.text
    assert "next steps overdue" in programme_page.text
    theme_page = client.get(theme.get_absolute_url())
    assert theme_page.text.count('<strong class="app-flag-overdue">Overdue</strong>') == 2
    my_work = client.get(reverse("improvement:my-work"))
    # Both late steps (on a theme the lead leads) and the theme's count in the themes table.
    assert my_work.text.count('<strong class="app-flag-overdue">Overdue</strong>') == 3


def test_programme_page_shows_rag_in_words_and_counts(client, programme, theme, lead):
    AchievementFactory.create_batch(3, theme=theme)
    NextStepFactory(theme=theme, status="done")
    ProgressUpdate.objects.create(theme=theme, text="Latest news here", rag_status="amber")
    client.force_login(lead)
    page = client.get(programme.get_absolute_url())
    assert "Amber</strong>" in page.text
    assert "Latest news here" in page.text
    row = page.text.split(f'id="theme-row-{theme.pk}"')[1].split("</tr>")[0]
    cells = [c.split(">", 1)[1].split("<")[0].strip() for c in row.split("<td")[1:]]
    assert cells[1:5] == ["3", "1", "0", "0"]


def test_board_pack_shows_its_themes_with_rag_updates_and_tables(client, programme, lead):
    reviewed = ThemeFactory(programme=programme, title="Supervision", rag_status="green")
    skipped = ThemeFactory(programme=programme, title="Not on this agenda")
    AchievementFactory(theme=reviewed, label="Template")
    NextStepFactory(theme=reviewed, label="Support")
    ProgressUpdate.objects.create(theme=reviewed, text="Rolled out", rag_status="green")
    [meeting] = services.build_board_rota(
        programme=programme, by=None, dates=[datetime.date(2030, 1, 7)]
    )
    meeting.agenda_items.exclude(theme=reviewed).delete()
    client.force_login(lead)
    page = client.get(meeting.get_absolute_url())
    assert "Board pack, 7 January 2030" in page.text
    assert "Green</strong>" in page.text
    assert "Rolled out" in page.text
    assert "Template" in page.text
    assert "Support" in page.text
    assert skipped.title not in page.text


def test_board_pack_gives_the_action_plans_figures_and_links_the_exception_report(
    client, programme, lead
):
    theme = ThemeFactory(programme=programme, title="Supervision")
    NextStepFactory(
        theme=theme,
        status="done",
        due_date=datetime.date(2019, 2, 1),
        completed_on=datetime.date(2019, 1, 20),
    )
    NextStepFactory(theme=theme, due_date=timezone.localdate() - datetime.timedelta(days=5))
    [meeting] = services.build_board_rota(
        programme=programme, by=None, dates=[datetime.date(2030, 1, 7)]
    )
    client.force_login(lead)
    page = client.get(meeting.get_absolute_url()).text
    assert 'id="plan-percent-complete"><strong>50%</strong> of actions complete' in page
    assert "How it is counted: 1 of 2 actions done" in page
    assert 'id="plan-overdue">1<' in page
    report = reverse("improvement:exception-report", args=[programme.pk])
    assert f'href="{report}">Exception report' in page


def test_build_rota_button_makes_meetings(client, programme, admin_user):
    ThemeFactory.create_batch(5, programme=programme)
    client.force_login(admin_user)
    response = client.post(
        reverse("improvement:build-rota", args=[programme.pk]),
        {**date_parts("start", "2030-01-07"), "every_n_weeks": 4},
        follow=True,
    )
    assert "The rota has 3 meetings, 2 themes at each." in response.text
    assert programme.board_meetings.count() == 3


def test_evidence_list_filters(client, programme, theme, lead):
    EvidenceItemFactory(programme=programme, kind="peer_review", title="Peer review by Barking")
    EvidenceItemFactory(
        programme=programme,
        kind="qa_audit",
        title="Practice week audit",
        measure_label="% of audited cases good or better",
        measure_value=64,
        themes=[theme],
    )
    client.force_login(lead)
    url = reverse("improvement:evidence-list", args=[programme.pk])
    everything = client.get(url)
    assert "Peer review by Barking" in everything.text
    assert "% of audited cases good or better: 64" in everything.text
    only_audits = client.get(url, {"kind": "qa_audit"})
    assert "Practice week audit" in only_audits.text
    assert "Peer review by Barking" not in only_audits.text
    by_theme = client.get(url, {"theme": theme.pk})
    assert "Peer review by Barking" not in by_theme.text


def test_admin_adds_evidence_with_a_measure(client, programme, admin_user):
    # A deliberate parallel of test_lead_adds_an_achievement: evidence has its own form, which
    # an administrator fills in for the programme rather than a lead for a theme.
    client.force_login(admin_user)
    response = client.post(
        reverse("improvement:evidence-create", args=[programme.pk]),
        {
            "kind": "staff_feedback",
            "title": "Staff survey",
            **date_parts("date", "2019-10-01"),
            "measure_label": "% who feel supported",
            "measure_value": "81.5",
        },
        follow=True,
    )
    assert "Evidence ‘Staff survey’ saved." in response.text
    assert "% who feel supported: 81.5" in response.text


def test_evidence_value_without_a_measure_is_refused(client, programme, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("improvement:evidence-create", args=[programme.pk]),
        {"kind": "staff_feedback", "title": "Staff survey", "measure_value": "81"},
    )
    assert "Say what the measure is as well as its value." in response.text


# ------------------------------------------------------------------------------------------
# CSV exports


def read_csv(response):
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join([response.content]).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_achievements_csv(client, programme, theme, lead):
    AchievementFactory(theme=theme, label="The Cocoon", text="=HYPERLINK(bad)")
    client.force_login(lead)
    rows = read_csv(client.get(reverse("improvement:achievements-csv", args=[programme.pk])))
    assert rows[0][:3] == ["Theme", "Label", "Achievement"]
    assert rows[1][:3] == [theme.title, "The Cocoon", "'=HYPERLINK(bad)"]


def test_next_steps_csv_flags_overdue(client, programme, theme, lead):
    NextStepFactory(theme=theme, label="Late", due_date=datetime.date(2019, 2, 1), owner=lead)
    NextStepFactory(theme=theme, label="Ongoing")
    client.force_login(lead)
    rows = read_csv(client.get(reverse("improvement:next-steps-csv", args=[programme.pk])))
    by_label = {row[1]: row for row in rows[1:]}
    assert by_label["Late"][3:7] == [str(lead), "2019-02-01", "Not started", "Overdue"]
    assert by_label["Ongoing"][6] == ""


def test_evidence_csv_follows_the_filters(client, programme, lead):
    EvidenceItemFactory(programme=programme, kind="peer_review", title="Peer review")
    EvidenceItemFactory(programme=programme, kind="qa_audit", title="Audit")
    client.force_login(lead)
    rows = read_csv(
        client.get(reverse("improvement:evidence-csv", args=[programme.pk]), {"kind": "qa_audit"})
    )
    assert [row[1] for row in rows[1:]] == ["Audit"]
    assert rows[1][0] == "Quality assurance audit"


def test_theme_is_created_by_an_administrator(client, programme, admin_user, lead):
    client.force_login(admin_user)
    response = client.post(
        reverse("improvement:theme-create", args=[programme.pk]),
        {"title": "Supervision", "aim": "Clarify good supervision", "order": 1, "leads": [lead.pk]},
    )
    theme = Theme.objects.get()
    assert response["Location"] == theme.get_absolute_url()
    assert list(theme.leads.all()) == [lead]


# ------------------------------------------------------------------------------------------
# Kinds of evidence as data, and the finding evidence tests


def test_evidence_kinds_are_seeded_with_what_councils_use_and_keep_earlier_meanings(db):
    from improvement.models import EvidenceKind

    names = set(EvidenceKind.objects.values_list("name", flat=True))
    assert {
        "SLIP review",
        "Councillor frontline visit",
        "Ofsted monitoring visit letter",
        "DfE adviser review",
        "Practice week",
        "Case audit",
        "Staff survey",
        "Feedback from children and families",
        "Peer review",
        "Independent audit",
    } <= names
    # Evidence recorded before kinds were data keeps its kind.
    by_code = dict(EvidenceKind.objects.values_list("code", "name"))
    assert by_code["qa_audit"] == "Quality assurance audit"
    assert by_code["staff_feedback"] == "Staff feedback"
    assert by_code["ofsted_focused_visit"] == "Ofsted focused visit"
    assert by_code["service_user_feedback"] == "Feedback from children and families"


def test_a_kind_added_in_the_admin_is_offered_on_the_evidence_form(client, programme, admin_user):
    from improvement.models import EvidenceKind

    EvidenceKind.objects.create(code="lived_experience_panel", name="Lived experience panel")
    client.force_login(admin_user)
    form_page = client.get(reverse("improvement:evidence-create", args=[programme.pk])).text
    assert "Lived experience panel" in form_page
    assert "SLIP review" in form_page
    response = client.post(
        reverse("improvement:evidence-create", args=[programme.pk]),
        {"kind": "lived_experience_panel", "title": "Panel of care leavers"},
        follow=True,
    )
    assert "Evaluation evidence: Lived experience panel" in response.text


def test_evidence_names_the_finding_it_tests_from_its_own_programme_only(
    client, programme, admin_user
):
    from improvement import plan_services

    own = plan_services.add_finding(
        programme=programme, by=admin_user, source="monitoring_visit", text="Visits to children."
    )
    other_programme = ProgrammeFactory(local_authority=programme.local_authority)
    other = plan_services.add_finding(
        programme=other_programme, by=admin_user, source="self_evaluation", text="Other finding."
    )
    client.force_login(admin_user)
    url = reverse("improvement:evidence-create", args=[programme.pk])
    form_page = client.get(url).text
    assert "Visits to children." in form_page
    assert "Other finding." not in form_page
    refused = client.post(url, {"kind": "case_audit", "title": "Audit", "finding": other.pk})
    assert refused.status_code == 200
    assert "Select one of the options given for" in refused.text
    saved = client.post(
        url, {"kind": "case_audit", "title": "Audit of visits", "finding": own.pk}, follow=True
    )
    assert "Finding it tests" in saved.text
    assert "Visits to children." in saved.text
    assert "Case audit" in saved.text


def test_the_service_administrator_adds_a_kind_of_evidence_in_the_admin(client, db):
    from improvement.models import EvidenceKind
    from tests import factories

    client.force_login(factories.platform_administrator(username="root", is_superuser=True))
    response = client.post(
        "/admin/improvement/evidencekind/add/",
        {"name": "Lived experience panel", "code": "lived_experience_panel", "order": 20},
    )
    assert response.status_code == 302
    assert EvidenceKind.objects.get(code="lived_experience_panel").name == "Lived experience panel"
    listing = client.get("/admin/improvement/evidencekind/").text
    assert "SLIP review" in listing
