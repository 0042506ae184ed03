"""The cached page content: fresh after any write to what it shows, per reader, and with the
reader's own CSRF token in its forms."""

import pytest
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory

from core.models import LocalAuthority, User
from core.roles import Role
from core.users import services as user_services
from core.versioning import bump_council, bump_national
from tests import factories

TEMPLATE = Template(
    "{% load page_cache %}{% cache_content 'probe' local_authority=la %}"
    "{{ counter.next }}<form method='post'>{% csrf_token %}</form>{% endcache_content %}"
)


class Counter:
    def __init__(self):
        self.calls = 0

    def next(self):
        self.calls += 1
        return f"render {self.calls}"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def render(la, user, counter, path="/probe/", method="get"):
    request = getattr(RequestFactory(), method)(path)
    request.user = user
    token = get_token(request)
    la.refresh_from_db()
    html = TEMPLATE.render(
        Context({"la": la, "request": request, "counter": counter, "csrf_token": token})
    )
    return html, token


def test_content_is_rendered_once_until_the_council_or_the_nation_changes(local_authority):
    user = factories.improvement_lead(local_authority=local_authority)
    counter = Counter()
    first, _ = render(local_authority, user, counter)
    again, _ = render(local_authority, user, counter)
    assert "render 1" in first
    assert "render 1" in again
    bump_council(local_authority)
    assert "render 2" in render(local_authority, user, counter)[0]
    bump_national()
    assert "render 3" in render(local_authority, user, counter)[0]
    assert "render 4" in render(local_authority, user, counter, path="/probe/?page=2")[0]


def test_each_reader_has_their_own_content_and_their_own_csrf_token(local_authority):
    lead = factories.improvement_lead(local_authority=local_authority)
    member = factories.scrutiny_member(local_authority=local_authority)
    counter = Counter()
    lead_html, lead_token = render(local_authority, lead, counter)
    member_html, member_token = render(local_authority, member, counter)
    assert "render 1" in lead_html
    assert "render 2" in member_html
    again, fresh_token = render(local_authority, lead, counter)
    assert "render 1" in again
    assert f'value="{fresh_token}"' in again
    assert f'value="{lead_token}"' not in again
    assert f'value="{member_token}"' not in again


def test_a_page_rendered_in_answer_to_a_post_is_never_read_from_nor_kept_in_the_cache(
    local_authority,
):
    user = factories.improvement_lead(local_authority=local_authority)
    counter = Counter()
    assert "render 1" in render(local_authority, user, counter)[0]
    assert "render 2" in render(local_authority, user, counter, method="post")[0]
    assert "render 3" in render(local_authority, user, counter, method="post")[0]
    assert "render 1" in render(local_authority, user, counter)[0]


def test_a_readers_content_is_rendered_afresh_once_their_roles_change(local_authority):
    """Not only through their council's version (a platform administrator has no council to
    bump): their own account's version keys their content."""
    admin = factories.administrator(local_authority=local_authority)
    lead = factories.improvement_lead(local_authority=local_authority)
    counter = Counter()
    assert "render 1" in render(local_authority, lead, counter)[0]
    council_version = local_authority.data_version
    user_services.change_roles(
        member=lead, by=admin, roles=[Role.SCRUTINY_MEMBER], seen_version=lead.version
    )
    LocalAuthority.objects.filter(pk=local_authority.pk).update(data_version=council_version)
    assert "render 2" in render(local_authority, User.objects.get(pk=lead.pk), counter)[0]


def test_the_tag_refuses_options_it_does_not_know():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load page_cache %}{% cache_content 'x' user=1 %}{% endcache_content %}")
