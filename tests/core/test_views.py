import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from tests import factories


def test_every_page_needs_login(client, db):
    response = client.get(reverse("core:la-list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_healthz_answers_without_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_says_503_when_the_database_does_not_answer():
    # A real process whose database is a closed port on this machine.
    script = (
        "from django.test import Client; r = Client().get('/healthz'); "
        "print(r.status_code, r.json()['status'])"
    )
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip().endswith("503 unavailable"), result.stderr


def test_wrong_password_shows_the_normal_form_error_only(client, lead):
    response = client.post(reverse("login"), {"username": lead.username, "password": "wrong"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "The username or password is not right" in content
    assert "Please enter a correct" not in content
    assert "There is a problem" in content


def test_each_role_can_sign_in_and_sees_its_role(client, admin_user, lead, scrutiny):
    for user, role in [
        (admin_user, "Administrators"),
        (lead, "Improvement leads"),
        (scrutiny, "Scrutiny members"),
    ]:
        response = client.post(
            reverse("login"), {"username": user.username, "password": factories.TEST_PASSWORD}
        )
        assert response.status_code == 302
        page = client.get(reverse("home")).content.decode()
        assert role in page
        client.post(reverse("logout"))


def test_register_lists_las_and_filters_by_region(client, lead, imported_local_authorities):
    client.force_login(lead)
    response = client.get(reverse("core:la-list"))
    assert response.status_code == 200
    assert len(response.context["local_authorities"]) == 158
    response = client.get(
        reverse("core:la-list"), {"region_code": "E12000007", "status": "current"}
    )
    names = [la.name for la in response.context["local_authorities"]]
    assert len(names) == 33
    assert "Havering" in names
    assert "Kent" not in names


def test_havering_page_shows_codes_and_ten_neighbours(client, lead, imported_local_authorities):
    client.force_login(lead)
    response = client.get("/local-authorities/311/")
    content = response.content.decode()
    assert "E09000016" in content
    assert ">311<" in content
    for name in ["Bexley", "Bedford Borough", "Thurrock", "Medway", "West Sussex"]:
        assert name in content


def test_unknown_la_code_is_a_styled_404(client, lead):
    client.force_login(lead)
    response = client.get("/local-authorities/999/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Improvement tracker" in response.content.decode()


@pytest.mark.parametrize("count", [2, 40])
def test_register_and_la_page_queries_do_not_grow(
    client, lead, django_assert_max_num_queries, count
):
    las = factories.LocalAuthorityFactory.create_batch(count)
    for rank, neighbour in enumerate(las[:10], start=1):
        factories.StatisticalNeighbourFactory(
            local_authority=lead.local_authority, neighbour=neighbour, rank=rank
        )
    client.force_login(lead)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("core:la-list")).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(lead.local_authority.get_absolute_url()).status_code == 200


def test_password_change_page_is_styled_and_validates(client, lead):
    client.force_login(lead)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": factories.TEST_PASSWORD,
            "new_password1": "short",
            "new_password2": "short",
        },
    )
    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()


def test_favicon_is_the_services_own_icon_at_the_address_clients_ask_for(client, db):
    """/favicon.ico answers without signing in, with the service's icon: not GOV.UK's crown,
    which a council service may not use; every page links to the same icon."""
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    icon = response.content
    assert icon.startswith(b"\x00\x00\x01\x00")  # an .ico file
    crown = settings.BASE_DIR / "node_modules/govuk-frontend/dist/govuk/assets/images"
    assert icon != (crown / "favicon.ico").read_bytes()
    page = client.get("/accessibility/").content.decode()
    assert "govuk/assets/images/favicon" not in page
    assert "images/favicon.svg" in page
