"""Backups: a full dump restored into an empty database gives the same pages.

Both documented methods are proved: pg_dump / pg_restore (PostgreSQL) and backup_data /
restore_data (dumpdata / loaddata, any database). The pages are compared by crawling the
service as a platform administrator.
"""

import json
import subprocess
import sys

from django.conf import settings

from tests.hardening.conftest import manage, needs_postgres, server_env

pytestmark = needs_postgres


HAVERING = "(SELECT id FROM core_localauthority WHERE dfe_code = '311')"
# Havering's figures of every year and England's; of its neighbours, the other councils and
# the regions, only the latest year's (the national tables the crawl compares show that year).
# The rest (200,000 of the DfE's indicators and 18,000 workforce figures, with as many history
# rows) would only make the JSON backup slow.
KEEP_FEWER_FIGURES = f"""
DELETE FROM indicators_value WHERE local_authority_id IS NOT NULL
  AND local_authority_id <> {HAVERING} AND local_authority_id NOT IN (
    SELECT sn.neighbour_id FROM core_statisticalneighbour sn
    WHERE sn.local_authority_id = {HAVERING});
DELETE FROM indicators_value WHERE area_type <> 'national'
  AND local_authority_id IS DISTINCT FROM {HAVERING}
  AND date < (SELECT max(latest.date) FROM indicators_value latest
    WHERE latest.measure_id = indicators_value.measure_id);
DELETE FROM workforce_observation WHERE source = 'import' AND area_type <> 'national'
  AND local_authority_id IS DISTINCT FROM {HAVERING}
  AND date < (SELECT max(date) FROM workforce_observation WHERE source = 'import');
DELETE FROM workforce_historicalobservation history
  WHERE NOT EXISTS (SELECT 1 FROM workforce_observation figure WHERE figure.id = history.id);
"""


def crawl(database_url):
    result = subprocess.run(
        [sys.executable, "tests/hardening/crawl.py", "admin", "40"],
        cwd=settings.BASE_DIR,
        env=server_env(database_url),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def test_pg_dump_and_dumpdata_backups_restore_to_the_same_pages(scratch, tmp_path):
    scratch_database = scratch()
    manage("load_demo", database_url=scratch_database, timeout=900)
    subprocess.run(["psql", scratch_database, "-qc", KEEP_FEWER_FIGURES], check=True)
    original = crawl(scratch_database)
    assert len(original) >= 5
    assert all(not value.startswith("status 5") for value in original.values())

    # pg_dump / pg_restore into an empty database
    dump = tmp_path / "backup.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", scratch_database],
        check=True,
        timeout=600,
    )
    restored_url = scratch(migrated=False)
    subprocess.run(
        ["pg_restore", "--no-owner", f"--dbname={restored_url}", str(dump)],
        check=True,
        timeout=600,
    )
    assert crawl(restored_url) == original

    # dumpdata / loaddata into an empty, migrated database (a copy of one migrated afresh)
    fixture = tmp_path / "backup.json"
    manage("backup_data", str(fixture), database_url=scratch_database)
    loaded_url = scratch()
    manage("flush", "--no-input", database_url=loaded_url)
    manage("restore_data", str(fixture), database_url=loaded_url, timeout=900)
    assert crawl(loaded_url) == original
