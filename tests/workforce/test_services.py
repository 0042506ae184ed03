"""The benchmark read model (`metric_summaries`, `headline_figures`) and the write services."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests import factories
from tests.workforce.factories import ObservationFactory, england, local_figure, metric, region
from workforce import services
from workforce.models import Observation


@pytest.fixture
def havering(local_authority):
    return local_authority


def neighbours(la, names):
    found = []
    for rank, name in enumerate(names, start=1):
        neighbour = factories.LocalAuthorityFactory(name=name, region_code="E12000008")
        factories.StatisticalNeighbourFactory(local_authority=la, neighbour=neighbour, rank=rank)
        found.append(neighbour)
    return found


def test_latest_figure_sits_beside_england_region_and_neighbours(havering):
    a, b, c = neighbours(havering, ["Bexley", "Thurrock", "Medway"])
    for year, own, nation in [(2024, "40.0", "16.2"), (2025, "41.7", "13.0")]:
        ObservationFactory(local_authority=havering, year=year, value=Decimal(own))
        england("agency-rate", year, Decimal(nation))
    region("agency-rate", 2025, Decimal("17.9"))
    ObservationFactory(local_authority=a, value=Decimal("20"))
    ObservationFactory(local_authority=b, value=None, special_value="x")
    ObservationFactory(local_authority=c, value=Decimal("31"))

    (summary,) = services.headline_figures(havering, ["agency-rate"])
    latest = summary.latest
    assert latest.date == date(2025, 9, 30)
    assert (latest.own.value, latest.england.value, latest.region.value) == (
        Decimal("41.7"),
        Decimal("13.0"),
        Decimal("17.9"),
    )
    # "x" is neither 0 nor averaged: (20 + 31) / 2, from 2 of the 3 neighbours.
    assert latest.neighbours.value == Decimal("25.5")
    assert (latest.neighbours.count, latest.neighbours.total) == (2, 3)
    assert latest.neighbours.coverage == "2 of 3 neighbours"
    assert summary.sentence == "Havering's agency rate, 41.7%, is above England's 13.0%."
    assert summary.judgement == "Worse than England"
    assert [figure.label for figure in summary.figures] == ["2024", "2025"]


def test_neighbours_with_no_numbers_give_no_average(havering):
    (a,) = neighbours(havering, ["Bexley"])
    ObservationFactory(local_authority=havering)
    ObservationFactory(local_authority=a, value=None, special_value="c")
    (summary,) = services.headline_figures(havering, ["agency-rate"])
    average = summary.latest.neighbours
    assert (average.value, average.count, average.display_value) == (None, 0, "no figures")


def neighbours_with_a_joint_return(havering, *, joint, bexley, names):
    """Kingston, Richmond and Bexley as Havering's neighbours: Kingston and Richmond send one
    joint return (`joint`, under the joint `names`), Bexley its own figure (`bexley`)."""
    kingston, richmond, bexley_council = neighbours(havering, ["Kingston", "Richmond", "Bexley"])
    for council in (kingston, richmond):
        ObservationFactory(
            local_authority=council,
            value=Decimal(joint),
            joint_return_codes="314 / 318",
            joint_return_names=names,
        )
    ObservationFactory(local_authority=bexley_council, value=Decimal(bexley))


def test_a_joint_return_shared_by_two_neighbours_counts_once_in_the_mean(havering):
    neighbours_with_a_joint_return(havering, joint="14.9", bexley="20", names="Kingston / Richmond")
    ObservationFactory(local_authority=havering)
    (summary,) = services.headline_figures(havering, ["agency-rate"])
    average = summary.latest.neighbours
    assert average.value == Decimal("17.5")  # (14.9 + 20) / 2, rounded half up
    assert average.count == 3


@pytest.mark.parametrize(
    ("own", "nation", "slug", "comparison", "judgement"),
    [
        ("41.7", "13.0", "agency-rate", "above", "Worse than England"),
        ("10.0", "13.0", "agency-rate", "below", "Better than England"),
        ("13.04", "13.0", "agency-rate", "the same as", "Same as England"),
        ("200", "100", "in-post-fte", "above", ""),
    ],
)
def test_comparison_words_follow_the_better_direction(
    havering, own, nation, slug, comparison, judgement
):
    ObservationFactory(local_authority=havering, metric=metric(slug), value=Decimal(own))
    england(slug, 2025, Decimal(nation))
    (summary,) = services.metric_summaries(havering, metric_slugs=[slug])
    assert (summary.comparison, summary.judgement) == (comparison, judgement)
    assert f", is {comparison} England's " in summary.sentence


def test_a_special_latest_figure_is_said_in_words(havering):
    ObservationFactory(local_authority=havering, year=2024, value=None, special_value="u")
    england("agency-rate", 2024, Decimal("16.2"))
    (summary,) = services.headline_figures(havering, ["agency-rate"])
    assert summary.sentence == (
        "Havering's agency rate for 2024 was not published as a number: low reliability."
    )
    assert summary.comparison == ""


def test_headline_figures_include_local_permanent_share_only_where_entered(havering, outsider):
    for slug in ("turnover-rate", "agency-rate", "vacancy-rate", "caseload", "absence-rate"):
        ObservationFactory(local_authority=havering, metric=metric(slug))
    slugs = [s.metric.slug for s in services.headline_figures(havering)]
    assert slugs == ["turnover-rate", "agency-rate", "vacancy-rate", "caseload", "absence-rate"]

    local_figure(havering, "permanent-social-workers", date(2019, 10, 31), 82)
    figures = services.headline_figures(havering)
    assert figures[-1].metric.slug == "permanent-social-workers"
    assert figures[-1].sentence == (
        "Havering's share of social workers who are permanent was 82% on 31 October 2019."
    )
    # Local figures are private to the council: not for another council's users.
    assert "permanent-social-workers" not in [
        s.metric.slug for s in services.headline_figures(havering, user=outsider)
    ]


@pytest.mark.parametrize(("years", "neighbour_count"), [(1, 1), (9, 10)])
def test_headline_figures_run_a_fixed_number_of_queries(
    havering, django_assert_num_queries, years, neighbour_count
):
    others = neighbours(havering, [f"Neighbour {i}" for i in range(neighbour_count)])
    for year in range(2025 - years + 1, 2026):
        england("agency-rate", year, Decimal("13"))
        region("agency-rate", year, Decimal("17"))
        for la in [havering, *others]:
            ObservationFactory(local_authority=la, year=year)
    havering.refresh_from_db()
    with django_assert_num_queries(3):
        (summary,) = services.headline_figures(havering, ["agency-rate"])
        assert len(summary.figures) == years
        assert summary.chart.series


# ---- writes ----------------------------------------------------------------------------------


def record(havering, lead, **changes):
    values = {
        "local_authority": havering,
        "metric": metric("permanent-social-workers"),
        "date": date(2019, 10, 31),
        "value": Decimal("82"),
        "by": lead,
    }
    values.update(changes)
    return services.record_observation(**values)


def test_recording_a_local_figure_keeps_who_entered_it(havering, lead):
    observation = record(havering, lead, note="HR report")
    assert observation.source == Observation.Source.LOCAL
    assert observation.entered_by == lead
    (created,) = observation.history.all()
    assert (created.history_type, created.history_user) == ("+", lead)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"value": Decimal("100.5")}, "value", "Enter a percentage between 0 and 100."),
        (
            {"metric": "managers-trained", "value": Decimal("-1")},
            "value",
            "0 or more",
        ),
        ({"date": date.today() + timedelta(days=1)}, "date", "today or in the past"),
        ({"metric": "agency-rate"}, "metric", "DfE figures come from the published statistics"),
    ],
)
def test_impossible_local_figures_are_refused(havering, lead, changes, field, message):
    if isinstance(changes.get("metric"), str):
        changes["metric"] = metric(changes["metric"])
    with pytest.raises(ValidationError) as error:
        record(havering, lead, **changes)
    assert message in " ".join(error.value.message_dict[field])
    assert not Observation.objects.exists()


def test_one_figure_per_metric_and_date(havering, lead):
    record(havering, lead)
    with pytest.raises(ValidationError, match="already a figure"):
        record(havering, lead, value=Decimal("83"))


def test_another_councils_own_metric_cannot_be_used(havering, lead, other_local_authority):
    theirs = services.define_metric(
        by=lead,
        local_authority=other_local_authority,
        name="Social workers with ASYE",
        phrase="",
        unit="count",
        better_direction="higher",
        definition="Newly qualified social workers in their assessed year.",
    )
    with pytest.raises(ValidationError, match="belongs to another council"):
        record(havering, lead, metric=theirs, value=Decimal("5"))


def test_updating_refuses_a_stale_edit_and_keeps_the_other_change(havering, lead, admin_user):
    observation = record(havering, lead)

    def change_from_version_1(by, value):
        services.update_observation(
            observation=observation,
            by=by,
            seen_version=1,
            metric=observation.metric,
            date=observation.date,
            value=Decimal(value),
        )

    change_from_version_1(admin_user, "84")
    with pytest.raises(services.StaleEdit) as stale:
        change_from_version_1(lead, "80")
    assert stale.value.current.value == Decimal("84")
    observation.refresh_from_db()
    assert (observation.value, observation.version) == (Decimal("84"), 2)
    assert [h.history_user for h in observation.history.order_by("history_date")] == [
        lead,
        admin_user,
    ]


def test_defining_metrics_gives_each_a_unique_address(havering, admin_user, platform_admin):
    values = {
        "name": "Social workers with ASYE",
        "phrase": "number of social workers in their assessed year",
        "unit": "count",
        "better_direction": "neither",
        "definition": "Newly qualified social workers in their assessed year.",
    }
    shared = services.define_metric(by=platform_admin, local_authority=None, **values)
    own = services.define_metric(by=admin_user, local_authority=havering, **values)
    again = services.define_metric(by=admin_user, local_authority=havering, **values)
    assert [shared.slug, own.slug, again.slug] == [
        "social-workers-with-asye",
        "social-workers-with-asye-311",
        "social-workers-with-asye-311-2",
    ]
    assert (own.source, own.local_authority) == ("local", havering)


def test_a_joint_return_among_the_neighbours_is_averaged_once_and_said_so(client, havering, lead):
    ObservationFactory(local_authority=havering, value=Decimal("20"))
    neighbours_with_a_joint_return(
        havering, joint="10", bexley="30", names="Kingston upon Thames / Richmond upon Thames"
    )

    (summary,) = services.headline_figures(havering, ["agency-rate"])
    average = summary.latest.neighbours
    assert average.value == Decimal("20.0"), "(10 + 30) / 2: the joint figure counted once"
    assert average.coverage == "2 figures from 3 neighbours (one joint return)"
    client.force_login(lead)
    page = client.get(
        reverse("workforce:la-workforce", kwargs={"dfe_code": havering.dfe_code})
    ).content.decode()
    assert "2 figures from 3 neighbours (one joint return)" in page
    assert "3 of 3 neighbours" not in page
