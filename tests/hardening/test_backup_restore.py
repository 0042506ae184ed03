"""Backups: a full dump restored into an empty database gives the same pages.

Both documented methods are proved: pg_dump / pg_restore (PostgreSQL) and backup_data /
restore_data (dumpdata / loaddata, any database). The pages are compared by crawling the
service as a platform administrator.
"""

import json
import subprocess
import sys

from django.conf import settings

from tests.hardening.conftest import database_url_for, manage, needs_postgres, server_env

pytestmark = needs_postgres


KEEP_HAVERINGS_INDICATORS = """
DELETE FROM indicators_value WHERE local_authority_id IS NOT NULL AND local_authority_id NOT IN (
  SELECT id FROM core_localauthority WHERE dfe_code = '311'
  UNION SELECT sn.neighbour_id FROM core_statisticalneighbour sn
  JOIN core_localauthority la ON la.id = sn.local_authority_id WHERE la.dfe_code = '311')
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


def test_pg_dump_and_dumpdata_backups_restore_to_the_same_pages(
    scratch_database, tmp_path, request
):
    manage("load_demo", database_url=scratch_database, timeout=900)
    # The DfE's indicators of councils other than Havering and its neighbours: 200,000 rows
    # that only make the JSON backup slow, and that no page the crawl compares needs.
    subprocess.run(["psql", scratch_database, "-qc", KEEP_HAVERINGS_INDICATORS], check=True)
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
    restored_name = scratch_database.rsplit("/", 1)[1] + "_pg"
    admin_url = database_url_for("postgres")
    subprocess.run(["psql", admin_url, "-qc", f'CREATE DATABASE "{restored_name}"'], check=True)
    request.addfinalizer(
        lambda: subprocess.run(
            ["psql", admin_url, "-qc", f'DROP DATABASE IF EXISTS "{restored_name}"'], check=False
        )
    )
    restored_url = database_url_for(restored_name)
    subprocess.run(
        ["pg_restore", "--no-owner", f"--dbname={restored_url}", str(dump)],
        check=True,
        timeout=600,
    )
    assert crawl(restored_url) == original

    # dumpdata / loaddata into an empty, migrated database
    fixture = tmp_path / "backup.json"
    manage("backup_data", str(fixture), database_url=scratch_database)
    loaded_name = scratch_database.rsplit("/", 1)[1] + "_json"
    subprocess.run(["psql", admin_url, "-qc", f'CREATE DATABASE "{loaded_name}"'], check=True)
    request.addfinalizer(
        lambda: subprocess.run(
            ["psql", admin_url, "-qc", f'DROP DATABASE IF EXISTS "{loaded_name}"'], check=False
        )
    )
    loaded_url = database_url_for(loaded_name)
    manage("migrate", "--no-input", "-v", "0", database_url=loaded_url)
    manage("flush", "--no-input", database_url=loaded_url)
    manage("restore_data", str(fixture), database_url=loaded_url, timeout=900)
    assert crawl(loaded_url) == original
