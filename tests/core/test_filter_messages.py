"""Every filter panel answers a nonsense value in GOV.UK's words, with an error summary and
"Error:" in the title, never with Django's "Select a valid choice" nor a server error."""

import pytest
from django.urls import reverse

from tests.improvement.factories import ProgrammeFactory


@pytest.fixture
def pages(local_authority):
    programme = ProgrammeFactory(local_authority=local_authority)
    return {
        "councils": reverse("core:la-list") + "?region_code=banana",
        "inspections": reverse("inspections:list") + "?region=banana",
        "learning": reverse("scrutiny:learning") + "?region=banana&visit_type=banana",
        "evidence": reverse("improvement:evidence-list", args=[programme.pk]) + "?kind=banana",
        "local figures": reverse("workforce:observation-list", args=[local_authority.dfe_code])
        + "?metric=banana",
        "my work": reverse("improvement:my-work") + "?rag=banana",
    }


@pytest.mark.parametrize(
    "page", ["councils", "inspections", "learning", "evidence", "local figures", "my work"]
)
def test_a_nonsense_filter_value_gets_a_govuk_message_and_an_error_summary(
    client, admin_user, pages, page
):
    client.force_login(admin_user)
    response = client.get(pages[page])
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "govuk-error-summary" in html
    assert "Select a valid choice" not in html
    assert "not one of the available choices" not in html
