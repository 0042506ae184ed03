"""The theme form lists the recommendations a theme can answer grouped by the inspection or
visit that made them, each with its full text."""

import datetime
import re

import pytest
from django.urls import reverse

from inspections.models import Recommendation
from tests.inspections.factories import InspectionFactory, RecommendationFactory, ensure_frameworks

LONG = (
    "Improve the quality and consistency of supervision so that social workers are helped to "
    "reflect on their practice and to progress plans for children without delay."
)


@pytest.fixture
def sources(programme):
    ensure_frameworks()
    standard = InspectionFactory(
        local_authority=programme.local_authority, start_date=datetime.date(2018, 6, 11)
    )
    visit = InspectionFactory(
        local_authority=programme.local_authority,
        inspection_type="focused_visit",
        start_date=datetime.date(2019, 10, 1),
        theme="Children in need and subject to a child protection plan",
    )
    programme.inspections.set([standard, visit])
    first = RecommendationFactory(inspection=standard, order=1, text=LONG)
    second = RecommendationFactory(
        inspection=standard, order=2, text="Strengthen the management oversight of plans."
    )
    priority = RecommendationFactory(
        inspection=visit,
        order=1,
        text="Make sure that strategy meetings include the police.",
        kind=Recommendation.Kind.PRIORITY_ACTION,
    )
    return first, second, priority


def fieldsets(html):
    """(legend, [checkbox values]) of each fieldset of the recommendations."""
    section = html[html.index('id="recommendation-choices"') :]
    return [
        (legend.strip(), re.findall(r'name="recommendations" type="checkbox" value="(\d+)"', body))
        for legend, body in re.findall(
            r"<legend[^>]*>(.*?)</legend>(.*?)</fieldset>", section, flags=re.S
        )
    ]


def test_recommendations_are_grouped_by_inspection_with_their_full_text(
    client, theme, admin_user, sources
):
    first, second, priority = sources
    theme.recommendations.add(second)
    client.force_login(admin_user)
    page = client.get(reverse("improvement:theme-edit", args=[theme.pk])).text
    assert fieldsets(page) == [
        ("Standard inspection, 11 June 2018", [str(first.pk), str(second.pk)]),
        (
            "Focused visit, 1 October 2019: Children in need and subject to a child "
            "protection plan",
            [str(priority.pk)],
        ),
    ]
    assert LONG in page
    assert "…" not in page
    assert "What needs to improve: point 1" in page
    assert "Area for priority action: point 1" in page
    ticked = re.findall(r'value="(\d+)" aria-describedby="[^"]+" checked', page)
    assert ticked == [str(second.pk)]


def test_ticked_recommendations_are_saved_and_kept_when_the_form_has_an_error(
    client, theme, admin_user, sources
):
    first, _, priority = sources
    client.force_login(admin_user)
    url = reverse("improvement:theme-edit", args=[theme.pk])
    data = {
        "title": "",
        "order": theme.order,
        "version": theme.version,
        "recommendations": [first.pk, priority.pk],
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Enter the theme&#x27;s title" in refused.text
    ticked = re.findall(r'value="(\d+)" aria-describedby="[^"]+" checked', refused.text)
    assert ticked == [str(first.pk), str(priority.pk)]
    assert not theme.recommendations.exists()

    client.post(url, {**data, "title": "Supervision"})
    assert set(theme.recommendations.all()) == {first, priority}


def test_a_programme_without_inspections_says_how_to_get_recommendations(client, theme, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("improvement:theme-edit", args=[theme.pk])).text
    assert "link the programme to the inspections and visits it answers first" in page


def lead_checkboxes(html):
    """(value, label, ticked) of each lead checkbox."""
    return [
        (value, " ".join(label.split()), bool(checked))
        for value, checked, label in re.findall(
            r'name="leads"[^>]*?value="(\d+)"\s*(checked)?[^>]*>\s*<label[^>]*>(.*?)</label>',
            html,
            flags=re.S,
        )
    ]


def test_a_deactivated_lead_stays_ticked_and_is_kept_when_the_theme_is_saved(
    client, theme, lead, other_lead, admin_user
):
    lead.is_active = False
    lead.save(update_fields=["is_active"])
    client.force_login(admin_user)
    url = reverse("improvement:theme-edit", args=[theme.pk])
    boxes = lead_checkboxes(client.get(url).text)
    assert (str(lead.pk), f"{lead} (deactivated)", True) in boxes
    assert (str(other_lead.pk), str(other_lead), False) in boxes

    response = client.post(
        url,
        {
            "title": theme.title,
            "aim": "A clearer aim",
            "order": theme.order,
            "version": theme.version,
            "leads": [lead.pk],
        },
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.aim == "A clearer aim"
    assert list(theme.leads.all()) == [lead]


def test_a_deactivated_lead_is_dropped_only_when_unticked_and_is_not_offered_elsewhere(
    client, theme, other_theme, lead, other_lead, admin_user
):
    lead.is_active = False
    lead.save(update_fields=["is_active"])
    client.force_login(admin_user)
    response = client.post(
        reverse("improvement:theme-edit", args=[theme.pk]),
        {
            "title": theme.title,
            "order": theme.order,
            "version": theme.version,
            "leads": [other_lead.pk],
        },
    )
    assert response.status_code == 302
    assert list(theme.leads.all()) == [other_lead]
    other_page = client.get(reverse("improvement:theme-edit", args=[other_theme.pk])).text
    assert str(lead.pk) not in [value for value, _, _ in lead_checkboxes(other_page)]
    assert "(deactivated)" not in other_page
