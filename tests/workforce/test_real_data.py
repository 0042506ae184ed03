"""The real DfE file, imported once for this module: what was stored, and what pages show."""

from decimal import Decimal

from tests.workforce.factories import real_rows
from workforce.importers import import_workforce
from workforce.models import Metric, Observation


def figure(slug, year, **area):
    return Observation.objects.get(metric__slug=slug, date__year=year, **area)


# ---- the real file ---------------------------------------------------------------------------


def test_real_file_loads_every_area_and_year(imported):
    rows = real_rows()
    published = Metric.objects.published().count()
    years = sorted({int(row["time_period"]) for row in rows})
    assert imported.years == years
    national = Observation.objects.national()
    assert national.count() == len(years) * published
    assert (
        Observation.objects.filter(area_type="regional").count()
        == sum(row["geographic_level"] == "Regional" for row in rows) * published
    )
    # Bournemouth and Dorset before their 2019 reorganisation are not in the LA register.
    assert [(area.code, sorted(area.years)) for area in imported.skipped] == [
        ("835", [2017, 2018]),
        ("837", [2017, 2018]),
    ]
    assert imported.created == Observation.objects.count()


def test_real_file_twice_changes_nothing(imported):
    before = Observation.objects.count()
    again = import_workforce()
    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == before
    assert Observation.objects.count() == before


def test_barnet_2017_and_england_2017_are_as_published(imported):
    def at(slug, **area):
        return figure(slug, 2017, **area).display_value

    barnet = {"local_authority__dfe_code": "302"}
    assert [at(s, **barnet) for s in ("turnover-rate", "agency-rate", "vacancy-rate")] == [
        "18.6%",
        "22.4%",
        "32.1%",
    ]
    england = {"area_type": "national"}
    assert [at(s, **england) for s in ("turnover-rate", "agency-rate", "vacancy-rate")] == [
        "13.4%",
        "15.8%",
        "17.0%",
    ]


def test_real_joint_return_is_stored_for_both_councils(imported):
    kingston = figure("agency-rate", 2025, local_authority__dfe_code="314")
    richmond = figure("agency-rate", 2025, local_authority__dfe_code="318")
    assert kingston.value == richmond.value == Decimal("14.9")
    assert kingston.joint_return_note == "Joint return with Richmond upon Thames"
    assert richmond.joint_return_note == "Joint return with Kingston upon Thames"


def test_real_special_values_are_kept_as_symbols_not_numbers(imported):
    scilly = figure("absence-rate", 2018, local_authority__dfe_code="420")
    assert scilly.value is None
    assert scilly.special_value == "c"
    assert scilly.display_value == "suppressed"
    sunderland = figure("agency-rate", 2025, local_authority__dfe_code="394")
    assert (sunderland.value, sunderland.display_value) == (None, "less than 0.5")
    assert not Observation.objects.filter(special_value="", value__isnull=True).exists()
