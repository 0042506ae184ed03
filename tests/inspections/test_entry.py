"""Entering and editing inspections through the service's own form."""

import datetime

import pytest
from django.utils import timezone

from core.dates import long_date
from inspections.models import Framework, Grade, Inspection, JudgementArea
from tests.inspections.factories import HAVERING_2018_GRADES, InspectionFactory

pytestmark = pytest.mark.usefixtures("frameworks")

NEW = "/inspections/new/"
DATE_FIELDS = ("start_date", "end_date", "published_on")


def govuk_dates(data: dict) -> dict:
    """`data` with each yyyy-mm-dd date as the GOV.UK day, month and year boxes post it."""
    posted = {k: v for k, v in data.items() if k not in DATE_FIELDS}
    for name in DATE_FIELDS:
        if name in data:
            year, month, day = (str(data[name]).split("-") + ["", "", ""])[:3]
            posted.update({f"{name}_0": day, f"{name}_1": month, f"{name}_2": year})
    return posted


def post(client, url, data):
    return client.post(url, govuk_dates(data))


def post_data(
    *,
    la,
    kind=Inspection.Type.STANDARD,
    start="2019-05-13",
    end="2019-05-24",
    published="2019-07-01",
    theme="",
    grades=None,
    framework=None,
    areas=None,
    recommendations=(),
    version="",
    action="save",
):
    """The form as a browser would post it. `grades`: {strand: grade} (missing: no grade)."""
    framework = framework or Framework.for_date(datetime.date.fromisoformat(start))
    areas = areas if areas is not None else list(framework.areas.all())
    grades = grades if grades is not None else {}
    data = {
        "local_authority": la.pk if la else "",
        "inspection_type": kind,
        "start_date": start,
        "end_date": end,
        "published_on": published,
        "theme": theme,
        "report_url": "https://reports.ofsted.gov.uk/provider/44/311",
        "lead_inspector": "",
        "summary": "",
        "version": version,
        "framework": framework.pk,
        "action": action,
        "judgements-TOTAL_FORMS": len(areas),
        "judgements-INITIAL_FORMS": len(areas),
        "judgements-MIN_NUM_FORMS": 0,
        "judgements-MAX_NUM_FORMS": 20,
        "recommendations-TOTAL_FORMS": len(recommendations),
        "recommendations-INITIAL_FORMS": 0,
        "recommendations-MIN_NUM_FORMS": 0,
        "recommendations-MAX_NUM_FORMS": 40,
    }
    for index, area in enumerate(areas):
        data[f"judgements-{index}-area"] = area.pk
        data[f"judgements-{index}-grade"] = grades.get(area.strand, "")
        data[f"judgements-{index}-narrative"] = f"Findings on {area.short_name}."
    for index, text in enumerate(recommendations):
        data[f"recommendations-{index}-kind"] = "improve"
        data[f"recommendations-{index}-text"] = text
    return data


# --- who may enter -------------------------------------------------------------------------


