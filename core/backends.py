"""The authentication backend: Django's ModelBackend, reading a signed-in user with the names of
their groups (their roles) and their council's name (for the header) in one query on every
request."""

import functools

from asgiref.sync import sync_to_async
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db.models import Aggregate, CharField, F, OuterRef, Subquery, Value

from core.models import LocalAuthority, User

SEPARATOR = "\x1f"  # the ASCII unit separator: never in a group's name
_ANY_ID = -2_000_000_001  # stands for the user's id while the query is compiled


class _Joined(Aggregate):
    """Text values joined with a separator: STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite."""

    function = "STRING_AGG"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


@functools.cache
def _user_with_group_names_sql() -> tuple[str, list, int]:
    """The query's SQL, its parameters and where the user's id goes in them, compiled once a
    process (compiling it costs more than running it)."""
    names = (
        User.groups.through.objects.filter(user=OuterRef("pk"))
        .order_by()
        .values("user")
        .annotate(names=_Joined("group__name", Value(SEPARATOR)))
        .values("names")
    )
    query = User._default_manager.annotate(
        group_names=Subquery(names),
        council_short_name=F("local_authority__name"),
        council_type=F("local_authority__la_type"),
    ).filter(pk=_ANY_ID)
    sql, params = query.order_by().query.sql_with_params()
    return sql, list(params), list(params).index(_ANY_ID)


def user_with_roles(user_id) -> User | None:
    """The user with this id, their group names read with them (one query); or None."""
    try:
        user_id = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    sql, params, position = _user_with_group_names_sql()
    params = params.copy()
    params[position] = user_id
    user = next(iter(User._default_manager.raw(sql, params)), None)
    if user is not None:
        user._cached_group_names = set(filter(None, (user.group_names or "").split(SEPARATOR)))
        if user.council_short_name:
            user.council_name = LocalAuthority.formal_name_of(
                user.council_short_name, user.council_type
            )
    return user


class RoleAwareModelBackend(ModelBackend):
    """Signs in as ModelBackend does. Reads the user of a session with their roles in one
    query, so a page need not ask for the roles (named on every page) separately."""

    def get_user(self, user_id):
        user = user_with_roles(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    async def aget_user(self, user_id):
        return await sync_to_async(self.get_user)(user_id)
