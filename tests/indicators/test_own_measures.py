"""A council's own measure: an administrator defines it (name, unit, which way is better,
decimal places, definition), puts it on the scorecard and enters local figures for it."""

from datetime import date
from decimal import Decimal

import pytest

from core.models import LocalAuthority
from indicators import services
from indicators.models import Measure, ScorecardItem, Value
from tests import factories
from tests.indicators.test_views import council_url, text


def own_measure_data(**overrides):
    return {
        "name": "Care leavers in EET (council's own count)",
        "kind": "percentage",
        "unit": "",
        "better_direction": "higher",
        "decimal_places": "1",
        "definition": "Care leavers aged 19 to 21 in education, employment or training.",
        **overrides,
    }


def test_administrator_defines_a_measure_uses_it_on_the_scorecard_and_enters_a_figure(
    client, admin_user, local_authority
):
    version = local_authority.data_version
    client.force_login(admin_user)
    url = council_url(local_authority, "indicators:own-measure-create")
    assert "Define a measure of the council's own" in text(client.get(url))
    response = client.post(url, own_measure_data())
    measure = Measure.objects.get(local_authority=local_authority)
    assert response.url == council_url(local_authority, "indicators:la-measure", slug=measure.slug)
    assert (measure.kind, measure.better_direction, measure.decimal_places) == (
        "percentage",
        "higher",
        1,
    )
    assert not measure.is_published
    assert LocalAuthority.objects.get(pk=local_authority.pk).data_version > version
    page = text(client.get(response.url))
    assert f"Measure created: Care leavers in EET (council's own count) (code {measure.slug})" in (
        page
    )

    client.post(
        council_url(local_authority, "indicators:scorecard-edit"), {"measures": measure.slug}
    )
    assert [i.measure for i in ScorecardItem.objects.filter(local_authority=local_authority)] == [
        measure
    ]
    response = client.post(
        council_url(local_authority, "indicators:local-create"),
        {"measure": measure.pk, "value": "61", "date_0": "31", "date_1": "3", "date_2": "2019"},
    )
    assert response.status_code == 302
    page = text(client.get(council_url(local_authority, "indicators:scorecard")))
    assert "Care leavers in EET (council's own count) 61.0%, local, unpublished, 31 March 2019" in (
        page
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "  "}, "Enter the measure's name"),
        ({"name": "x" * 201}, "Name must be 200 characters or fewer"),
        ({"kind": ""}, "Choose the measure's unit"),
        ({"better_direction": ""}, "Choose whether higher or lower figures are better"),
        ({"decimal_places": "5"}, "Choose 0, 1, 2 or 3 decimal places"),
    ],
)
def test_a_bad_measure_is_refused_with_a_message(
    client, admin_user, local_authority, overrides, message
):
    client.force_login(admin_user)
    response = client.post(
        council_url(local_authority, "indicators:own-measure-create"), own_measure_data(**overrides)
    )
    assert response.status_code == 200
    assert message in text(response)
    assert "There is a problem" in text(response)
    assert not Measure.objects.exists()


def test_a_name_the_council_already_uses_is_refused(client, admin_user, local_authority):
    services.define_own_measure(
        local_authority=local_authority,
        by=admin_user,
        name="Visits in time",
        kind="percentage",
        better_direction="higher",
    )
    client.force_login(admin_user)
    response = client.post(
        council_url(local_authority, "indicators:own-measure-create"),
        own_measure_data(name="visits  in time"),
    )
    assert "There is already a measure called “visits in time”" in text(response)
    assert Measure.objects.count() == 1
    # Another council may use the name.
    other = factories.LocalAuthorityFactory(dfe_code="303")
    other_admin = factories.administrator(local_authority=other)
    client.force_login(other_admin)
    response = client.post(
        council_url(other, "indicators:own-measure-create"), own_measure_data(name="Visits in time")
    )
    assert response.status_code == 302


def test_only_the_councils_administrators_define_measures(client, lead, scrutiny, local_authority):
    url = council_url(local_authority, "indicators:own-measure-create")
    for user in (lead, scrutiny):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, own_measure_data()).status_code == 403
    other = factories.administrator(local_authority=factories.LocalAuthorityFactory(dfe_code="303"))
    client.force_login(other)
    assert client.post(url, own_measure_data()).status_code == 404
    assert not Measure.objects.exists()


def test_another_councils_measure_stays_private(client, admin_user, local_authority):
    measure = services.define_own_measure(
        local_authority=local_authority,
        by=admin_user,
        name="Visits in time",
        kind="percentage",
        better_direction="higher",
    )
    services.record_local_value(
        local_authority=local_authority,
        by=admin_user,
        measure=measure,
        date=date(2019, 3, 31),
        value=Decimal("61"),
    )
    other = factories.LocalAuthorityFactory(dfe_code="303")
    client.force_login(factories.administrator(local_authority=other))
    assert measure.slug not in text(client.get(council_url(other, "indicators:scorecard-edit")))
    response = client.post(
        council_url(other, "indicators:local-create"),
        {"measure": measure.pk, "value": "50", "date_0": "1", "date_1": "1", "date_2": "2020"},
    )
    assert "Choose a measure from the list" in text(response)
    assert Value.objects.count() == 1


@pytest.mark.parametrize("existing", [1, 12])
def test_the_form_keeps_a_fixed_number_of_queries(
    client, admin_user, local_authority, django_assert_max_num_queries, existing
):
    for number in range(existing):
        services.define_own_measure(
            local_authority=local_authority,
            by=admin_user,
            name=f"Measure {number}",
            kind="number",
            better_direction="lower",
        )
    client.force_login(admin_user)
    url = council_url(local_authority, "indicators:own-measure-create")
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(24):
        assert client.post(url, own_measure_data()).status_code == 302
