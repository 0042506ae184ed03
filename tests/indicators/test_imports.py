"""Importing the DfE's indicators: all or nothing, a bad line named, idempotent, joined on DfE
codes (former councils kept), "-" kept as no figure, values rounded to the measure's places."""

import gzip
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.dates import long_date
from core.versioning import national_version
from indicators.importers import ImportFileError, import_indicators
from indicators.models import Measure, Value
from tests.factories import LocalAuthorityFactory

MEASURES = (
    "measure,topic,name,polarity,unit,year_type,decimal_places,source_table,source_url,"
    "last_update,next_update,description\n"
    "CareLeaverEET,Children Looked After,Care Leavers - EET (%),High,% of leavers,"
    "Financial Year,,t,https://example.org/cla,2025-11-01,2026-11-01,Care leavers in EET.\n"
    "ReReferral,Child Protection,Re-referrals (%),Low,% of referrals,Financial Year,1.0,t,"
    "https://example.org/cin,2025-10-01,2026-10-01,Re-referrals within 12 months.\n"
)
HEADER = "measure,year,la_number,area,region,value\n"
GOOD = HEADER + (
    "CareLeaverEET,2019,311,Havering,Outer London,58\n"
    "CareLeaverEET,2019,970,England,,52\n"
    "CareLeaverEET,2019,986,London,,54.000000000000007\n"
    "CareLeaverEET,2019,909,Cumbria,North West,-\n"
    "CareLeaverEET,2019,835,Dorset (Pre LG),South West,60\n"
    "ReReferral,2019,311,Havering,Outer London,19.100000000000001\n"
    "ReReferral,2019,909,Cumbria,North West,21.25\n"
)


@pytest.fixture
def councils(db):
    LocalAuthorityFactory(name="Havering", dfe_code="311", region_code="E12000007")
    LocalAuthorityFactory(name="Cumbria", dfe_code="909", region_code="E12000002")


def files(tmp_path, values=GOOD, measures=MEASURES, gz=True):
    measures_path = tmp_path / "measures.csv"
    measures_path.write_text(measures, encoding="utf-8")
    values_path = tmp_path / ("values.csv.gz" if gz else "values.csv")
    if gz:
        with gzip.open(values_path, "wt", encoding="utf-8") as handle:
            handle.write(values)
    else:
        values_path.write_text(values, encoding="utf-8")
    return {"measures_path": measures_path, "values_path": values_path}


def test_figures_are_stored_by_dfe_code_rounded_and_without_inventing_zeroes(tmp_path, councils):
    result = import_indicators(**files(tmp_path))
    eet = Measure.objects.get(code="CareLeaverEET")
    assert (eet.decimal_places, eet.better_direction, eet.kind) == (0, "higher", "percentage")
    assert Value.objects.get(measure=eet, local_authority__dfe_code="311").value == 58
    assert Value.objects.get(measure=eet, area_type="regional").value == Decimal("54")
    assert Value.objects.get(measure=eet, area_type="regional").region_code == "E12000007"
    cumbria = Value.objects.get(measure=eet, local_authority__dfe_code="909")
    assert cumbria.value is None
    assert cumbria.display_value == "no figure"
    rereferral = Value.objects.get(measure__code="ReReferral", local_authority__dfe_code="311")
    assert rereferral.value == Decimal("19.1")
    assert rereferral.display_value == "19.1%"
    assert str(rereferral.date) == "2019-03-31"
    assert rereferral.period == "year ending 31 March 2019"
    # Dorset County (835) is not in this register: skipped and reported, not guessed.
    assert result.skipped == {"835": "Dorset (Pre LG)"}
    assert result.created == 6


def test_importing_twice_changes_nothing_and_a_revision_updates(tmp_path, councils):
    paths = files(tmp_path)
    import_indicators(**paths)
    version = national_version()
    skipped = import_indicators(**paths)
    assert skipped.skipped_since is not None
    assert (skipped.rows, skipped.created, skipped.updated, skipped.unchanged) == (0, 0, 0, 0)
    assert national_version() == version
    again = import_indicators(**paths, force=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    revised = GOOD.replace("Havering,Outer London,58", "Havering,Outer London,59")
    before = national_version()
    third = import_indicators(**files(tmp_path, values=revised))
    assert (third.created, third.updated) == (0, 1)
    assert (
        Value.objects.get(measure__code="CareLeaverEET", local_authority__dfe_code="311").value
        == 59
    )
    assert national_version() > before


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("CareLeaverEET,20x9,311,Havering,Outer London,58", "line 4, column year"),
        ("CareLeaverEET,2020,ABC,Havering,Outer London,58", "line 4, column la_number"),
        ("CareLeaverEET,2020,311,Havering,Outer London,lots", "line 4, column value"),
        ("Unknown,2020,311,Havering,Outer London,5", "line 4, column measure"),
        ("CareLeaverEET,2019,311,Havering,Outer London,58", "line 4: Havering CareLeaverEET"),
    ],
)
def test_a_bad_line_is_named_and_nothing_is_saved(tmp_path, councils, bad_line, message):
    values = HEADER + "CareLeaverEET,2019,311,Havering,Outer London,58\n"
    values += "CareLeaverEET,2019,970,England,,52\n" + bad_line + "\n"
    with pytest.raises(ImportFileError, match=message):
        import_indicators(**files(tmp_path, values=values, gz=False))
    assert not Value.objects.exists()
    assert not Measure.objects.exists()


def test_command_reports_progress_and_refuses_a_bad_file(tmp_path, councils, capsys):
    paths = files(tmp_path)
    call_command(
        "import_indicators",
        measures=str(paths["measures_path"]),
        values=str(paths["values_path"]),
    )
    out = capsys.readouterr().out
    assert "Read 7 rows" in out
    assert "6 figures created" in out
    assert "Dorset (Pre LG) (835)" in out
    assert re.search(r"Finished in \d+\.\d seconds\.", out)
    call_command(
        "import_indicators",
        measures=str(paths["measures_path"]),
        values=str(paths["values_path"]),
    )
    today = long_date(timezone.localdate())
    assert capsys.readouterr().out == (
        f"Indicators: unchanged since {today}, skipped (use --force to import it again).\n"
    )
    # Either file changed: both are read again.
    paths["measures_path"].write_text(MEASURES + "\n", encoding="utf-8")
    call_command(
        "import_indicators",
        measures=str(paths["measures_path"]),
        values=str(paths["values_path"]),
    )
    assert "0 figures created, 0 updated, 6 unchanged" in capsys.readouterr().out
    broken = files(tmp_path, values=HEADER + "CareLeaverEET,2019,311\n", gz=False)
    with pytest.raises(CommandError, match="line 2.*Nothing was changed"):
        call_command(
            "import_indicators",
            measures=str(broken["measures_path"]),
            values=str(broken["values_path"]),
        )
