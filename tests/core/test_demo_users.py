"""The demo users `make run` creates: one per role, all signing in with the published password."""

from core.demo import DEMO_PASSWORD, DEMO_USERS, create_demo_users


def test_every_demo_user_signs_in_with_the_demo_password_each_time_it_is_loaded(
    client, imported_local_authorities
):
    for _ in range(2):  # a second `make run` loads them again
        users = create_demo_users()
        assert [user.username for user in users] == [row[0] for row in DEMO_USERS]
        for user in users:
            for password, signed_in in [(DEMO_PASSWORD + "x", False), (DEMO_PASSWORD, True)]:
                client.post("/accounts/login/", {"username": user.username, "password": password})
                assert client.get("/").wsgi_request.user.is_authenticated is signed_in, user
            client.logout()
