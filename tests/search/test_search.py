"""Search across everything a user may see, scoped as each record's own page is."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.improvement.factories import (
    AchievementFactory,
    EvidenceItemFactory,
    NextStepFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
    ThemeFactory,
)
from tests.inspections.factories import InspectionFactory, RecommendationFactory

URL = reverse("search:search")


@pytest.fixture
def havering_theme(local_authority):
    programme = ProgrammeFactory(local_authority=local_authority, title="Havering programme")
    return ThemeFactory(
        programme=programme,
        title="Adolescent safeguarding",
        aim="Young people at risk of exploitation are safer.",
    )


@pytest.fixture
def barnet_theme(other_local_authority):
    # A deliberate parallel of havering_theme in another council, on the same subject, so that
    # a search that would find both shows it keeps to the user's own council.
    programme = ProgrammeFactory(local_authority=other_local_authority, title="Barnet programme")
    return ThemeFactory(
        programme=programme,
        title="Exploitation in Barnet",
        aim="Children at risk of exploitation are found sooner.",
    )


def titles(response):
    return [result.title for result in response.context["results"]]


def test_a_lead_finds_their_councils_records_of_every_kind(client, lead, havering_theme):
    NextStepFactory(
        theme=havering_theme, label="Return home interviews", text="Offer every child an interview."
    )
    AchievementFactory(theme=havering_theme, label="Cocoon hub", text="Opened the Cocoon hub.")
    ProgressUpdateFactory(theme=havering_theme, text="Return home interviews now reach 80%.")
    EvidenceItemFactory(programme=havering_theme.programme, title="Audit of return interviews")
    client.force_login(lead)

    response = client.get(URL, {"q": "return interviews"})

    assert response.status_code == 200
    found = {(r.kind, r.title) for r in response.context["results"]}
    assert ("Action (next step)", "Return home interviews") in found
    assert ("Progress update", "Update on Adolescent safeguarding") in found
    assert ("Evidence", "Audit of return interviews") in found
    assert ("Achievement", "Cocoon hub") not in found
    page = response.content.decode()
    assert "<mark>" in page  # the matched words are marked
    assert f'href="{havering_theme.get_absolute_url()}#next-step-' in page


def test_another_councils_private_records_are_never_found(
    client, lead, outsider, havering_theme, barnet_theme
):
    client.force_login(lead)
    assert titles(client.get(URL, {"q": "exploitation"})) == ["Adolescent safeguarding"]
    client.force_login(outsider)
    assert titles(client.get(URL, {"q": "exploitation"})) == ["Exploitation in Barnet"]


def test_a_platform_administrator_finds_every_councils_records(
    client, platform_admin, havering_theme, barnet_theme
):
    client.force_login(platform_admin)
    assert set(titles(client.get(URL, {"q": "exploitation"}))) == {
        "Adolescent safeguarding",
        "Exploitation in Barnet",
    }


def test_published_inspections_and_their_recommendations_are_found_by_everyone(
    client, outsider, local_authority
):
    inspection = InspectionFactory(local_authority=local_authority, summary="Leaders know.")
    RecommendationFactory(inspection=inspection, text="Improve the quality of supervision.")
    client.force_login(outsider)

    results = client.get(URL, {"q": "supervision"}).context["results"]

    assert [(r.kind, r.url) for r in results] == [("Recommendation", inspection.get_absolute_url())]


def test_text_is_escaped_around_the_marks(client, lead, havering_theme):
    NextStepFactory(theme=havering_theme, label="Audit", text="<script>alert(1)</script> audit")
    client.force_login(lead)
    page = client.get(URL, {"q": "audit"}).content.decode()
    assert "<script>alert(1)</script>" not in page  # escaped on SQLite, dropped by PostgreSQL
    assert "<mark>audit</mark>" in page


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter words to search for"),
        ("\x01\x02", "Enter words to search for"),
        ("x" * 201, "Search for 200 characters or fewer"),
    ],
)
def test_bad_searches_get_a_clear_message(client, lead, text, message):
    client.force_login(lead)
    response = client.get(URL, {"q": text})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["results"] is None


def test_no_match_says_so_and_how_to_widen_it(client, lead, havering_theme):
    client.force_login(lead)
    page = client.get(URL, {"q": "zebra"}).content.decode()
    assert "No matches for ‘zebra’" in page


def test_query_count_does_not_grow_with_the_data(
    client, lead, havering_theme, django_assert_max_num_queries
):
    client.force_login(lead)
    with django_assert_max_num_queries(14):
        client.get(URL, {"q": "step"})
    for n in range(30):
        NextStepFactory(theme=havering_theme, label=f"Step {n}", text="A step to take.")
        ProgressUpdateFactory(theme=havering_theme, text=f"Step {n} taken.")
    with django_assert_max_num_queries(14):
        response = client.get(URL, {"q": "step"})
    assert len(response.context["results"]) == 50  # the limit
    assert "The 50 best matches" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking needs PostgreSQL")
def test_on_postgresql_titles_rank_above_body_text_and_stems_match(client, lead, havering_theme):
    NextStepFactory(theme=havering_theme, label="Supervision", text="Monthly sessions.")
    NextStepFactory(theme=havering_theme, label="Training", text="Supervising managers trained.")
    client.force_login(lead)
    assert titles(client.get(URL, {"q": "supervision"})) == ["Supervision", "Training"]
