import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.dates import long_date
from core.models import LocalAuthority, StatisticalNeighbour
from core.versioning import national_version


def run(*args):
    out = io.StringIO()
    call_command("import_local_authorities", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_import_loads_all_153_current_las_with_havering_codes_and_neighbours():
    output = run()
    assert "158 created" in output  # 153 current, 5 former (2 not in the lookup file)
    assert LocalAuthority.objects.current().count() == 153
    havering = LocalAuthority.objects.get(name="Havering")
    assert (havering.ons_code, havering.dfe_code) == ("E09000016", "311")
    assert havering.region_name == "London"
    assert [la.name for la in havering.ordered_neighbours()] == [
        "Bexley",
        "Bedford Borough",
        "Thurrock",
        "Essex",
        "Kent",
        "Swindon",
        "West Northamptonshire",
        "Milton Keynes",
        "Medway",
        "West Sussex",
    ]


@pytest.mark.django_db
def test_former_councils_are_kept_as_no_longer_existing():
    run()
    cumbria = LocalAuthority.objects.get(dfe_code="909")
    assert cumbria.status == LocalAuthority.Status.NO_LONGER_EXISTS
    assert cumbria.ons_code == "E10000006"


@pytest.mark.django_db
def test_import_twice_gives_the_same_rows():
    run()
    before = sorted(LocalAuthority.objects.values_list("dfe_code", "name", "ons_code", "status"))
    links = sorted(StatisticalNeighbour.objects.values_list("local_authority__dfe_code", "rank"))
    output = run("--force")
    assert "0 created, 0 updated, 158 unchanged" in output
    assert sorted(LocalAuthority.objects.values_list("dfe_code", "name", "ons_code", "status")) == (
        before
    )
    assert (
        sorted(StatisticalNeighbour.objects.values_list("local_authority__dfe_code", "rank"))
        == links
    )


@pytest.mark.django_db
def test_unchanged_files_are_skipped_saying_since_when(tmp_path, settings):
    run()
    version = national_version()
    today = long_date(timezone.localdate())
    assert run() == (
        f"Local authorities: unchanged since {today}, skipped (use --force to import it again).\n"
    )
    assert national_version() == version
    # A changed neighbours file is imported again, and so is either file after a failed import.
    source = settings.BASE_DIR / "data" / "sn_model_2025_wide.csv"
    changed = tmp_path / "neighbours.csv"
    changed.write_bytes(source.read_bytes() + b"\n")
    assert "0 created, 0 updated, 158 unchanged" in run("--neighbours", str(changed))
    assert "skipped" in run("--neighbours", str(changed))
    assert "158 unchanged" in run()


@pytest.mark.django_db
def test_bad_file_changes_nothing_and_names_the_line(tmp_path, settings):
    run()
    havering_before = LocalAuthority.objects.get(dfe_code="311").name
    source = (settings.BASE_DIR / "data" / "Provider_data_lookup.csv").read_text(
        encoding="utf-8-sig"
    )
    lines = source.splitlines()
    lines[1] = lines[1].replace("Barking and Dagenham", "Renamed Borough")
    lines[5] = "80999,ABC" + lines[5][lines[5].index(",", 6) :]
    broken = tmp_path / "lookup.csv"
    broken.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CommandError, match=r"line 6, column la_code: 'ABC'.*Nothing was changed"):
        run("--lookup", str(broken))
    assert not LocalAuthority.objects.filter(name="Renamed Borough").exists()
    assert LocalAuthority.objects.get(dfe_code="311").name == havering_before


@pytest.mark.django_db
def test_missing_file_and_missing_columns_are_reported(tmp_path):
    with pytest.raises(CommandError, match="file not found"):
        run("--lookup", str(tmp_path / "nope.csv"))
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 1: missing column"):
        run("--lookup", str(wrong))
    assert LocalAuthority.objects.count() == 0


@pytest.mark.django_db
def test_region_codes_follow_the_region_names():
    run()
    gloucestershire = LocalAuthority.objects.get(dfe_code="916")
    buckinghamshire = LocalAuthority.objects.get(dfe_code="825")
    assert (gloucestershire.region_name, gloucestershire.region_code) == ("South West", "E12000009")
    assert (buckinghamshire.region_name, buckinghamshire.region_code) == ("South East", "E12000008")
    pairs = set(LocalAuthority.objects.values_list("region_name", "region_code"))
    assert len(pairs) == 9 == len({code for _, code in pairs})
