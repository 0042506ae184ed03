"""Factories for the foundation's models. Each app's factories live in tests/<app>/factories.py."""

import factory
from django.contrib.auth.models import Group
from faker import Faker

from core.models import LocalAuthority, StatisticalNeighbour, User
from core.roles import Role, sync_role_permissions

TEST_PASSWORD = "correct-horse-battery-staple"
_faker = Faker("en_GB")


def role_group(role: Role) -> Group:
    """The role's group; recreated with its permissions after a transactional test's flush."""
    group = Group.objects.filter(name=role.value).first()
    if group is None:
        sync_role_permissions()
        group = Group.objects.get(name=role.value)
    return group


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("dfe_code",)

    name = factory.Sequence(lambda n: f"Borough {n}")
    dfe_code = factory.Sequence(lambda n: f"{(n % 100) + 900:03d}")
    ons_code = factory.Sequence(lambda n: f"E99{(n % 999999):06d}")
    region_name = "London"
    region_code = "E12000007"
    ofsted_region = "London"
    la_type = "London Borough"


class StatisticalNeighbourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatisticalNeighbour

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    neighbour = factory.SubFactory(LocalAuthorityFactory)
    rank = 1


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    # Plain names: a test can look for a person's name in a page without HTML-escaping it
    # (tests of escaping use names such as "O'Brien" on purpose).
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.LazyFunction(lambda: _faker.last_name().replace("'", ""))
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(role_group(Role(extracted)))
        if create:
            self.save()


def administrator(**kwargs) -> User:
    return UserFactory(role=Role.ADMINISTRATOR, **kwargs)


def platform_administrator(**kwargs) -> User:
    return UserFactory(role=Role.ADMINISTRATOR, local_authority=None, is_staff=True, **kwargs)


def improvement_lead(**kwargs) -> User:
    return UserFactory(role=Role.IMPROVEMENT_LEAD, **kwargs)


def scrutiny_member(**kwargs) -> User:
    return UserFactory(role=Role.SCRUTINY_MEMBER, **kwargs)
