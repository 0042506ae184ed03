"""`import_workforce`: the DfE indicators file into figures for England, regions and LAs."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.dates import long_date
from core.versioning import national_version
from tests.factories import LocalAuthorityFactory
from tests.workforce.factories import dfe_row, metric, write_csv
from workforce.importers import ImportFileError, import_workforce
from workforce.models import Metric, Observation

LONDON = {"region_code": "E12000007", "region_name": "London"}


@pytest.fixture
def councils(db):
    return {
        code: LocalAuthorityFactory(dfe_code=code, name=name, region_code="E12000007")
        for code, name in [
            ("311", "Havering"),
            ("302", "Barnet"),
            ("314", "Kingston upon Thames"),
            ("318", "Richmond upon Thames"),
        ]
    }


def la_row(year, code, name, **cells):
    return dfe_row(
        year,
        "Local authority",
        old_la_code=code,
        la_name=name,
        region_code="E13000002",
        region_name="Outer London",
        **cells,
    )


def small_release(years):
    rows = []
    for year in years:
        rows += [
            dfe_row(year, "National", agency_rate_fte="13"),
            dfe_row(year, "Regional", agency_rate_fte="17.9", **LONDON),
            la_row(year, "311", "Havering", agency_rate_fte=str(30 + year - 2020)),
            la_row(year, "302", "Barnet", agency_rate_fte="c"),
            la_row(
                year,
                "314 / 318",
                "Kingston upon Thames / Richmond upon Thames",
                agency_rate_fte="14.9",
                new_la_code="E09000021 / E09000027",
            ),
        ]
    return rows


def figure(slug, year, **area):
    return Observation.objects.get(metric__slug=slug, date__year=year, **area)


# ---- small files -----------------------------------------------------------------------------


def test_import_stores_areas_values_specials_and_joint_returns(councils, tmp_path):
    path = write_csv(tmp_path / "release.csv", small_release([2024]))
    result = import_workforce(path=path)
    published = Metric.objects.published().count()
    assert result.created == 6 * published  # England, London, Havering, Barnet, Kingston, Richmond
    assert figure("agency-rate", 2024, area_type="national").value == Decimal("13")
    london = figure("agency-rate", 2024, area_type="regional", region_code="E12000007")
    assert (london.area_name, london.value) == ("London", Decimal("17.9"))
    barnet = figure("agency-rate", 2024, local_authority=councils["302"])
    assert (barnet.value, barnet.special_value, barnet.display_value) == (None, "c", "suppressed")
    for code in ("314", "318"):
        joint = figure("agency-rate", 2024, local_authority=councils[code])
        assert joint.joint_return_codes == "314 / 318"
        assert joint.value == Decimal("14.9")
    assert figure("agency-rate", 2024, local_authority=councils["311"]).date.isoformat() == (
        "2024-09-30"
    )
    # Each new figure has its one "created" history entry, as an import writes it.
    created = Observation.history.filter(history_type="+")
    imported = set(created.values_list("id", flat=True))
    assert imported == set(Observation.objects.values_list("pk", flat=True))
    assert created.count() == result.created
    assert set(created.values_list("history_change_reason", "history_user")) == {
        ("DfE import", None)
    }
    # A figure entered after the import takes an id of its own (the import used the table's
    # own sequence).
    entered = Observation.objects.create(
        metric=barnet.metric,
        area_type="local",
        local_authority=councils["302"],
        area_name="Barnet",
        date=barnet.date.replace(year=2025),
        value=Decimal("12"),
        source=Observation.Source.LOCAL,
    )
    assert entered.pk not in imported


def test_a_later_release_with_more_years_adds_and_revises_without_duplicates(councils, tmp_path):
    import_workforce(path=write_csv(tmp_path / "first.csv", small_release([2023, 2024])))
    count = Observation.objects.count()
    later = small_release([2023, 2024, 2025])
    later[2]["agency_rate_fte"] = "33.3"  # Havering 2023 revised
    result = import_workforce(path=write_csv(tmp_path / "later.csv", later))
    published = Metric.objects.published().count()
    assert result.created == 6 * published
    assert result.updated == 1
    assert Observation.objects.count() == count + 6 * published
    revised = figure("agency-rate", 2023, local_authority=councils["311"])
    assert revised.value == Decimal("33.3")
    assert [h.value for h in revised.history.order_by("history_date")] == [
        Decimal("33"),
        Decimal("33.3"),
    ]


@pytest.mark.parametrize(
    ("line", "cells", "message"),
    [
        (3, {"agency_rate_fte": "12,5"}, "line 3, column agency_rate_fte: '12,5'"),
        (3, {"turnover_rate_fte": "-4"}, "line 3, column turnover_rate_fte: '-4'"),
        (3, {"caseload_fte": ""}, "line 3, column caseload_fte: ''"),
        (4, {"old_la_code": "31"}, "line 4, column old_la_code: '31'"),
        (4, {"old_la_code": "311 / 3x8"}, "line 4, column old_la_code"),
        (3, {"time_period": "2024/25"}, "line 3, column time_period: '2024/25'"),
        (3, {"geographic_level": "Ward"}, "line 3, column geographic_level: 'Ward'"),
    ],
)
def test_a_malformed_file_changes_nothing_and_says_file_line_and_column(
    councils, tmp_path, line, cells, message
):
    import_workforce(path=write_csv(tmp_path / "good.csv", small_release([2023])))
    before = sorted(Observation.objects.values_list("pk", "value", "special_value"))
    rows = small_release([2024])
    rows[line - 2].update(cells)  # line 1 is the header
    with pytest.raises(ImportFileError) as error:
        import_workforce(path=write_csv(tmp_path / "bad.csv", rows))
    assert str(error.value).startswith(f"bad.csv, {message}")
    assert sorted(Observation.objects.values_list("pk", "value", "special_value")) == before


def test_a_missing_column_is_reported_on_line_1(councils, tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("time_period,geographic_level\n2024,National\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"short.csv, line 1: missing column\(s\) "):
        import_workforce(path=path)
    assert not Observation.objects.exists()


def test_a_row_appearing_twice_is_refused(councils, tmp_path):
    rows = small_release([2024])
    rows.append(dict(rows[2]))
    twice = r"line 7: Havering 2024 appears twice \(also line 4\)"
    with pytest.raises(ImportFileError, match=twice):
        import_workforce(path=write_csv(tmp_path / "twice.csv", rows))
    assert not Observation.objects.exists()


def test_command_reports_progress_and_the_skipped_councils(councils, tmp_path):
    rows = small_release([2024]) + [la_row(2024, "837", "Bournemouth")]
    out = StringIO()
    call_command("import_workforce", str(write_csv(tmp_path / "r.csv", rows)), stdout=out)
    text = out.getvalue()
    assert "Read 6 rows from r.csv." in text
    assert "new figures saved" in text
    assert "Skipped (not in the local authority register): Bournemouth (837, 2024)." in text


def test_an_unchanged_file_is_skipped_unless_forced_and_a_changed_one_is_imported(
    councils, tmp_path
):
    path = write_csv(tmp_path / "release.csv", small_release([2024]))
    first = import_workforce(path=path)
    values, version = sorted(Observation.objects.values_list("pk", "value")), national_version()
    skipped = import_workforce(path=path)
    assert skipped.skipped_since is not None
    assert (skipped.rows, skipped.figures) == (0, 0)
    assert national_version() == version
    out = StringIO()
    call_command("import_workforce", str(path), stdout=out)
    today = long_date(timezone.localdate())
    assert out.getvalue() == (
        f"Workforce figures: unchanged since {today}, skipped (use --force to import it again).\n"
    )
    out = StringIO()
    call_command("import_workforce", str(path), "--force", stdout=out)
    assert f"0 updated, {first.created:,} unchanged." in out.getvalue()
    assert sorted(Observation.objects.values_list("pk", "value")) == values
    rows = small_release([2024])
    rows[2]["agency_rate_fte"] = "33.3"  # Havering revised, in the same file
    write_csv(path, rows)
    assert import_workforce(path=path).updated == 1


def test_a_failed_import_is_not_recorded_so_the_mended_file_is_imported(councils, tmp_path):
    rows = small_release([2024])
    rows[1]["vacancy_rate_fte"] = "n/a"
    path = write_csv(tmp_path / "release.csv", rows)
    with pytest.raises(ImportFileError):
        import_workforce(path=path)
    write_csv(path, small_release([2024]))
    assert import_workforce(path=path).created > 0
    with pytest.raises(ImportFileError):
        import_workforce(path=write_csv(path, rows))
    assert import_workforce(path=write_csv(path, small_release([2024]))).skipped_since


def test_command_fails_clearly_on_a_bad_file(councils, tmp_path):
    rows = small_release([2024])
    rows[1]["vacancy_rate_fte"] = "n/a"
    with pytest.raises(CommandError, match=r"line 3, column vacancy_rate_fte: 'n/a'.*Nothing was"):
        call_command("import_workforce", str(write_csv(tmp_path / "bad.csv", rows)))
    assert not Observation.objects.exists()


def test_local_figures_are_untouched_by_an_import(councils, tmp_path, lead):
    from tests.workforce.factories import local_figure

    own = local_figure(councils["311"], "permanent-social-workers", "2019-10-31", 82)
    import_workforce(path=write_csv(tmp_path / "r.csv", small_release([2024])))
    own.refresh_from_db()
    assert own.value == Decimal("82")
    assert metric("permanent-social-workers").observations.count() == 1


def test_low_means_rounds_to_zero_and_k_is_no_longer_a_dfe_symbol(councils, tmp_path):
    rows = small_release([2024])
    rows[2]["agency_rate_fte"] = "low"
    import_workforce(path=write_csv(tmp_path / "low.csv", rows))
    havering = figure("agency-rate", 2024, local_authority__dfe_code="311")
    assert havering.display_value == "rounds to 0 but is not 0"
    rows[2]["agency_rate_fte"] = "k"
    with pytest.raises(ImportFileError, match="line 4, column agency_rate_fte: 'k'"):
        import_workforce(path=write_csv(tmp_path / "k.csv", rows))


def test_joint_return_takes_one_place_in_the_national_ranks(client, councils, tmp_path):
    from django.urls import reverse

    from tests.factories import improvement_lead

    import_workforce(path=write_csv(tmp_path / "release.csv", small_release([2024])))
    client.force_login(improvement_lead(local_authority=councils["311"]))
    response = client.get(reverse("workforce:national") + "?metric=agency-rate&year=2024")
    rows = {row.local_authority.name: row.rank for row in response.context["rows"] if row.rank}
    # Kingston and Richmond's one return (14.9) is first; Havering (34.0) second, not third.
    assert rows == {"Kingston upon Thames": 1, "Richmond upon Thames": 1, "Havering": 2}
    assert response.context["ranked"] == 2
