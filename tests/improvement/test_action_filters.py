"""Filtering, sorting and downloading the tables of actions: My work, a programme's next steps
and the exception report share one filter."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from improvement import plan
from improvement.filters import ActionFilter
from improvement.models import NextStep
from improvement.plan import with_plan
from tests import factories
from tests.conftest import module_scoped_sizes
from tests.improvement.factories import NextStepFactory, ProgrammeFactory, ThemeFactory

TODAY = timezone.localdate()
Status = NextStep.Status


def days(n):
    return TODAY + datetime.timedelta(days=n)


def step(theme, due, **fields):
    made = NextStepFactory(theme=theme, due_date=due, **fields)
    made.full_clean()
    made.save()
    return made


def date_params(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def labels(response, table_id):
    """The action labels in the page's table, in order."""
    html = response.text
    start = html.index(f'id="{table_id}"')
    body = html[start : html.index("</table>", start)]
    return [
        step.label for step in response.context["steps"] if f">{escape(step.label)}</a>" in body
    ]


def read_csv(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def plan_steps(theme, other_theme, lead, other_lead):
    """On `theme` (led by lead): a Red overdue step, an Amber step, a Green step; one named
    officer's step; and one on `other_theme` that lead owns."""
    return {
        "late": step(theme, days(-5), label="Late audit", owner=lead, status=Status.IN_PROGRESS),
        "risk": step(theme, days(40), label="Risky plan", owner=lead, status=Status.AT_RISK),
        "fine": step(
            theme, days(90), label="Fine work", owner=other_lead, status=Status.IN_PROGRESS
        ),
        "named": step(
            theme,
            days(60),
            label="Named officer's",
            owner_name="Pat Jones",
            owner_role="Head of service",
            status=Status.IN_PROGRESS,
        ),
        "elsewhere": step(
            other_theme, days(-1), label="Other theme", owner=lead, status=Status.SLIPPED
        ),
    }


def my_work(client, **params):
    return client.get(reverse("improvement:my-work"), params)


# --------------------------------------------------------------------------------------------
# Filtering


def test_my_work_filters_by_status_rag_owner_theme_and_dates(
    client, lead, other_lead, theme, other_theme, plan_steps
):
    client.force_login(lead)
    assert labels(my_work(client), "my-next-steps") == [
        "Late audit",
        "Other theme",
        "Risky plan",
        "Named officer's",
        "Fine work",
    ]
    assert labels(my_work(client, status="at_risk"), "my-next-steps") == ["Risky plan"]
    assert labels(my_work(client, rag="red"), "my-next-steps") == ["Late audit", "Other theme"]
    assert labels(my_work(client, rag="amber"), "my-next-steps") == ["Risky plan"]
    assert labels(my_work(client, owner=f"user:{other_lead.pk}"), "my-next-steps") == ["Fine work"]
    assert labels(my_work(client, owner="named:Pat Jones"), "my-next-steps") == ["Named officer's"]
    assert labels(my_work(client, theme=other_theme.pk), "my-next-steps") == ["Other theme"]
    within = {**date_params("due_after", days(0)), **date_params("due_before", days(60))}
    assert labels(my_work(client, **within), "my-next-steps") == ["Risky plan", "Named officer's"]
    assert labels(my_work(client, overdue="on"), "my-next-steps") == ["Late audit", "Other theme"]
    both = my_work(client, overdue="on", rag="red", theme=theme.pk)
    assert labels(both, "my-next-steps") == ["Late audit"]
    assert "1 next step shown" in both.text


def test_rag_is_filtered_in_the_database(theme, lead, plan_steps):
    queryset = with_plan(NextStep.objects.filter(theme=theme))
    filtered = ActionFilter({"rag": "green"}, queryset=queryset).qs
    assert "CASE" in str(filtered.query).split("WHERE", 1)[1]
    assert sorted(filtered.values_list("label", flat=True)) == ["Fine work", "Named officer's"]


def test_owner_choices_are_the_rows_people_and_named_officers(client, lead, other_lead, plan_steps):
    client.force_login(lead)
    form = my_work(client).context["filter"].form
    expected = [
        (f"user:{other_lead.pk}", str(other_lead)),
        (f"user:{lead.pk}", str(lead)),
        ("named:Pat Jones", "Pat Jones, Head of service"),
    ]
    assert list(form.fields["owner"].choices)[1:] == sorted(
        expected, key=lambda choice: choice[1].lower()
    )


def test_the_choices_list_only_the_councils_themes_and_people(
    client, lead, theme, other_theme, plan_steps, outsider_programme, outsider
):
    outsiders_theme = ThemeFactory(programme=outsider_programme, title="Barnet's own theme")
    step(outsiders_theme, days(-3), label="Barnet's step", owner=outsider)
    client.force_login(lead)
    for response in (
        my_work(client),
        client.get(reverse("improvement:next-step-list", args=[theme.programme.pk])),
    ):
        assert "Barnet's own theme" not in response.text
        assert str(outsider) not in response.text
        assert "Barnet's step" not in response.text


def test_another_councils_theme_in_the_query_is_refused_with_a_message(
    client, lead, theme, plan_steps, outsider_programme
):
    outsiders_theme = ThemeFactory(programme=outsider_programme, title="Barnet's own theme")
    step(outsiders_theme, days(-3), label="Barnet's step")
    client.force_login(lead)
    url = reverse("improvement:next-step-list", args=[theme.programme.pk])
    response = client.get(url, {"theme": outsiders_theme.pk})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Select a theme from the list" in response.text
    assert "Barnet" not in response.text
    assert len(response.context["steps"]) == 5  # unfiltered: the bad value is ignored
    rows = read_csv(client.get(url, {"theme": outsiders_theme.pk, "format": "csv"}))
    assert "Barnet's step" not in {row["Action"] for row in rows}


def test_another_council_cannot_see_or_download_the_programmes_actions(
    client, outsider, programme, plan_steps
):
    client.force_login(outsider)
    for name in ("next-step-list", "exception-report"):
        url = reverse(f"improvement:{name}", args=[programme.pk])
        assert client.get(url).status_code == 404
        assert client.get(url, {"format": "csv"}).status_code == 404
    mine = client.get(reverse("improvement:my-work"), {"format": "csv"})
    assert read_csv(mine) == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "banana"}, "Select a status from the list"),
        ({"rag": "purple"}, "Select a RAG rating from the list"),
        ({"owner": "user:999999"}, "Select an owner from the list"),
        ({"theme": "banana"}, "Select a theme from the list"),
        ({"sort": "colour"}, "Sort by one of the table's columns"),
        ({"due_after_0": "31", "due_after_1": "2", "due_after_2": "2025"}, "Enter a real date"),
        ({"due_before_0": "1", "due_before_1": "1", "due_before_2": "25"}, "year as 4 digits"),
    ],
)
def test_a_bad_filter_value_is_a_govuk_message_and_the_other_filters_still_apply(
    client, lead, plan_steps, params, message
):
    client.force_login(lead)
    other_filter = {"status": "at_risk"} if "rag" in params else {"rag": "amber"}
    response = my_work(client, **other_filter, **params)
    assert response.status_code == 200
    assert "<title>Error: My work" in response.text
    assert "There is a problem" in response.text
    assert escape(message) in response.text
    assert "is not one of the available choices" not in response.text
    assert labels(response, "my-next-steps") == ["Risky plan"]


