"""Council user management: administrators list, invite, give roles to, deactivate and
reactivate their own council's users; never another council's, never a platform
administrator's, never themselves out."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from core.editing import StaleEdit
from core.models import AccountEvent, User
from core.roles import Role
from core.users import services
from tests import factories
from tests.improvement.factories import ProgrammeFactory, ThemeFactory

BASE = "http://testserver"


def invite(client, council, **overrides):
    data = {
        "first_name": "Amara",
        "last_name": "Okafor",
        "email": "Amara.Okafor@Example.org",
        "job_title": "Head of service",
        "roles": [Role.IMPROVEMENT_LEAD.value],
        **overrides,
    }
    return client.post(reverse("core:user-invite", kwargs={"dfe_code": council.dfe_code}), data)


def link_in(message) -> str:
    return re.search(r"http://testserver(/accounts/invitation/\S+/)", message.body).group(1)


def can_sign_in(username, password) -> bool:
    """Signs in through the sign-in page (as a person does, past the lockout checks)."""
    response = Client().post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302 and response.url == reverse("home")


def signed_in_client(user) -> Client:
    other = Client()
    other.force_login(user)
    return other


# --------------------------------------------------------------------------------------------
# Listing and scoping


def test_administrator_sees_their_councils_users_with_roles_and_themes(
    client, admin_user, lead, scrutiny, outsider, platform_admin
):
    ThemeFactory(
        programme=ProgrammeFactory(local_authority=admin_user.local_authority),
        title="Front door",
        leads=[lead],
    )
    client.force_login(admin_user)
    response = client.get(reverse("core:own-users"), follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert str(lead) in page
    assert str(scrutiny) in page
    assert str(admin_user) in page
    assert "Front door" in page
    assert "Improvement lead" in page
    assert "Scrutiny member" in page
    assert str(outsider) not in page
    assert platform_admin.username not in page


def test_nav_offers_users_to_council_administrators_only(client, admin_user, lead):
    client.force_login(admin_user)
    assert reverse("core:own-users") in client.get(reverse("home")).content.decode()
    client.force_login(lead)
    assert reverse("core:own-users") not in client.get(reverse("home")).content.decode()


def test_council_page_links_to_its_users_for_its_administrators(
    client, admin_user, lead, platform_admin
):
    la = admin_user.local_authority
    users = reverse("core:user-list", args=[la.dfe_code])
    for who, shown in ((admin_user, True), (platform_admin, True), (lead, False)):
        client.force_login(who)
        assert (users in client.get(la.get_absolute_url()).content.decode()) is shown


@pytest.mark.parametrize("who", ["lead", "scrutiny"])
def test_non_administrators_cannot_manage_users(client, request, who, admin_user):
    client.force_login(request.getfixturevalue(who))
    la = admin_user.local_authority
    assert client.get(reverse("core:user-list", args=[la.dfe_code])).status_code == 403
    assert client.get(reverse("core:user-detail", args=[admin_user.pk])).status_code == 403
    response = client.post(reverse("core:user-deactivate", args=[admin_user.pk]))
    assert response.status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_another_councils_administrator_gets_not_found(client, admin_user, lead):
    other_admin = factories.administrator(
        username="other-admin", local_authority=factories.LocalAuthorityFactory(dfe_code="302")
    )
    client.force_login(other_admin)
    la = admin_user.local_authority
    assert client.get(reverse("core:user-list", args=[la.dfe_code])).status_code == 404
    for name in ("user-detail", "user-roles", "user-deactivate", "user-reactivate"):
        assert client.get(reverse(f"core:{name}", args=[lead.pk])).status_code == 404
    response = client.post(
        reverse("core:user-roles", args=[lead.pk]),
        {"version": lead.version, "roles": [Role.ADMINISTRATOR.value]},
    )
    assert response.status_code == 404
    assert client.post(reverse("core:user-deactivate", args=[lead.pk])).status_code == 404
    lead.refresh_from_db()
    assert lead.is_active
    assert not lead.has_role(Role.ADMINISTRATOR)
    assert invite(client, la).status_code == 404
    assert not User.objects.filter(email__iexact="amara.okafor@example.org").exists()


def test_platform_administrators_accounts_are_not_reachable(client, admin_user, platform_admin):
    client.force_login(admin_user)
    for name in ("user-detail", "user-roles", "user-deactivate"):
        assert client.get(reverse(f"core:{name}", args=[platform_admin.pk])).status_code == 404
    assert client.post(reverse("core:user-deactivate", args=[platform_admin.pk])).status_code == (
        404
    )
    platform_admin.refresh_from_db()
    assert platform_admin.is_active
    with pytest.raises(PermissionDenied):
        services.deactivate_user(member=platform_admin, by=admin_user)


def test_platform_administrator_manages_any_councils_users(client, platform_admin, lead):
    client.force_login(platform_admin)
    la = lead.local_authority
    assert client.get(reverse("core:user-list", args=[la.dfe_code])).status_code == 200
    assert client.post(reverse("core:user-deactivate", args=[lead.pk])).status_code == 302
    lead.refresh_from_db()
    assert not lead.is_active


@pytest.mark.parametrize("n", [1, 25])
def test_user_list_queries_do_not_grow(client, admin_user, django_assert_max_num_queries, n):
    la = admin_user.local_authority
    programme = ProgrammeFactory(local_authority=la)
    for i in range(n):
        person = factories.improvement_lead(username=f"person{i}", local_authority=la)
        ThemeFactory(programme=programme, leads=[person])
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("core:user-list", args=[la.dfe_code]))
    assert response.status_code == 200
    assert len(re.findall(r'href="/users/\d+/"', response.content.decode())) == n + 1


@pytest.mark.parametrize("n", [1, 20])
def test_user_page_queries_do_not_grow(client, admin_user, lead, django_assert_max_num_queries, n):
    programme = ProgrammeFactory(local_authority=lead.local_authority)
    for i in range(n):
        ThemeFactory(programme=programme, title=f"Theme {i}", leads=[lead])
        services.deactivate_user(member=lead, by=admin_user)
        services.reactivate_user(member=lead, by=admin_user)
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("core:user-detail", args=[lead.pk]))
    page = response.content.decode()
    assert page.count("Reactivated") == n
    assert f"Theme {n - 1}" in page


# --------------------------------------------------------------------------------------------
# Inviting


def test_invitation_emails_a_single_use_link_that_sets_the_password(client, admin_user):
    client.force_login(admin_user)
    response = invite(client, admin_user.local_authority)
    member = User.objects.get(email="amara.okafor@example.org")
    assert response.status_code == 302
    assert response.url == reverse("core:user-detail", args=[member.pk])
    assert member.username == "amara.okafor@example.org"
    assert member.local_authority == admin_user.local_authority
    assert member.role_labels == ["Improvement lead"]
    assert not member.has_usable_password()
    assert not member.is_staff
    assert not member.is_superuser

    (message,) = mail.outbox
    assert message.to == ["amara.okafor@example.org"]
    assert "works once and stops working at" in message.body
    assert "Your username is amara.okafor@example.org" in message.body

    visitor = Client()
    form_page = visitor.get(link_in(message), follow=True)
    assert "Set your password" in form_page.content.decode()
    new = {"new_password1": "a-long-new-passphrase-7", "new_password2": "a-long-new-passphrase-7"}
    done = visitor.post(form_page.redirect_chain[-1][0], new, follow=True)
    assert done.redirect_chain[-1][0] == reverse("login")
    assert "Your password has been set" in done.content.decode()
    assert can_sign_in(member.username, "a-long-new-passphrase-7")

    # The same link again: refused, the password unchanged.
    again = Client().get(link_in(message), follow=True)
    assert "This link does not work" in again.content.decode()
    member.refresh_from_db()
    assert member.check_password("a-long-new-passphrase-7")
    actions = list(member.account_events.values_list("action", "by"))
    assert actions == [
        (AccountEvent.Action.PASSWORD_SET, member.pk),
        (AccountEvent.Action.INVITED, admin_user.pk),
    ]


def test_invitation_link_expires(client, admin_user, settings):
    client.force_login(admin_user)
    invite(client, admin_user.local_authority)
    (message,) = mail.outbox
    settings.PASSWORD_RESET_TIMEOUT = -1
    page = Client().get(link_in(message), follow=True)
    assert "This link does not work" in page.content.decode()


def test_a_new_invitation_or_deactivation_stops_the_old_link(client, admin_user):
    client.force_login(admin_user)
    invite(client, admin_user.local_authority)
    member = User.objects.get(email="amara.okafor@example.org")
    first = link_in(mail.outbox[0])
    response = client.post(reverse("core:user-invite-again", args=[member.pk]))
    assert response.status_code == 302
    assert "This link does not work" in Client().get(first, follow=True).content.decode()
    second = link_in(mail.outbox[1])
    assert "Set your password" in Client().get(second, follow=True).content.decode()
    client.post(reverse("core:user-deactivate", args=[member.pk]))
    assert "This link does not work" in Client().get(second, follow=True).content.decode()


def test_an_administrator_sends_a_forgotten_password_a_single_use_reset_link(
    client, admin_user, lead
):
    theirs = signed_in_client(lead)
    client.force_login(admin_user)
    url = reverse("core:user-reset-password", args=[lead.pk])
    detail = client.get(reverse("core:user-detail", args=[lead.pk])).content.decode()
    assert url in detail
    assert "Send a link to set a new password" in detail
    confirm = client.get(url).content.decode()
    assert "Their current password will stop working at once" in confirm

    response = client.post(url, follow=True)
    assert f"{lead} has been sent a link to set a new password" in response.content.decode()
    # The old password stops working at once and every session of theirs ends.
    assert not can_sign_in(lead.username, factories.TEST_PASSWORD)
    assert theirs.get(reverse("home")).status_code == 302

    (message,) = mail.outbox
    assert message.subject.startswith("Set a new password for the ")
    assert message.to == [lead.email]
    assert "Your old password no longer works" in message.body
    assert "works once and stops working at" in message.body
    visitor = Client()
    form_page = visitor.get(link_in(message), follow=True)
    new = {"new_password1": "a-long-new-passphrase-8", "new_password2": "a-long-new-passphrase-8"}
    visitor.post(form_page.redirect_chain[-1][0], new)
    assert can_sign_in(lead.username, "a-long-new-passphrase-8")
    assert "This link does not work" in Client().get(link_in(message), follow=True).content.decode()
    assert list(lead.account_events.values_list("action", "by")) == [
        (AccountEvent.Action.PASSWORD_SET, lead.pk),
        (AccountEvent.Action.PASSWORD_RESET, admin_user.pk),
    ]


def test_a_reset_link_is_refused_for_oneself_another_council_and_the_deactivated(
    client, admin_user, lead, outsider
):
    client.force_login(admin_user)
    own = client.post(reverse("core:user-reset-password", args=[admin_user.pk]))
    assert own.status_code == 200
    assert "Change your own password with" in own.content.decode()
    assert (
        "Send a link to set a new password"
        not in client.get(reverse("core:user-detail", args=[admin_user.pk])).content.decode()
    )
    assert client.post(reverse("core:user-reset-password", args=[outsider.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.reset_password(member=outsider, by=admin_user, base_url=BASE)
    services.deactivate_user(member=lead, by=admin_user)
    refused = client.post(reverse("core:user-reset-password", args=[lead.pk]))
    assert "Reactivate the account before" in refused.content.decode()
    assert not mail.outbox
    assert User.objects.get(pk=admin_user.pk).check_password(factories.TEST_PASSWORD)
    assert User.objects.get(pk=outsider.pk).has_usable_password()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"first_name": ""}, "Enter their first name"),
        ({"email": "not-an-email"}, "Enter an email address in the correct format"),
        ({"email": "LEAD@example.org"}, "There is already an account with this email address"),
        ({"roles": []}, "Choose at least one role"),
        ({"roles": ["Superusers"]}, "Choose roles from the list"),
        ({"last_name": "Smith\r\nBcc: x@example.org"}, "Enter this on one line"),
        ({"first_name": "Am\x1bara"}, "without special characters"),
        ({"last_name": "Oka\x7ffor"}, "without special characters"),
        ({"job_title": "Head\ufffe"}, "without special characters"),
        ({"first_name": "x" * 151}, "First name must be 150 characters or fewer"),
    ],
)
def test_invitation_form_errors_are_clear(client, admin_user, lead, overrides, message):
    client.force_login(admin_user)
    count = User.objects.count()
    response = invite(client, admin_user.local_authority, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert User.objects.count() == count
    assert not mail.outbox


def test_invitation_cannot_make_a_platform_administrator(client, admin_user):
    client.force_login(admin_user)
    invite(
        client,
        admin_user.local_authority,
        roles=[Role.ADMINISTRATOR.value],
        is_superuser="on",
        is_staff="on",
        local_authority="",
    )
    member = User.objects.get(email="amara.okafor@example.org")
    assert member.local_authority == admin_user.local_authority
    assert not member.is_superuser
    assert not member.is_staff
    assert not member.is_platform_administrator


def test_invitation_not_saved_when_the_email_cannot_be_sent(client, admin_user, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    client.force_login(admin_user)
    response = invite(client, admin_user.local_authority)
    assert response.status_code == 200
    assert "could not be sent" in response.content.decode()
    assert not User.objects.filter(email="amara.okafor@example.org").exists()


def test_bad_set_password_links_never_fail(client, db):
    for path in (
        "/accounts/invitation/xx/yy/",
        "/accounts/invitation/MTIzNDU2Nzg5/abc-def/",
        "/accounts/invitation/%00/%00/",
    ):
        response = client.get(path, follow=True)
        assert response.status_code in (200, 400, 404)  # a NUL is refused as a bad request


# --------------------------------------------------------------------------------------------
# Roles


def roles_url(member):
    return reverse("core:user-roles", args=[member.pk])


def test_changing_roles_is_recorded(client, admin_user, scrutiny):
    client.force_login(admin_user)
    response = client.post(
        roles_url(scrutiny),
        {"version": scrutiny.version, "roles": [Role.IMPROVEMENT_LEAD.value]},
    )
    assert response.status_code == 302
    scrutiny = User.objects.get(pk=scrutiny.pk)
    assert scrutiny.role_labels == ["Improvement lead"]
    event = scrutiny.account_events.get()
    assert event.by == admin_user
    assert event.detail == "From Scrutiny member to Improvement lead"
    page = client.get(reverse("core:user-detail", args=[scrutiny.pk])).content.decode()
    assert "Changed roles" in page
    assert str(admin_user) in page


def test_stale_role_change_is_refused_showing_both_versions(client, admin_user, scrutiny):
    opened = scrutiny.version
    other_admin = factories.administrator(
        username="admin-two", local_authority=admin_user.local_authority
    )
    services.change_roles(
        member=scrutiny, by=other_admin, roles=[Role.ADMINISTRATOR], seen_version=opened
    )
    client.force_login(admin_user)
    response = client.post(
        roles_url(scrutiny), {"version": opened, "roles": [Role.IMPROVEMENT_LEAD.value]}
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert f"This was changed by {other_admin}" in page
    assert "Administrator" in page
    assert "Improvement lead" in page
    assert User.objects.get(pk=scrutiny.pk).role_labels == ["Administrator"]
    # Saving again from the refreshed form keeps the editor's version.
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    again = client.post(
        roles_url(scrutiny), {"version": version, "roles": [Role.IMPROVEMENT_LEAD.value]}
    )
    assert again.status_code == 302
    assert User.objects.get(pk=scrutiny.pk).role_labels == ["Improvement lead"]


def test_stale_edit_from_the_service(admin_user, scrutiny):
    services.change_roles(
        member=scrutiny, by=admin_user, roles=[Role.ADMINISTRATOR], seen_version=scrutiny.version
    )
    with pytest.raises(StaleEdit):
        services.change_roles(
            member=scrutiny, by=admin_user, roles=[Role.SCRUTINY_MEMBER], seen_version=1
        )


def test_administrator_cannot_remove_their_own_administrator_role(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        roles_url(admin_user),
        {"version": admin_user.version, "roles": [Role.SCRUTINY_MEMBER.value]},
    )
    assert response.status_code == 200
    assert "You cannot remove your own administrator role" in response.content.decode()
    assert User.objects.get(pk=admin_user.pk).is_administrator


def test_a_theme_lead_keeps_a_role_that_can_lead(client, admin_user, lead):
    ThemeFactory(
        programme=ProgrammeFactory(local_authority=lead.local_authority),
        title="Care leavers",
        leads=[lead],
    )
    client.force_login(admin_user)
    page = client.get(roles_url(lead)).content.decode()
    assert "Care leavers" in page
    response = client.post(
        roles_url(lead), {"version": lead.version, "roles": [Role.SCRUTINY_MEMBER.value]}
    )
    assert response.status_code == 200
    assert "leads 1 theme (Care leavers)" in response.content.decode()
    assert User.objects.get(pk=lead.pk).is_improvement_lead


def test_role_form_errors_are_clear_and_never_500(client, admin_user, scrutiny):
    client.force_login(admin_user)
    for data, message in (
        ({"version": scrutiny.version}, "Choose at least one role"),
        ({"version": "x", "roles": ["Administrators"]}, "Reload the page"),
        ({"version": scrutiny.version, "roles": ["Superuser"]}, "Choose roles from the list"),
        ({"roles": ["Administrators"]}, "Reload the page"),
    ):
        response = client.post(roles_url(scrutiny), data)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert User.objects.get(pk=scrutiny.pk).role_labels == ["Scrutiny member"]


# --------------------------------------------------------------------------------------------
# Deactivating and reactivating


@pytest.mark.parametrize(
    "engine",
    ["django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"],
)
def test_deactivation_ends_sessions_at_once(client, admin_user, lead, settings, engine):
    settings.SESSION_ENGINE = engine
    theirs = signed_in_client(lead)
    theirs_elsewhere = signed_in_client(lead)
    bystander = signed_in_client(factories.scrutiny_member(local_authority=lead.local_authority))
    home = reverse("home")
    assert theirs.get(home).status_code == 200

    client.force_login(admin_user)
    response = client.post(reverse("core:user-deactivate", args=[lead.pk]), follow=True)
    assert "has been deactivated and they have been signed out" in response.content.decode()

    for session in (theirs, theirs_elsewhere):
        assert session.get(home).status_code == 302
    assert bystander.get(home).status_code == 200
    remaining = [
        s for s in Session.objects.all() if s.get_decoded().get(SESSION_KEY) == str(lead.pk)
    ]
    assert not remaining
    assert not can_sign_in(lead.username, factories.TEST_PASSWORD)

    # Reactivated: may sign in again, but the old sessions stay ended.
    client.post(reverse("core:user-reactivate", args=[lead.pk]))
    assert theirs.get(home).status_code == 302
    assert can_sign_in(lead.username, factories.TEST_PASSWORD)
    assert User.objects.get(pk=lead.pk).role_labels == ["Improvement lead"]

    events = list(lead.account_events.values_list("action", "by"))
    assert events == [
        (AccountEvent.Action.REACTIVATED, admin_user.pk),
        (AccountEvent.Action.DEACTIVATED, admin_user.pk),
    ]


def test_administrator_cannot_deactivate_themselves(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("core:user-deactivate", args=[admin_user.pk])).status_code == 403
    assert client.post(reverse("core:user-deactivate", args=[admin_user.pk])).status_code == 403
    assert (
        "You cannot deactivate your own account"
        in client.get(reverse("core:user-detail", args=[admin_user.pk])).content.decode()
    )
    with pytest.raises(ValidationError):
        services.deactivate_user(member=admin_user, by=admin_user)
    assert User.objects.get(pk=admin_user.pk).is_active


def test_deactivating_twice_records_it_once(admin_user, lead):
    services.deactivate_user(member=lead, by=admin_user)
    services.deactivate_user(member=lead, by=admin_user)
    assert lead.account_events.count() == 1


def test_deactivated_user_shows_as_deactivated_and_keeps_their_themes(client, admin_user, lead):
    ThemeFactory(
        programme=ProgrammeFactory(local_authority=lead.local_authority),
        title="Front door",
        leads=[lead],
    )
    services.deactivate_user(member=lead, by=admin_user)
    client.force_login(admin_user)
    page = client.get(reverse("core:user-detail", args=[lead.pk])).content.decode()
    assert "Deactivated" in page
    assert "Front door" in page
    assert "Reactivate account" in page
