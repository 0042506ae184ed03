import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from improvement.models import (
    DatePrecision,
    NextStep,
    Programme,
    RagChange,
    Theme,
    validate_document,
)
from tests import factories
from tests.improvement.factories import (
    AchievementFactory,
    EvidenceItemFactory,
    NextStepFactory,
    ProgressUpdateFactory,
    ThemeFactory,
)

TODAY = datetime.date(2019, 11, 26)


def test_programme_is_visible_to_its_own_la_and_platform_administrators_only(
    programme, lead, scrutiny, admin_user, platform_admin, outsider
):
    for user in (lead, scrutiny, admin_user, platform_admin):
        assert list(Programme.objects.visible_to(user)) == [programme]
    assert list(Programme.objects.visible_to(outsider)) == []


def test_la_administrator_does_not_see_another_las_programme(admin_user, outsider_programme):
    assert not Programme.objects.visible_to(admin_user).filter(pk=outsider_programme.pk).exists()


def test_user_without_an_la_who_is_not_an_administrator_sees_nothing(programme):
    user = factories.improvement_lead(username="floating", local_authority=None)
    assert list(Programme.objects.visible_to(user)) == []


def test_leads_edit_only_the_themes_they_lead_administrators_all_scrutiny_none(
    theme, other_theme, lead, other_lead, admin_user, platform_admin, scrutiny, outsider
):
    assert list(Theme.objects.editable_by(lead)) == [theme]
    assert list(Theme.objects.editable_by(other_lead)) == [other_theme]
    assert set(Theme.objects.editable_by(admin_user)) == {theme, other_theme}
    assert set(Theme.objects.editable_by(platform_admin)) == {theme, other_theme}
    assert list(Theme.objects.editable_by(scrutiny)) == []
    assert list(Theme.objects.editable_by(outsider)) == []


def test_overdue_is_open_and_past_due(theme):
    late = NextStepFactory(theme=theme, due_date=TODAY - datetime.timedelta(days=1))
    NextStepFactory(theme=theme, due_date=TODAY)
    NextStepFactory(theme=theme, due_date=datetime.date(2019, 1, 2), status=NextStep.Status.DONE)
    NextStepFactory(theme=theme, due_date=datetime.date(2019, 1, 2), status=NextStep.Status.DROPPED)
    slipped = NextStepFactory(
        theme=theme, due_date=datetime.date(2019, 1, 2), status=NextStep.Status.SLIPPED
    )
    NextStepFactory(theme=theme, due_date=None)
    assert set(NextStep.objects.overdue(TODAY)) == {late, slipped}
    assert late.is_overdue(TODAY)
    assert not late.is_overdue(datetime.date(2019, 1, 1))


def test_due_within_days_excludes_overdue_and_later_items(theme):
    soon = NextStepFactory(theme=theme, due_date=TODAY + datetime.timedelta(days=14))
    NextStepFactory(theme=theme, due_date=TODAY + datetime.timedelta(days=15))
    NextStepFactory(theme=theme, due_date=TODAY - datetime.timedelta(days=1))
    assert list(NextStep.objects.due_within(14, today=TODAY)) == [soon]


def test_theme_counts_bundle(theme):
    AchievementFactory.create_batch(2, theme=theme)
    NextStepFactory(theme=theme, status=NextStep.Status.DONE)
    NextStepFactory(theme=theme, due_date=TODAY - datetime.timedelta(days=3))
    NextStepFactory(theme=theme, due_date=TODAY + datetime.timedelta(days=3))
    NextStepFactory(theme=theme, status=NextStep.Status.DROPPED)
    ProgressUpdateFactory(theme=theme, text="Older")
    latest = ProgressUpdateFactory(theme=theme, text="Newest news")
    summary = Theme.objects.with_counts(TODAY).get(pk=theme.pk)
    assert summary.achievement_count == 2
    assert summary.next_steps_done == 1
    assert summary.next_steps_overdue == 1
    assert summary.next_steps_due == 1
    assert summary.next_steps_open == 2
    assert summary.last_update_text == "Newest news"
    assert summary.last_update_at == latest.created_at


def test_programme_summaries_count_overdue_across_themes(programme):
    for _ in range(3):
        theme = ThemeFactory(programme=programme)
        NextStepFactory(theme=theme, due_date=datetime.date(2019, 2, 1))
    result = Programme.objects.with_theme_summaries(TODAY).get(pk=programme.pk)
    assert result.overdue_next_steps == 3
    assert result.theme_count == 3
    assert [t.next_steps_overdue for t in result.themes.all()] == [1, 1, 1]


def test_progress_tables_bundle_orders_items(programme):
    theme = ThemeFactory(programme=programme)
    second = AchievementFactory(theme=theme, order=2, label="Second")
    first = AchievementFactory(theme=theme, order=1, label="First")
    result = Theme.objects.with_progress_tables().get(pk=theme.pk)
    assert list(result.achievements.all()) == [first, second]


def test_due_date_before_programme_start_is_refused(theme):
    step = NextStep(
        theme=theme, label="Early", text="Too early", due_date=datetime.date(2018, 12, 31)
    )
    with pytest.raises(ValidationError) as error:
        step.full_clean()
    assert "on or after the programme's start, 1 January 2019" in str(error.value)


def test_month_precision_targets_are_shown_as_month_and_year_and_due_at_month_end(theme):
    step = NextStep(
        theme=theme,
        label="Launch",
        text="Launched in early 2020",
        due_date=datetime.date(2020, 2, 1),
        due_precision=DatePrecision.MONTH,
    )
    step.full_clean()
    assert step.due_date == datetime.date(2020, 2, 29)
    assert step.due_display == "February 2020"
    assert not step.is_overdue(datetime.date(2020, 2, 15))


def test_label_cannot_be_empty_in_the_database(theme):
    with pytest.raises(IntegrityError), transaction.atomic():
        NextStepFactory(theme=theme, label="")


def test_rag_change_needs_a_reason_in_the_database(theme):
    with pytest.raises(IntegrityError), transaction.atomic():
        RagChange.objects.create(theme=theme, from_status="amber", to_status="red", reason="")


def test_measure_value_needs_a_label(programme):
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceItemFactory(programme=programme, measure_value=75, measure_label="")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("pid.pdf", b"%PDF-1.7 rest"),
        ("pid.docx", b"PK\x03\x04rest"),
        ("pid.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
    ],
)
def test_documents_are_accepted(name, content):
    validate_document(SimpleUploadedFile(name, content))


def test_a_file_that_is_not_a_document_is_refused():
    with pytest.raises(ValidationError, match="must be a PDF, Word or OpenDocument"):
        validate_document(SimpleUploadedFile("pid.pdf", b"MZ\x90\x00 an executable"))


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.MAX_DOCUMENT_SIZE = 1024
    with pytest.raises(ValidationError, match="smaller than"):
        validate_document(SimpleUploadedFile("pid.pdf", b"%PDF-" + b"0" * 2048))


def test_every_model_keeps_history(theme, lead):
    step = NextStepFactory(theme=theme)
    step.status = NextStep.Status.IN_PROGRESS
    step.save()
    assert [r.status for r in step.history.order_by("history_date")] == ["planned", "in_progress"]


def test_string_forms_and_urls(programme, theme, achievement, next_step):
    assert str(programme) == f"Havering: {programme.title}"
    assert theme.get_absolute_url() == f"/themes/{theme.pk}/"
    assert achievement.get_absolute_url().endswith(f"#achievement-{achievement.pk}")
    assert str(next_step) == "Support"