def test_the_exception_report_filters_and_sorts(client, lead, programme, theme, plan_steps):
    client.force_login(lead)
    url = reverse("improvement:exception-report", args=[programme.pk])
    assert labels(client.get(url), "exceptions") == ["Late audit", "Other theme"]
    assert labels(client.get(url, {"status": "slipped"}), "exceptions") == ["Other theme"]
    assert labels(client.get(url, {"theme": theme.pk}), "exceptions") == ["Late audit"]
    assert labels(client.get(url, {"sort": "-due"}), "exceptions") == ["Other theme", "Late audit"]
    empty = client.get(url, {"rag": "green"})
    assert "No action in the report matches these filters." in empty.text


def test_dates_the_wrong_way_round_are_a_message_and_the_first_date_still_applies(
    client, lead, plan_steps
):
    client.force_login(lead)
    params = {**date_params("due_after", days(50)), **date_params("due_before", days(10))}
    response = my_work(client, **params)
    assert escape("The ‘due on or before’ date must be the same as or after") in response.text
    assert labels(response, "my-next-steps") == ["Named officer's", "Fine work"]


# --------------------------------------------------------------------------------------------
# Sorting


def test_sorting_by_a_column_marks_it_and_keeps_the_filters(client, lead, programme, plan_steps):
    client.force_login(lead)
    url = reverse("improvement:next-step-list", args=[programme.pk])
    response = client.get(url, {"status": "in_progress", "sort": "-due"})
    assert labels(response, "next-steps") == ["Fine work", "Named officer's", "Late audit"]
    assert response.text.count("aria-sort=") == 1
    assert 'aria-sort="descending"' in response.text
    due = next(h for h in response.context["headers"] if h["sort"] == "due")
    assert due["aria_sort"] == "descending"
    assert due["url"] == "?status=in_progress&sort=due"
    owner = next(h for h in response.context["headers"] if h["sort"] == "owner")
    assert owner["url"] == "?status=in_progress&sort=owner"
    assert '<input type="hidden" name="sort" value="-due">' in response.text
    by_owner = client.get(url, {"sort": "owner"})
    owners = [plan.owner_label(step) for step in by_owner.context["steps"]]
    assert owners == sorted(owners, key=str.lower)
    by_rag = client.get(url, {"sort": "rag"})
    assert labels(by_rag, "next-steps")[:2] == ["Late audit", "Other theme"]


