"""The before/after comparison the fuzzers rely on notices a change a user could see."""

from tests.hardening.dump import database_dump
from tests.improvement.factories import ThemeFactory


def test_the_dump_changes_when_a_record_changes_and_not_otherwise(db):
    theme = ThemeFactory(aim="Supervision that helps social workers")
    before = database_dump()
    assert database_dump() == before
    theme.aim = "Supervision that helps social workers, monthly"
    theme.save()
    assert database_dump() != before
    after = database_dump()
    ThemeFactory(programme=theme.programme)
    assert database_dump() != after
