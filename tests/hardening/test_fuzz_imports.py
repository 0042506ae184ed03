"""Property-based tests of every import command with damaged files: truncated, corrupted, random
bytes and odd Unicode. Always either a clean import or a clear CommandError naming the problem,
never another exception, and a refused import leaves the database exactly as it was.

The examples per importer come from the hypothesis profile (tests/conftest.py): few by default,
many in CI."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.hardening.dump import Unchanged

DATA = Path(settings.BASE_DIR) / "data"
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


def run_import(database, command, *args):
    """Runs the import; a refusal must say what is wrong and change nothing."""
    database.start()
    out = io.StringIO()
    try:
        call_command(command, *args, stdout=out, stderr=io.StringIO())
    except CommandError as error:
        message = str(error)
        assert message.strip(), "a refusal must say what is wrong"
        assert "Nothing was changed" in message
        database.assert_unchanged("a refused import must change nothing")
    else:
        database.accepted()


@pytest.fixture
def database():
    """One for all the examples of a test (they share its transaction)."""
    return Unchanged()


LA_LOOKUP = head(DATA / "Provider_data_lookup.csv", 40)
WORKFORCE = head(DATA / "csww_indicators_2017_to_2025.csv", 60)
OUTCOMES = (DATA / "LA_Inspection_Outcomes_as_at_31_March_2025.ods").read_bytes()


@pytest.mark.django_db
@FUZZ
@given(data=damaged(LA_LOOKUP))
def test_local_authority_import_survives_damaged_files(tmp_path, database, data):
    path = tmp_path / "lookup.csv"
    path.write_bytes(data)
    run_import(database, "import_local_authorities", "--lookup", str(path))


@pytest.mark.django_db
@FUZZ
@given(data=damaged(WORKFORCE))
def test_workforce_import_survives_damaged_files(
    tmp_path, imported_local_authorities, database, data
):
    path = tmp_path / "workforce.csv"
    path.write_bytes(data)
    run_import(database, "import_workforce", str(path))


@pytest.mark.django_db
@FUZZ
@given(data=damaged(OUTCOMES))
def test_inspection_outcomes_import_survives_damaged_files(
    tmp_path, imported_local_authorities, database, data
):
    path = tmp_path / "outcomes.ods"
    path.write_bytes(data)
    run_import(database, "import_inspection_outcomes", str(path))
