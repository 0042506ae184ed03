import datetime

import pytest

from tests import factories
from tests.improvement.factories import (
    AchievementFactory,
    NextStepFactory,
    ProgrammeFactory,
    ThemeFactory,
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Many users are made per test here; hashing their passwords slowly tests nothing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def programme(local_authority):
    return ProgrammeFactory(local_authority=local_authority, start_date=datetime.date(2019, 1, 1))


@pytest.fixture
def other_lead(local_authority):
    """An improvement lead of the same LA who leads a different theme."""
    return factories.improvement_lead(username="other-lead", local_authority=local_authority)


@pytest.fixture
def theme(programme, lead):
    """Theme A, led by `lead`."""
    return ThemeFactory(programme=programme, title="Supervision", order=1, leads=[lead])


@pytest.fixture
def other_theme(programme, other_lead):
    """Theme B, led by `other_lead` (not by `lead`)."""
    return ThemeFactory(programme=programme, title="Quality Assurance", order=2, leads=[other_lead])


@pytest.fixture
def achievement(theme):
    return AchievementFactory(theme=theme, label="Template", text="A revised template.")


@pytest.fixture
def next_step(theme, lead):
    return NextStepFactory(
        theme=theme, label="Support", text="Continue to offer support.", owner=lead
    )


@pytest.fixture
def outsider_programme(other_local_authority):
    return ProgrammeFactory(local_authority=other_local_authority, title="Barnet's programme")
