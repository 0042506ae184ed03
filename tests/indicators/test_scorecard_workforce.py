"""The scorecard offers the social work workforce metrics too (the indicator engine's other
topic) and shows them beside England and the neighbours, with the council's local figures."""

from datetime import date
from decimal import Decimal

import pytest

from indicators import services
from indicators.models import ScorecardItem
from tests import factories
from tests.indicators.factories import MeasureFactory, ValueFactory, england
from tests.indicators.test_views import council_url, text
from tests.scrutiny.factories import figures
from tests.workforce.factories import metric
from workforce.services import record_observation


@pytest.fixture
def workforce(local_authority):
    """Havering's agency rate, 20.0% in 2019 rising to 26.0% in 2025 (England 15.0%)."""
    figures(local_authority)
    return metric("agency-rate")


def test_administrator_puts_a_workforce_metric_on_the_scorecard(
    client, admin_user, scrutiny, local_authority, workforce
):
    eet = MeasureFactory()
    ValueFactory(measure=eet, local_authority=local_authority, year=2025, value=Decimal("44"))
    client.force_login(admin_user)
    edit = council_url(local_authority, "indicators:scorecard-edit")
    assert "agency-rate: Agency rate (social work workforce)" in text(client.get(edit))
    client.post(edit, {"measures": "CareLeaverEET\nagency-rate"})
    items = list(ScorecardItem.objects.filter(local_authority=local_authority))
    assert [item.indicator for item in items] == [eet, workforce]
    assert "CareLeaverEET agency-rate" in " ".join(text(client.get(edit)).split())

    client.force_login(scrutiny)
    response = client.get(council_url(local_authority, "indicators:scorecard"))
    page = text(response)
    assert page.index("Care leavers in education") < page.index("Agency rate")
    assert "Agency rate 26.0%, DfE, at 30 September 2025 none set – 15.0%" in page
    assert page.split("Agency rate", 1)[1].split("All performance")[0].strip().endswith("worsening")
    assert f'href="/local-authorities/311/workforce/#{workforce.slug}"' in (
        response.content.decode()
    )


def test_a_local_workforce_figure_is_labelled_on_the_scorecard(client, admin_user, local_authority):
    permanent = metric("permanent-social-workers")
    services.set_scorecard(local_authority=local_authority, by=admin_user, measures=[permanent])
    record_observation(
        local_authority=local_authority,
        metric=permanent,
        date=date(2025, 10, 31),
        value=Decimal("24.5"),
        by=admin_user,
    )
    client.force_login(admin_user)
    page = text(client.get(council_url(local_authority, "indicators:scorecard")))
    assert "24.5%, local, unpublished, 31 October 2025" in page


def test_a_themes_measures_of_success_are_indicators_only(client, lead, local_authority, workforce):
    from django.urls import reverse

    from tests.improvement.factories import ProgrammeFactory, ThemeFactory

    theme = ThemeFactory(programme=ProgrammeFactory(local_authority=local_authority), leads=[lead])
    client.force_login(lead)
    response = client.post(
        reverse("indicators:theme-measures", kwargs={"theme_pk": theme.pk}),
        {"measures": "agency-rate"},
    )
    assert "These are not measure codes: agency-rate" in text(response)


@pytest.mark.parametrize("years", [1, 7])
def test_a_mixed_scorecard_keeps_a_fixed_number_of_queries(
    client, admin_user, local_authority, django_assert_max_num_queries, years
):
    figures(local_authority, years=range(2026 - years, 2026))
    eet = MeasureFactory()
    for year in range(2026 - years, 2026):
        ValueFactory(measure=eet, local_authority=local_authority, year=year)
        england(eet, year, "50")
    for number in range(3):
        neighbour = factories.LocalAuthorityFactory(dfe_code=f"{901 + number}")
        factories.StatisticalNeighbourFactory(
            local_authority=local_authority, neighbour=neighbour, rank=number + 1
        )
    services.set_scorecard(
        local_authority=local_authority,
        by=admin_user,
        measures=[eet, metric("agency-rate"), metric("turnover-rate")],
    )
    client.force_login(admin_user)
    with django_assert_max_num_queries(17):
        response = client.get(council_url(local_authority, "indicators:scorecard"))
    assert response.status_code == 200
    assert "Agency rate" in text(response)
