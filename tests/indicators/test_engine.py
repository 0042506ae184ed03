"""The indicator engine's judgements, the same for every topic: RAG against a target at the
boundaries for both polarities, quartile bands, direction of travel, ranks with joint returns
counted once, and the neighbour coverage line."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from indicators.engine import (
    NeighbourAverage,
    judge_against_target,
    neighbour_average,
    quartile_band,
    rank_councils,
)
from indicators.models import Kind, Measure


def measure(direction="higher", places=1, kind=Kind.PERCENTAGE):
    return Measure(
        code="X",
        slug="x",
        name="X",
        phrase="x",
        kind=kind,
        better_direction=direction,
        decimal_places=places,
    )


@pytest.mark.parametrize(
    ("value", "rag", "words"),
    [
        ("92.0", "green", "2.0 points better than the 90.0% target"),
        ("90.0", "green", "on the 90.0% target"),
        ("89.9", "amber", "0.1 points short of the 90.0% target"),
        ("85.0", "amber", "5.0 points short of the 90.0% target"),
        ("84.9", "red", "5.1 points short of the 90.0% target"),
        ("87.7", "amber", "2.3 points short of the 90.0% target"),
    ],
)
def test_higher_is_better_rag_at_the_boundaries(value, rag, words):
    judged = judge_against_target(measure(), Decimal(value), Decimal("90"), Decimal("5"), "higher")
    assert (judged.rag, judged.words) == (rag, words)
    assert judged.label == rag.capitalize()


@pytest.mark.parametrize(
    ("value", "rag", "words"),
    [
        ("18.0", "green", "2.0 points better than the 20.0% target"),
        ("20.0", "green", "on the 20.0% target"),
        ("20.1", "amber", "0.1 points over the 20.0% target"),
        ("23.0", "amber", "3.0 points over the 20.0% target"),
        ("23.1", "red", "3.1 points over the 20.0% target"),
    ],
)
def test_lower_is_better_rag_at_the_boundaries(value, rag, words):
    judged = judge_against_target(
        measure("lower"), Decimal(value), Decimal("20"), Decimal("3"), "lower"
    )
    assert (judged.rag, judged.words) == (rag, words)


def test_rag_rounds_the_figure_to_the_measures_places_first():
    # 89.96 is published as 90.0: on target, not 0.04 short.
    judged = judge_against_target(measure(), Decimal("89.96"), 90, 0, "higher")
    assert judged.rag == "green"


def test_no_rag_without_a_direction_or_a_figure():
    assert judge_against_target(measure("neither"), Decimal(5), 5, 0, "neither") is None
    assert judge_against_target(measure(), None, 5, 0, "higher") is None


def test_rag_of_a_count_has_no_points():
    judged = judge_against_target(measure(kind=Kind.NUMBER, places=0), 40, 45, 2, "higher")
    assert (judged.rag, judged.words) == ("red", "5 short of the 45 target")


@pytest.mark.parametrize(
    ("rank", "ranked", "band"),
    [
        (1, 152, "A"),
        (38, 152, "A"),
        (39, 152, "B"),
        (76, 152, "B"),
        (77, 152, "C"),
        (115, 152, "D"),
        (152, 152, "D"),
        (None, 152, ""),
    ],
)
def test_quartile_bands_a_is_best(rank, ranked, band):
    assert quartile_band(rank, ranked) == band


@pytest.mark.parametrize(
    ("direction", "before", "after", "travel"),
    [
        ("higher", "50", "55", "improving"),
        ("higher", "55", "50", "worsening"),
        ("lower", "20", "18", "improving"),
        ("lower", "18", "20", "worsening"),
        ("lower", "18.02", "17.98", "no change"),
        ("neither", "5", "6", "higher"),
    ],
)
def test_direction_of_travel_follows_polarity(direction, before, after, travel):
    assert measure(direction).direction_of_travel(Decimal(before), Decimal(after)) == travel


def row(la_id, value, region="R1", joint=""):
    return SimpleNamespace(
        local_authority_id=la_id,
        value=None if value is None else Decimal(value),
        joint_return_codes=joint,
        local_authority=SimpleNamespace(region_code=region),
    )


def test_ranks_count_a_joint_return_once_and_share_ties():
    rows = [
        row(1, "10", joint="314 / 318"),
        row(2, "10", joint="314 / 318"),
        row(3, "12"),
        row(4, "12"),
        row(5, "15", region="R2"),
        row(6, None),
    ]
    assert rank_councils(measure("lower"), rows) == 4
    assert [r.rank for r in rows] == [1, 1, 2, 2, 4, None]
    assert [r.regional_rank for r in rows] == [1, 1, 2, 2, 1, None]
    rank_councils(measure("higher"), rows)
    assert [r.rank for r in rows] == [4, 4, 2, 2, 1, None]


def test_neighbour_average_counts_a_joint_return_once_and_says_so():
    figures = [row(i, "10") for i in range(1, 9)]
    figures += [row(9, "40", joint="314 / 318"), row(10, "40", joint="314 / 318")]
    average = neighbour_average(measure(), figures, 10)
    assert average.value == Decimal("13.3")  # (8 x 10 + 40) / 9
    assert average.coverage == "9 figures from 10 neighbours (one joint return)"
    assert NeighbourAverage(measure(), Decimal(1), 9, 10).coverage == "9 of 10 neighbours"
