"""Every change a council administrator makes to an account: each in one transaction, each
recorded as an AccountEvent (who did what, to whom, when).

The acting user is checked here as well as in the views: `by` must be allowed to manage
`member` (`User.objects.manageable_by(by)`), so no page or script can reach another council's
accounts or a platform administrator's. Accounts are only ever given council roles and always
stay in their council: nothing here sets `is_staff`, `is_superuser` or `local_authority` of an
existing account.
"""

from collections.abc import Iterable
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from core.dates import long_date_time
from core.editing import StaleEdit, lock_current
from core.models import AccountEvent, LocalAuthority, User
from core.roles import Role, sync_role_permissions
from core.versioning import bump_council


def _roles(values: Iterable) -> list[Role]:
    chosen = {Role(value) for value in values}
    return [role for role in Role if role in chosen]


def _labels(roles: Iterable[Role]) -> str:
    return ", ".join(role.label for role in roles) or "no role"


def _groups(roles: list[Role]) -> list[Group]:
    names = [role.value for role in roles]
    groups = list(Group.objects.filter(name__in=names))
    if len(groups) != len(names):
        sync_role_permissions()
        groups = list(Group.objects.filter(name__in=names))
    return groups


def _record(user, by, action, detail="") -> AccountEvent:
    return AccountEvent.objects.create(
        user=user, by=by, by_name=str(by)[:150], action=action, detail=detail[:300]
    )


def _check_may_manage(by, member) -> None:
    if not User.objects.manageable_by(by).filter(pk=member.pk).exists():
        raise PermissionDenied("You cannot manage this account.")


def _lock(member, seen_version=None):
    """The member's row locked for update; StaleEdit naming the last change if the version
    moved on since `seen_version`."""
    current = lock_current(member, None)
    if seen_version is not None and current.version != seen_version:
        last = current.account_events.first()
        held = _roles(current.groups.values_list("name", flat=True))
        current.roles = [role.label for role in held]
        raise StaleEdit(
            current,
            changed_by=(last.by or last.by_name) if last else None,
            changed_at=last.at if last else None,
        )
    return current


def _changed(member) -> None:
    member.version += 1
    member.save(update_fields=["is_active", "password", "version"])
    bump_council(member.local_authority_id)


def send_invitation(*, member, by, base_url: str, again: bool = False, reset: bool = False) -> None:
    """Email `member` a set-password link (console email when no mail server is set): an
    invitation, or with `reset` a link to set a new password."""
    from core.users.tokens import invitation_expires_at, invitation_path

    context = {
        "member": member,
        "by": by,
        "council": member.local_authority,
        "link": base_url.rstrip("/") + invitation_path(member),
        "expires": long_date_time(invitation_expires_at()),
        "service_name": settings.SERVICE_NAME,
        "again": again,
    }
    subject = (
        f"Set a new password for the {settings.SERVICE_NAME}"
        if reset
        else f"You have been invited to the {settings.SERVICE_NAME}"
    )
    template = "password_reset.txt" if reset else "invitation.txt"
    send_mail(
        subject=subject,
        message=render_to_string(f"core/users/email/{template}", context),
        from_email=None,
        recipient_list=[member.email],
    )


@transaction.atomic
def invite_user(
    *,
    local_authority: LocalAuthority,
    by: User,
    first_name: str,
    last_name: str,
    email: str,
    roles: Iterable,
    base_url: str,
    job_title: str = "",
) -> User:
    """A new account of `local_authority` with the chosen roles, signing in with its email
    address as its username, with no password until the person sets one from the emailed link.
    If the email cannot be sent, nothing is saved."""
    if not by.can_administer_local_authority(local_authority.pk):
        raise PermissionDenied("You cannot add users to this council.")
    chosen = _roles(roles)
    if not chosen:
        raise ValidationError({"roles": "Choose at least one role"})
    email = email.strip().lower()
    if User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
        raise ValidationError({"email": "There is already an account with this email address"})
    member = User(
        username=email,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        job_title=job_title.strip(),
        local_authority=local_authority,
    )
    member.set_unusable_password()
    member.full_clean()
    member.save()
    member.groups.set(_groups(chosen))
    bump_council(local_authority)  # the council's users pages list the new account
    _record(member, by, AccountEvent.Action.INVITED, f"Roles: {_labels(chosen)}")
    send_invitation(member=member, by=by, base_url=base_url)
    return member


@transaction.atomic
def invite_again(*, member: User, by: User, base_url: str) -> User:
    """A new set-password link for someone who has not set a password yet; earlier links
    stop working."""
    _check_may_manage(by, member)
    current = _lock(member)
    if not current.is_active:
        raise ValidationError("Reactivate the account before sending a new invitation.")
    if current.has_usable_password():
        raise ValidationError("They have already set a password.")
    current.set_unusable_password()
    _changed(current)
    _record(current, by, AccountEvent.Action.INVITED_AGAIN)
    send_invitation(member=current, by=by, base_url=base_url, again=True)
    return current


