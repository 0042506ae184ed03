"""What every signed-in request reads: the session, and the user with their roles."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse

from core.roles import Role


def test_a_signed_in_page_reads_the_session_then_the_user_with_their_roles(
    client, admin_user, django_assert_num_queries
):
    admin_user.groups.add(Group.objects.get(name=Role.IMPROVEMENT_LEAD.value))
    client.force_login(admin_user)
    client.get(reverse("home"))  # the first request after signing in saves the session
    # With Redis (cached_db sessions) the session comes from the cache: only the user is read.
    session_queries = 0 if settings.SESSION_ENGINE.endswith("cached_db") else 1
    with django_assert_num_queries(session_queries + 1):
        page = client.get(reverse("accessibility")).text
    assert f"Signed in as {admin_user} (Administrators, Improvement leads)." in page


def test_a_role_taken_away_applies_from_the_next_request(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("inspections:create")).status_code == 200
    admin_user.groups.clear()
    assert client.get(reverse("inspections:create")).status_code == 403
    assert "(Administrators)" not in client.get(reverse("home")).text


def test_a_deactivated_user_is_signed_out_at_their_next_request(client, lead):
    client.force_login(lead)
    assert client.get(reverse("home")).status_code == 200
    lead.is_active = False
    lead.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
