"""Property-based tests of every form in the service: random text, huge strings, odd Unicode,
wrong types, dates far in the past or future. Never a 5xx; a refused form says what is wrong;
a refused write leaves the database exactly as it was (a dump compared before and after)."""

import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.hardening.dump import database_dump

# url name, kwargs key in the world fixture, who submits it (someone allowed to)
FORMS = [
    ("password_change", None, "lead_a"),
    ("inspections:create", None, "admin_a"),
    ("inspections:edit", "inspection", "admin_a"),
    ("inspections:edit-judgements", "inspection", "admin_a"),
    ("improvement:programme-create", "la", "admin_a"),
    ("improvement:programme-edit", "programme", "admin_a"),
    ("improvement:theme-create", "programme", "admin_a"),
    ("improvement:theme-edit", "theme", "lead_a"),
    ("improvement:theme-rag", "theme", "lead_a"),
    ("improvement:update-create", "theme", "lead_a"),
    ("improvement:achievement-create", "theme_pk", "lead_a"),
    ("improvement:achievement-edit", "achievement", "lead_a"),
    ("improvement:next-step-create", "theme_pk", "lead_a"),
    ("improvement:next-step-edit", "next_step", "lead_a"),
    ("improvement:next-step-complete", "next_step", "lead_a"),
    ("improvement:build-rota", "programme", "admin_a"),
    ("improvement:meeting-create", "programme_pk", "admin_a"),
    ("improvement:meeting-edit", "meeting", "admin_a"),
    ("improvement:evidence-create", "programme_pk", "admin_a"),
    ("improvement:evidence-edit", "evidence", "admin_a"),
    ("workforce:observation-create", "la", "lead_a"),
    ("workforce:observation-update", "observation", "lead_a"),
    ("workforce:metric-create", None, "admin_a"),
    ("indicators:local-create", "la", "lead_a"),
    ("indicators:target-create", "la", "admin_a"),
    ("indicators:scorecard-edit", "la", "admin_a"),
    ("scrutiny:paper-create", "la", "admin_a"),
    ("core:user-invite", "la", "admin_a"),
    ("core:user-roles", "member", "admin_a"),
]
# Examples per test: the hypothesis profile's (tests/conftest.py): few by default, many in CI.
FUZZ = hypothesis_settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
INPUT = re.compile(r"<input\b[^>]*>", re.S)
ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')
SELECT = re.compile(r'<select\b[^>]*name="([^"]+)"[^>]*>(.*?)</select>', re.S)
OPTION = re.compile(r'<option\b[^>]*value="([^"]*)"')
TEXTAREA = re.compile(r'<textarea\b[^>]*name="([^"]+)"')


def form_fields(html):
    """The fields of the page's main form: name -> (type, the values offered, current value)."""
    fields = {}
    for tag in INPUT.findall(html):
        attrs = dict(ATTR.findall(tag))
        name, kind = attrs.get("name"), attrs.get("type", "text")
        if not name or name == "csrfmiddlewaretoken" or kind in ("submit", "button"):
            continue
        entry = fields.setdefault(name, [kind, [], attrs.get("value", "")])
        if kind in ("radio", "checkbox"):
            entry[1].append(attrs.get("value", "on"))
    for name, body in SELECT.findall(html):
        fields[name] = ["select", OPTION.findall(body), ""]
    for name in TEXTAREA.findall(html):
        fields[name] = ["textarea", [], ""]
    return fields


WEIRD_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=30),
    st.just("x" * 100_000),
    st.sampled_from(
        [
            "",
            " ",
            "\u202e\u0000evil",
            "<script>alert(1)</script>",
            "💥" * 50,
            "Robert'); DROP TABLE core_user;--",
            "-1",
            "1e309",
            "NaN",
            "0x1F",
            # Control characters and NUL (they break the Word paper and PostgreSQL text).
            "\x00",
            "before\x00after",
            "\x1b[31mred",
            "back\x08space\x01",
            "form\x0cfeed\x0bvertical",
            "\x7fdelete",
            "\ufffe\uffff",
            "one line\r\nanother",
        ]
    ),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), min_size=1, max_size=10),
)
WEIRD_NUMBER = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
WEIRD_DATE = st.one_of(
    st.dates().map(lambda d: f"{d:%Y-%m-%d}"),
    st.dates().map(lambda d: f"{d.day}/{d.month}/{d.year}"),
    st.sampled_from(["31/02/2020", "0/0/0", "2020-13-45", "tomorrow", "99999-01-01"]),
)


@st.composite
def submission(draw, fields):
    data = {}
    for name, (kind, options, current) in fields.items():
        if kind == "hidden":
            data[name] = draw(st.one_of(st.just(current), WEIRD_TEXT, WEIRD_NUMBER))
        elif kind == "file":
            continue
        elif kind in ("radio", "select"):
            data[name] = draw(st.one_of(st.sampled_from(options or [""]), WEIRD_TEXT))
        elif kind == "checkbox":
            data[name] = draw(st.lists(st.one_of(st.sampled_from(options), WEIRD_TEXT)))
        else:
            data[name] = draw(st.one_of(WEIRD_TEXT, WEIRD_NUMBER, WEIRD_DATE))
    return data


@pytest.mark.parametrize(("url_name", "key", "visitor"), FORMS)
def test_form_survives_hostile_input(db, client, world, url_name, key, visitor):
    people, objects = world
    url = reverse(url_name, kwargs=objects[key] if key else None)
    client.force_login(people[visitor])
    page = client.get(url)
    assert page.status_code == 200
    fields = form_fields(page.content.decode())
    assert fields, f"no form fields found on {url}"

    @FUZZ
    @given(data=submission(fields))
    def post(data):
        before = database_dump()
        response = client.post(url, data)
        assert response.status_code < 500
        if response.status_code == 200:
            html = response.content.decode()
            assert "There is a problem" in html or "govuk-error-message" in html, (
                "a refused form must say what is wrong"
            )
            assert database_dump() == before, "a refused form must change nothing"
        client.force_login(people[visitor])  # a password change may end the session

    post()