@transaction.atomic
def reset_password(*, member: User, by: User, base_url: str) -> User:
    """For someone who has forgotten their password (there is no public reset): their old
    password stops working at once, they are signed out everywhere, and they are emailed a
    single-use link to set a new one. An administrator cannot do this to their own account."""
    _check_may_manage(by, member)
    if member.pk == by.pk:
        raise ValidationError(
            "Change your own password with “Change password” at the top of the page."
        )
    current = _lock(member)
    if not current.is_active:
        raise ValidationError("Reactivate the account before sending a link to set a password.")
    if not current.has_usable_password():
        raise ValidationError("They have not set a password yet: send a new invitation.")
    current.set_unusable_password()
    _changed(current)
    ended = end_sessions(current)
    _record(
        current,
        by,
        AccountEvent.Action.PASSWORD_RESET,
        f"Signed out of {ended} session{'s' if ended != 1 else ''}" if ended else "",
    )
    send_invitation(member=current, by=by, base_url=base_url, reset=True)
    return current


@transaction.atomic
def change_roles(*, member: User, by: User, roles: Iterable, seen_version: int | None) -> User:
    """Give `member` exactly `roles`. Refuses a stale version, no role at all, an
    administrator removing their own administrator role, and taking away the roles that let
    someone lead the themes they lead."""
    _check_may_manage(by, member)
    current = _lock(member, seen_version)
    chosen = _roles(roles)
    if not chosen:
        raise ValidationError({"roles": "Choose at least one role"})
    if current.pk == by.pk and Role.ADMINISTRATOR not in chosen:
        raise ValidationError(
            {
                "roles": "You cannot remove your own administrator role. "
                "Ask another administrator of your council to do it"
            }
        )
    if Role.ADMINISTRATOR not in chosen and Role.IMPROVEMENT_LEAD not in chosen:
        led = [theme.title for theme in current.led_themes.all()]
        if led:
            raise ValidationError(
                {
                    "roles": f"{current} leads {len(led)} theme{'s' if len(led) != 1 else ''} "
                    f"({'; '.join(led)}). Keep them an improvement lead or administrator, or "
                    "choose other leads for those themes first"
                }
            )
    before = _roles(current.groups.values_list("name", flat=True))
    if before == chosen:
        return current
    current.groups.set(_groups(chosen))
    _changed(current)
    _record(
        current,
        by,
        AccountEvent.Action.ROLES_CHANGED,
        f"From {_labels(before)} to {_labels(chosen)}",
    )
    return current


def end_sessions(user) -> int:
    """Sign `user` out everywhere at once: delete every session of theirs through the session
    engine (so a cached_db session leaves the cache as well as the database). Returns how many
    were ended. Engines that keep no server-side list (signed cookies, cache only) cannot be
    searched; there an inactive account is refused on its next request by the authentication
    backend, which reads the account on every request."""
    engine = import_module(settings.SESSION_ENGINE)
    store_class = engine.SessionStore
    get_model = getattr(store_class, "get_model_class", None)
    if get_model is None:
        return 0
    ended = 0
    user_id = str(user.pk)
    rows = get_model().objects.filter(expire_date__gt=timezone.now())
    for key, data in rows.values_list("session_key", "session_data").iterator():
        if str(store_class().decode(data).get(SESSION_KEY)) == user_id:
            store_class(session_key=key).delete()
            ended += 1
    return ended


@transaction.atomic
def deactivate_user(*, member: User, by: User) -> User:
    """Stop `member` signing in and end their sessions now. Their name stays on everything
    they did. Nobody can deactivate themselves."""
    _check_may_manage(by, member)
    if member.pk == by.pk:
        raise ValidationError("You cannot deactivate your own account.")
    current = _lock(member)
    if not current.is_active:
        return current
    current.is_active = False
    if not current.has_usable_password():
        current.set_unusable_password()  # an unused invitation link stops working
    _changed(current)
    ended = end_sessions(current)
    _record(
        current,
        by,
        AccountEvent.Action.DEACTIVATED,
        f"Signed out of {ended} session{'s' if ended != 1 else ''}" if ended else "",
    )
    return current


@transaction.atomic
def reactivate_user(*, member: User, by: User) -> User:
    """Let `member` sign in again, with their roles as they were."""
    _check_may_manage(by, member)
    current = _lock(member)
    if current.is_active:
        return current
    current.is_active = True
    _changed(current)
    _record(current, by, AccountEvent.Action.REACTIVATED)
    return current


@transaction.atomic
def record_password_set(*, member: User) -> None:
    """The person set their password from an invitation: the account's history says so."""
    _record(member, member, AccountEvent.Action.PASSWORD_SET)
    bump_council(member.local_authority_id)  # the account is no longer "Invited"
