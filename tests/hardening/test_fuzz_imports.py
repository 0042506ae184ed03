"""Property-based tests of every import command with damaged files: truncated, corrupted, random
bytes and odd Unicode. Always either a clean import or a clear CommandError naming the problem,
never another exception, and a refused import leaves the database exactly as it was."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.hardening.dump import database_dump

DATA = Path(settings.BASE_DIR) / "data"
# Examples per test: the hypothesis profile's (tests/conftest.py): few by default, many in CI.
FUZZ = hypothesis_settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def head(path: Path, lines: int) -> bytes:
    return b"\n".join(path.read_bytes().splitlines()[:lines]) + b"\n"


@st.composite
def damaged(draw, original: bytes):
    """The original file damaged in one of the ways files are damaged in real life."""
    kind = draw(st.sampled_from(["truncate", "flip", "insert", "random", "unicode", "empty"]))
    if kind == "truncate":
        return original[: draw(st.integers(0, len(original)))]
    if kind == "flip":
        data = bytearray(original)
        for _ in range(draw(st.integers(1, 20))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    if kind == "insert":
        at = draw(st.integers(0, len(original)))
        junk = draw(st.text(min_size=1, max_size=200)).encode("utf-8", "surrogatepass")
        return original[:at] + junk + original[at:]
    if kind == "random":
        return draw(st.binary(min_size=1, max_size=2000))
    if kind == "unicode":
        return draw(st.text(min_size=1, max_size=2000)).encode("utf-8", "surrogatepass")
    return b""


def run_import(command, *args):
    out = io.StringIO()
    try:
        call_command(command, *args, stdout=out, stderr=io.StringIO())
    except CommandError as error:
        message = str(error)
        assert message.strip(), "a refusal must say what is wrong"
        assert "Nothing was changed" in message
        return False
    return True


LA_LOOKUP = head(DATA / "Provider_data_lookup.csv", 40)
WORKFORCE = head(DATA / "csww_indicators_2017_to_2025.csv", 60)
OUTCOMES = (DATA / "LA_Inspection_Outcomes_as_at_31_March_2025.ods").read_bytes()


@pytest.mark.django_db
@FUZZ
@given(data=damaged(LA_LOOKUP))
def test_local_authority_import_survives_damaged_files(tmp_path, data):
    path = tmp_path / "lookup.csv"
    path.write_bytes(data)
    before = database_dump()
    if not run_import("import_local_authorities", "--lookup", str(path)):
        assert database_dump() == before


@pytest.mark.django_db
@FUZZ
@given(data=damaged(WORKFORCE))
def test_workforce_import_survives_damaged_files(tmp_path, imported_local_authorities, data):
    path = tmp_path / "workforce.csv"
    path.write_bytes(data)
    before = database_dump()
    if not run_import("import_workforce", str(path)):
        assert database_dump() == before


@pytest.mark.django_db
@FUZZ
@given(data=damaged(OUTCOMES))
def test_inspection_outcomes_import_survives_damaged_files(
    tmp_path, imported_local_authorities, data
):
    path = tmp_path / "outcomes.ods"
    path.write_bytes(data)
    before = database_dump()
    if not run_import("import_inspection_outcomes", str(path)):
        assert database_dump() == before