# --------------------------------------------------------------------------------------------
# Downloads: exactly the rows shown


PAGES = {
    "my-work": ("my-next-steps", lambda programme: reverse("improvement:my-work")),
    "next-step-list": (
        "next-steps",
        lambda programme: reverse("improvement:next-step-list", args=[programme.pk]),
    ),
    "exception-report": (
        "exceptions",
        lambda programme: reverse("improvement:exception-report", args=[programme.pk]),
    ),
}


@pytest.mark.parametrize("page", PAGES)
def test_the_download_has_the_rows_shown_in_order_with_the_tables_columns_and_ids(
    client, lead, programme, theme, plan_steps, page
):
    table_id, url_of = PAGES[page]
    client.force_login(lead)
    url = url_of(programme)
    params = {"overdue": "on", "sort": "-due"}
    shown = client.get(url, params)
    headings = [header["heading"] for header in shown.context["headers"]]
    rows = read_csv(client.get(url, {**params, "format": "csv"}))
    assert list(rows[0]) == ["Action id", "Theme id", *headings]
    assert (
        [row["Action"] for row in rows]
        == labels(shown, table_id)
        == [
            "Other theme",
            "Late audit",
        ]
    )
    late = plan_steps["late"]
    row = rows[1]
    assert (row["Action id"], row["Theme id"]) == (str(late.pk), str(late.theme_id))
    assert row["Due"] == days(-5).isoformat()
    assert row["RAG"] == "Red"
    assert row["Owner"] == str(lead)
    workbook = client.get(url, {**params, "format": "xlsx"})
    assert workbook["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    values = list(sheet.values)
    assert list(values[0]) == ["Action id", "Theme id", *headings]
    assert [row[0] for row in values[1:]] == [plan_steps["elsewhere"].pk, late.pk]


def test_the_page_links_to_downloads_of_what_it_shows(client, lead, plan_steps):
    client.force_login(lead)
    response = my_work(client, rag="red")
    assert 'href="?rag=red&amp;format=csv"' in response.text
    assert 'href="?rag=red&amp;format=xlsx"' in response.text


# --------------------------------------------------------------------------------------------
# Queries do not grow


def _fill(programme, lead, n):
    named = factories.improvement_lead(
        username=f"officer-{n}", local_authority=programme.local_authority
    )
    for i in range(n):
        theme = ThemeFactory(programme=programme, leads=[lead])
        step(theme, days(i - 3), owner=lead, status=Status.IN_PROGRESS)
        step(theme, days(i + 3), owner=named, status=Status.AT_RISK)
        step(theme, days(-i - 1), owner_name=f"Officer {i}", status=Status.SLIPPED)
    return theme


SIZES = [2, 15]


@pytest.fixture(scope="module")
def filled(django_db_setup, django_db_blocker):
    """For each size, a council of its own with a lead and a programme filled at that size:
    built once for the module (the pages only read them) and rolled back after it."""

    def build(n):
        council = factories.LocalAuthorityFactory()
        lead = factories.improvement_lead(username=f"lead-{n}", local_authority=council)
        programme = ProgrammeFactory(local_authority=council, start_date=days(-400))
        return (lead, programme, _fill(programme, lead, n))

    yield from module_scoped_sizes(django_db_blocker, SIZES, build)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize(
    ("page", "limit"),
    [("my-work", 13), ("next-step-list", 12), ("exception-report", 17)],
)
def test_filtered_pages_take_a_fixed_number_of_queries(
    db, client, filled, django_assert_max_num_queries, n, page, limit
):
    lead, programme, theme = filled[n]
    client.force_login(lead)
    url = PAGES[page][1](programme)
    params = {
        "rag": "red",
        "overdue": "on",
        "theme": theme.pk,
        "owner": f"user:{lead.pk}",
        "sort": "-owner",
        **date_params("due_after", days(-100)),
    }
    for extra in ({}, {"format": "csv"}):
        with django_assert_max_num_queries(limit):
            response = client.get(url, {**params, **extra})
        assert response.status_code == 200