@pytest.mark.parametrize("url", [NEW, "/inspections/{pk}/edit/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, local_authority, url):
    inspection = InspectionFactory(local_authority=local_authority)
    response = client.get(url.format(pk=inspection.pk))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("role", ["lead", "scrutiny"])
@pytest.mark.parametrize("url", [NEW, "/inspections/{pk}/edit/"])
def test_leads_and_scrutiny_members_cannot_enter_or_edit(
    client, request, local_authority, role, url
):
    inspection = InspectionFactory(local_authority=local_authority)
    client.force_login(request.getfixturevalue(role))
    url = url.format(pk=inspection.pk)
    assert client.get(url).status_code == 403
    assert (
        post(client, url, post_data(la=local_authority, grades=HAVERING_2018_GRADES)).status_code
        == 403
    )
    assert Inspection.objects.count() == 1


def test_an_la_administrator_gets_403_on_another_las_inspection(
    client, admin_user, other_local_authority
):
    """Inspection outcomes are published, so the page exists for everyone: 403, not 404."""
    theirs = InspectionFactory(local_authority=other_local_authority)
    client.force_login(admin_user)
    assert client.get(theirs.get_absolute_url()).status_code == 200
    assert client.get(f"/inspections/{theirs.pk}/edit/").status_code == 403


def test_an_la_administrator_cannot_enter_an_inspection_of_another_la(
    client, admin_user, other_local_authority
):
    client.force_login(admin_user)
    response = post(client, NEW, post_data(la=other_local_authority, grades=HAVERING_2018_GRADES))
    assert response.status_code == 200
    assert "Select one of the options given for" in response.text
    assert not Inspection.objects.exists()
    assert other_local_authority.name not in client.get(NEW).text


def test_a_platform_administrator_enters_for_any_la(client, platform_admin, other_local_authority):
    client.force_login(platform_admin)
    response = post(client, NEW, post_data(la=other_local_authority, grades=HAVERING_2018_GRADES))
    assert response.status_code == 302
    assert Inspection.objects.get().local_authority == other_local_authority


# --- the steps -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "framework", "areas"),
    [
        ("2016-10-03", "Single inspection framework", 6),
        ("2018-06-11", "(ILACS) 2018", 4),
        ("2023-12-11", "(ILACS) 2023", 5),
    ],
)
def test_the_form_offers_exactly_the_areas_of_the_framework_in_force(
    client, admin_user, local_authority, start, framework, areas
):
    client.force_login(admin_user)
    data = {
        "local_authority": local_authority.pk,
        "inspection_type": Inspection.Type.STANDARD,
        "start_date": start,
        "action": "continue",
    }
    response = client.post(NEW, govuk_dates(data), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][0].endswith("/judgements/")
    assert framework in response.text
    expected = Framework.for_date(datetime.date.fromisoformat(start)).areas.all()
    assert len(response.context["judgements"].forms) == areas
    for area in expected:
        assert area.name in response.text
    assert not Inspection.objects.exists()


def test_an_admin_enters_an_inspection_with_judgements_and_recommendations(
    client, admin_user, local_authority
):
    client.force_login(admin_user)
    response = post(
        client,
        NEW,
        post_data(
            la=local_authority,
            grades=HAVERING_2018_GRADES,
            recommendations=["Improve supervision.", "", "Improve case recording."],
        ),
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response.url == inspection.get_absolute_url()
    assert inspection.source == Inspection.Source.ENTERED
    assert str(inspection.framework) == "ILACS 2018"
    assert {j.area.strand: j.grade for j in inspection.judgements.all()} == HAVERING_2018_GRADES
    assert [(r.order, r.text) for r in inspection.recommendations.all()] == [
        (1, "Improve supervision."),
        (2, "Improve case recording."),
    ]
    page = client.get(response.url).text
    assert "Requires improvement to be good" in page
    assert "Improve case recording." in page


def test_a_monitoring_visit_is_entered_without_grades(client, admin_user, local_authority):
    client.force_login(admin_user)
    response = post(
        client,
        NEW,
        post_data(
            la=local_authority,
            kind=Inspection.Type.MONITORING_VISIT,
            theme="Vulnerable adolescents",
        ),
    )
    assert response.status_code == 302
    visit = Inspection.objects.get()
    assert visit.theme == "Vulnerable adolescents"
    assert not visit.judgements.exists()


def test_changing_the_dates_to_another_framework_shows_its_areas_and_saves_nothing(
    client, admin_user, local_authority
):
    client.force_login(admin_user)
    data = post_data(la=local_authority, grades=HAVERING_2018_GRADES)  # ILACS 2018's four areas
    data.update(start_date="2023-12-11", end_date="2023-12-15", published_on="2024-02-16")
    response = post(client, NEW, data)
    assert response.status_code == 200
    assert not Inspection.objects.exists()
    assert "The experiences and progress of care leavers" in response.text
    forms = response.context["judgements"].forms
    assert len(forms) == 5
    carried = {f.area_object.strand: f.initial["grade"] for f in forms}
    assert carried["help-and-protection"] == Grade.REQUIRES_IMPROVEMENT  # kept across frameworks
    assert carried["care-leavers"] == ""


# --- bad input -----------------------------------------------------------------------------


def tomorrow():
    return (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_date": "2019-05-01"}, "The end date must be the same as or after the start date"),
        (
            {"published_on": "2019-05-20"},
            "The publication date must be the same as or after the end date",
        ),
        ({"published_on": "tomorrow"}, "The publication date must be today or in the past"),
        ({"local_authority": ""}, "Choose the local authority"),
    ],
)
def test_bad_dates_are_explained_on_the_form(client, admin_user, local_authority, changes, message):
    client.force_login(admin_user)
    data = post_data(la=local_authority, grades=HAVERING_2018_GRADES)
    data.update({k: tomorrow() if v == "tomorrow" else v for k, v in changes.items()})
    response = post(client, NEW, data)
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert not Inspection.objects.exists()


def test_a_start_date_in_the_future_is_refused(client, admin_user, local_authority):
    client.force_login(admin_user)
    start = timezone.localdate() + datetime.timedelta(days=3)
    data = post_data(la=local_authority, grades={}, start=start.isoformat(), end="", published="")
    response = post(client, NEW, data)
    assert "The start date must be today or in the past" in response.text
    assert not Inspection.objects.exists()


def test_a_grade_on_an_ungraded_visit_is_refused(client, admin_user, local_authority):
    client.force_login(admin_user)
    data = post_data(
        la=local_authority,
        kind=Inspection.Type.FOCUSED_VISIT,
        theme="Front door",
        grades={"overall": Grade.GOOD},
    )
    response = post(client, NEW, data)
    assert "A focused visit is not graded: remove the grade for overall effectiveness" in (
        response.text
    )
    assert not Inspection.objects.exists()


def test_a_missing_grade_on_a_graded_inspection_is_refused(client, admin_user, local_authority):
    client.force_login(admin_user)
    grades = dict(HAVERING_2018_GRADES)
    del grades["leadership"]
    response = post(client, NEW, post_data(la=local_authority, grades=grades))
    assert (
        "Choose a grade for the impact of leaders on social work practice with children and "
        "families" in response.text
    )
    assert not Inspection.objects.exists()


def test_a_grade_for_an_area_the_framework_does_not_have_is_refused(
    client, admin_user, local_authority
):
    client.force_login(admin_user)
    ilacs_2018 = Framework.objects.get(code="ilacs-2018")
    care_leavers_2023 = JudgementArea.objects.get(framework__code="ilacs-2023", code="care-leavers")
    areas = [*ilacs_2018.areas.all(), care_leavers_2023]
    grades = {**HAVERING_2018_GRADES, "care-leavers": Grade.GOOD}
    response = post(
        client, NEW, post_data(la=local_authority, grades=grades, framework=ilacs_2018, areas=areas)
    )
    assert "This judgement is not part of ILACS 2018" in response.text
    assert not Inspection.objects.exists()


def test_a_duplicate_inspection_is_refused(client, admin_user, local_authority):
    InspectionFactory(local_authority=local_authority, start_date=datetime.date(2019, 5, 13))
    client.force_login(admin_user)
    response = post(client, NEW, post_data(la=local_authority, grades=HAVERING_2018_GRADES))
    assert "Havering already has a standard inspection starting on 13 May 2019" in response.text
    assert Inspection.objects.count() == 1


def test_a_visit_without_a_theme_is_refused(client, admin_user, local_authority):
    client.force_login(admin_user)
    response = post(
        client, NEW, post_data(la=local_authority, kind=Inspection.Type.MONITORING_VISIT, theme="")
    )
    assert "Enter the theme of the visit" in response.text
    assert not Inspection.objects.exists()


# --- editing -------------------------------------------------------------------------------


def edit_data(inspection, **changes):
    grades = {j.area.strand: j.grade for j in inspection.judgements.all()}
    data = post_data(
        la=inspection.local_authority,
        start=inspection.start_date.isoformat(),
        end=inspection.end_date.isoformat(),
        published=inspection.published_on.isoformat(),
        grades=grades,
        version=inspection.version,
    )
    data.update(changes)
    return data


def test_nothing_saved_is_lost_when_an_edit_has_an_error(client, admin_user, local_authority):
    inspection = InspectionFactory(local_authority=local_authority, lead_inspector="Ann Smith")
    client.force_login(admin_user)
    data = edit_data(inspection, end_date="2019-01-01", lead_inspector="Changed")
    response = post(client, f"/inspections/{inspection.pk}/edit/", data)
    assert response.status_code == 200
    assert 'value="Changed"' in response.text  # what was typed is still on the form
    inspection.refresh_from_db()
    assert inspection.lead_inspector == "Ann Smith"
    assert inspection.end_date == datetime.date(2019, 5, 24)
    assert inspection.version == 1


def test_a_stale_edit_is_refused(client, admin_user, platform_admin, local_authority):
    inspection = InspectionFactory(local_authority=local_authority)
    url = f"/inspections/{inspection.pk}/edit/"
    opened = edit_data(inspection)  # both open the form at version 1
    client.force_login(platform_admin)
    assert post(client, url, {**opened, "lead_inspector": "First"}).status_code == 302
    client.force_login(admin_user)
    response = post(client, url, {**opened, "lead_inspector": "Second"})
    assert response.status_code == 200
    assert "Someone else changed this inspection while you were editing it" in response.text
    inspection.refresh_from_db()
    assert inspection.lead_inspector == "First"
    assert inspection.version == 2


def test_every_change_keeps_history_with_who_made_it(client, admin_user, local_authority):
    inspection = InspectionFactory(local_authority=local_authority)
    client.force_login(admin_user)
    data = edit_data(inspection, lead_inspector="Pat Jones")
    data["judgements-0-grade"] = Grade.OUTSTANDING
    assert post(client, f"/inspections/{inspection.pk}/edit/", data).status_code == 302
    latest = inspection.history.latest()
    assert latest.history_user == admin_user
    assert latest.lead_inspector == "Pat Jones"
    assert latest.prev_record.lead_inspector == ""
    overall = inspection.judgements.get(area__strand="overall")
    assert overall.history.latest().history_user == admin_user
    assert overall.history.latest().prev_record.grade == Grade.GOOD
    page = client.get(inspection.get_absolute_url()).text
    assert "Recent changes" in page
    assert str(admin_user) in page


def test_editing_an_imported_inspection_keeps_it_imported_and_says_who_corrected_it(
    client, admin_user, local_authority
):
    inspection = InspectionFactory(
        local_authority=local_authority, source=Inspection.Source.IMPORTED
    )
    client.force_login(admin_user)
    post(client, f"/inspections/{inspection.pk}/edit/", edit_data(inspection, summary="Notes."))
    inspection.refresh_from_db()
    assert inspection.source == Inspection.Source.CORRECTED
    assert inspection.corrected_by == admin_user
    page = client.get(inspection.get_absolute_url()).text
    today = long_date(timezone.localdate())
    assert f"Imported from Ofsted's statistics, corrected by {admin_user} on {today}" in page
    assert "Entered by hand" not in page


def test_the_change_history_shows_each_field_and_judgement_that_changed(
    client, admin_user, local_authority
):
    inspection = InspectionFactory(local_authority=local_authority, grades=Grade.GOOD)
    client.force_login(admin_user)
    data = edit_data(inspection, lead_inspector="Pat Jones")
    data["judgements-0-grade"] = Grade.OUTSTANDING  # overall effectiveness
    for index in range(4):
        data[f"judgements-{index}-narrative"] = ""  # the findings stay as they were
    data["judgements-1-narrative"] = "Leaders know their services well."
    assert post(client, f"/inspections/{inspection.pk}/edit/", data).status_code == 302
    changes = client.get(inspection.get_absolute_url()).context["changes"]
    by_record = {(entry.action, entry.record): entry.changes for entry in changes}
    inspection_changes = {c.field: (c.old, c.new) for c in by_record["Changed", "Inspection"]}
    assert inspection_changes["Lead inspector"] == ("–", "Pat Jones")
    overall = by_record["Changed", "Judgement ‘Overall effectiveness’"]
    assert [(c.field, c.old, c.new) for c in overall] == [("Grade", "Good", "Outstanding")]
    changed_judgements = [
        e for e in changes if e.action == "Changed" and e.record.startswith("Judgement")
    ]
    assert len(changed_judgements) == 2  # the judgements left as they were are not listed
    (leaders,) = [e for e in changed_judgements if e.record != "Judgement ‘Overall effectiveness’"]
    assert [(c.field, c.new) for c in leaders.changes] == [
        ("Findings", "Leaders know their services well.")
    ]
    page = client.get(inspection.get_absolute_url()).text
    assert "Good → Outstanding" in page


def keep_and_drop(local_authority):
    """An inspection with two recommendations, "Keep" and "Drop", and its edit form's data."""
    inspection = InspectionFactory(local_authority=local_authority)
    keep = inspection.recommendations.create(order=1, text="Keep")
    drop = inspection.recommendations.create(order=2, text="Drop")
    data = edit_data(inspection)
    data.update(
        {
            "recommendations-TOTAL_FORMS": 2,
            "recommendations-INITIAL_FORMS": 2,
            "recommendations-0-id": keep.pk,
            "recommendations-0-kind": "improve",
            "recommendations-0-text": "Keep",
            "recommendations-1-id": drop.pk,
            "recommendations-1-kind": "improve",
            "recommendations-1-text": "Drop",
        }
    )
    return inspection, data


def test_a_recommendation_can_be_removed(client, admin_user, local_authority):
    client.force_login(admin_user)
    inspection, data = keep_and_drop(local_authority)
    data["recommendations-1-DELETE"] = "on"
    assert post(client, f"/inspections/{inspection.pk}/edit/", data).status_code == 302
    assert list(inspection.recommendations.values_list("text", flat=True)) == ["Keep"]


def test_the_edit_form_shows_the_saved_judgements(client, admin_user, local_authority):
    inspection = InspectionFactory(local_authority=local_authority, grades=Grade.INADEQUATE)
    client.force_login(admin_user)
    response = client.get(f"/inspections/{inspection.pk}/edit/judgements/")
    assert [f.initial["grade"] for f in response.context["judgements"].forms] == [
        Grade.INADEQUATE
    ] * 4


def test_a_scrutiny_member_sees_no_edit_link(client, scrutiny, local_authority):
    inspection = InspectionFactory(local_authority=local_authority)
    client.force_login(scrutiny)
    page = client.get(inspection.get_absolute_url()).text
    assert "Edit this inspection" not in page
    assert "Overall effectiveness" in page


def test_the_edit_form_shows_the_saved_report_link(client, admin_user, local_authority):
    inspection = InspectionFactory(
        local_authority=local_authority, report_url="https://reports.ofsted.gov.uk/x"
    )
    client.force_login(admin_user)
    assert (
        'value="https://reports.ofsted.gov.uk/x"'
        in client.get(f"/inspections/{inspection.pk}/edit/").text
    )


# --- "add another" recommendations, without JavaScript -------------------------------------


def test_add_another_recommendation_adds_a_row_and_keeps_every_value(
    client, admin_user, local_authority
):
    client.force_login(admin_user)
    data = post_data(
        la=local_authority,
        grades=HAVERING_2018_GRADES,
        recommendations=["Improve supervision.", "Improve pathway plans."],
        action="add-recommendation",
    )
    data["lead_inspector"] = "Ann Smith"
    response = post(client, NEW, data)
    assert response.status_code == 200
    assert not Inspection.objects.exists()  # nothing saved yet
    assert "There is a problem" not in response.text
    rows = response.context["recommendations"].forms
    assert len(rows) == 3
    assert [row["text"].value() for row in rows] == [
        "Improve supervision.",
        "Improve pathway plans.",
        None,
    ]
    details = client.get(response.context["details_url"])  # step 1 as it was entered
    assert 'value="Ann Smith"' in details.text
    carried = {f.area_object.strand: f.initial["grade"] for f in response.context["judgements"]}
    assert carried["help-and-protection"] == Grade.REQUIRES_IMPROVEMENT
    assert "Recommendation 3" in response.text

    data = govuk_dates(data)
    data.update({"recommendations-TOTAL_FORMS": 3, "action": "save"})
    data["recommendations-2-kind"] = "improve"
    data["recommendations-2-text"] = "Improve return home interviews."
    assert client.post(NEW, data).status_code == 302
    inspection = Inspection.objects.get()
    assert list(inspection.recommendations.values_list("text", flat=True)) == [
        "Improve supervision.",
        "Improve pathway plans.",
        "Improve return home interviews.",
    ]


def test_remove_takes_a_row_away_and_saving_deletes_it(client, admin_user, local_authority):
    client.force_login(admin_user)
    inspection, data = keep_and_drop(local_authority)
    data["recommendations-0-text"] = "Keep, reworded"
    data["action"] = "remove-recommendation-1"
    url = f"/inspections/{inspection.pk}/edit/"
    response = post(client, url, data)
    assert response.status_code == 200
    assert "Drop</textarea>" not in response.text  # the row is gone from the page
    assert "Keep, reworded</textarea>" in response.text  # the other row keeps what was typed
    assert inspection.recommendations.count() == 2  # nothing saved yet
    assert 'name="recommendations-1-DELETE" value="on"' in response.text
    data["recommendations-1-DELETE"] = "on"
    data["action"] = "save"
    assert post(client, url, data).status_code == 302
    assert list(inspection.recommendations.values_list("text", flat=True)) == ["Keep, reworded"]


# --- type and dates, then judgements, then "check your answers" ----------------------------


def details_only(la, **changes):
    data = {
        "local_authority": la.pk,
        "inspection_type": Inspection.Type.STANDARD,
        "start_date": "2019-05-13",
        "end_date": "2019-05-24",
        "published_on": "2019-07-01",
        "theme": "",
        "report_url": "",
        "lead_inspector": "Ann Smith",
        "summary": "",
        "action": "continue",
    }
    data.update(changes)
    return govuk_dates(data)


def judgements_only(framework, grades, recommendations=(), action="continue"):
    data = post_data(
        la=None,
        framework=framework,
        grades=grades,
        recommendations=recommendations,
        action=action,
    )
    return {
        k: v
        for k, v in data.items()
        if k.startswith(("judgements-", "recommendations-")) or k in ("framework", "action")
    }


def test_an_inspection_is_entered_step_by_step_and_checked_before_saving(
    client, admin_user, local_authority
):
    client.force_login(admin_user)
    step_1 = client.get(NEW)
    assert "Step 1 of 3" in step_1.text
    assert f'action="{NEW}"' in step_1.text  # the draft starts when step 1 is sent
    response = client.post(NEW, details_only(local_authority))
    assert response.status_code == 302
    judgements_url = response.url
    assert judgements_url.endswith("/judgements/")
    step_2 = client.get(judgements_url)
    assert "Judgements: " in step_2.text
    assert len(step_2.context["judgements"].forms) == 4
    ilacs = Framework.for_date(datetime.date(2019, 5, 13))
    response = client.post(
        judgements_url, judgements_only(ilacs, HAVERING_2018_GRADES, ["Improve supervision."])
    )
    assert response.status_code == 302
    check_url = response.url
    assert check_url.endswith("/check/")
    check = client.get(check_url)
    assert "Check your answers before saving" in check.text
    assert "govuk-summary-list" in check.text
    assert "13 May 2019" in check.text
    assert "Requires improvement to be good" in check.text
    assert "Improve supervision." in check.text
    assert not Inspection.objects.exists()  # nothing saved before "Save inspection"

    # "Change" goes straight to the section, and "Continue" comes back to the check page
    details_url = check.context["details_url"]
    assert f'href="{details_url}#id_end_date_0"' in check.text
    changed = client.post(details_url, details_only(local_authority, end_date="2019-05-23"))
    assert changed.url == check_url
    assert "23 May 2019" in client.get(check_url).text

    saved = client.post(check_url, {"action": "save"})
    inspection = Inspection.objects.get()
    assert saved.url == inspection.get_absolute_url()
    assert inspection.end_date == datetime.date(2019, 5, 23)
    assert inspection.lead_inspector == "Ann Smith"
    assert list(inspection.recommendations.values_list("text", flat=True)) == [
        "Improve supervision."
    ]
    assert client.get(check_url).status_code == 302  # the draft is gone once saved


def test_bad_details_keep_every_value_and_show_an_error_summary(
    client, admin_user, local_authority
):
    client.force_login(admin_user)
    response = client.post(NEW, details_only(local_authority, end_date="2019-05-01"))
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "The end date must be the same as or after the start date" in response.text
    assert 'value="Ann Smith"' in response.text
    assert 'value="2019"' in response.text


def test_two_drafts_in_two_tabs_are_kept_apart(client, admin_user, local_authority):
    client.force_login(admin_user)
    first = client.post(NEW, details_only(local_authority, lead_inspector="First")).url
    second = client.post(NEW, details_only(local_authority, lead_inspector="Second")).url
    assert first != second
    first_details = client.get(first.replace("/judgements/", "/details/")).text
    assert 'value="First"' in first_details
    assert 'value="Second"' not in first_details


def test_an_unknown_draft_starts_again(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/inspections/new/not-a-draft/check/")
    assert response.status_code == 302
    assert response.url == NEW


def test_an_edit_goes_straight_to_the_section_and_on_to_check_your_answers(
    client, admin_user, local_authority
):
    inspection = InspectionFactory(local_authority=local_authority, grades=Grade.GOOD)
    client.force_login(admin_user)
    page = client.get(inspection.get_absolute_url()).text
    assert f"/inspections/{inspection.pk}/edit/judgements/" in page
    step = client.get(f"/inspections/{inspection.pk}/edit/judgements/")
    assert "Judgements: " in step.text
    data = judgements_only(
        inspection.framework, dict.fromkeys(HAVERING_2018_GRADES, Grade.OUTSTANDING)
    )
    data["version"] = inspection.version
    response = client.post(f"/inspections/{inspection.pk}/edit/judgements/", data)
    assert response.status_code == 302
    assert response.url.endswith("/check/")
    check = client.get(response.url)
    assert "Outstanding" in check.text
    assert client.post(response.url, {"action": "save"}).url == inspection.get_absolute_url()
    assert {j.grade for j in inspection.judgements.all()} == {Grade.OUTSTANDING}


@pytest.mark.parametrize("count", [1, 7])
def test_check_your_answers_queries_do_not_grow(
    client, admin_user, local_authority, django_assert_max_num_queries, count
):
    client.force_login(admin_user)
    judgements_url = client.post(NEW, details_only(local_authority)).url
    ilacs = Framework.for_date(datetime.date(2019, 5, 13))
    texts = [f"Recommendation text {n}." for n in range(count)]
    check_url = client.post(judgements_url, judgements_only(ilacs, HAVERING_2018_GRADES, texts)).url
    with django_assert_max_num_queries(16):
        response = client.get(check_url)
    assert response.context["recommendation_rows"][-1]["text"] == texts[-1]
    with django_assert_max_num_queries(16):
        response = client.get(judgements_url)
    assert len(response.context["recommendations"].forms) == count
