"""A council's indicators, a measure's page, the national table, targets, local figures and
the scorecard, through the test client."""

import csv
import io
import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import LocalAuthority
from indicators import services
from indicators.models import ScorecardItem, Target, Value
from tests import factories
from tests.indicators.factories import MeasureFactory, ValueFactory, england, lower_measure, region


def text(response) -> str:
    """The page's words, without tags."""
    words = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r" ([,:])", r"\1", " ".join(unescape(words).split()))


@pytest.fixture
def eet(db):
    return MeasureFactory()


@pytest.fixture
def published(local_authority, eet):
    """Havering, two neighbours (one without a figure), England and London, 2024 and 2025."""
    for rank, (name, code, value) in enumerate([("Bexley", "303", "50"), ("Kent", "886", None)]):
        neighbour = factories.LocalAuthorityFactory(name=name, dfe_code=code)
        factories.StatisticalNeighbourFactory(
            local_authority=local_authority, neighbour=neighbour, rank=rank + 1
        )
        ValueFactory(measure=eet, local_authority=neighbour, value=value)
    ValueFactory(measure=eet, local_authority=local_authority, year=2024, value=Decimal("39"))
    ValueFactory(measure=eet, local_authority=local_authority, year=2025, value=Decimal("44"))
    england(eet, 2024, "54")
    england(eet, 2025, "54")
    region(eet, 2025, "57")
    return local_authority


def council_url(la, name="indicators:council", **kwargs):
    return reverse(name, kwargs={"dfe_code": la.dfe_code, **kwargs})


def test_council_page_gives_each_measure_beside_its_comparators_in_words(client, lead, published):
    client.force_login(lead)
    page = text(client.get(council_url(published) + "?topic=children-looked-after"))
    assert "year ending 31 March 2025 44% 54% 57% 50% 1 of 2 neighbours" in page
    assert "improving" in page
    assert (
        "In the year ending 31 March 2025, Havering's care leavers in education, employment or "
        "training, 44%, is below England's 54%." in page
    )
    assert "It is improving: 39% in the year ending 31 March 2024." in page
    # Two councils have a figure: Havering (44) is second of two, the worse half.
    assert "Band C 2 of 2" in page or "Band D 2 of 2" in page


def test_band_is_a_for_the_best_council_whichever_way_is_better(client, lead, local_authority):
    rereferral = lower_measure()
    ValueFactory(measure=rereferral, local_authority=local_authority, value=Decimal("12.0"))
    for code, value in [("901", "15"), ("902", "18"), ("903", "20")]:
        ValueFactory(
            measure=rereferral,
            local_authority=factories.LocalAuthorityFactory(dfe_code=code),
            value=Decimal(value),
        )
    (row,) = services.council_indicators(local_authority, topic="child-protection")
    assert (row.rank, row.ranked, row.band) == (1, 4, "A")


def test_measure_page_has_trend_table_csv_definition_and_source(client, lead, published, eet):
    client.force_login(lead)
    response = client.get(council_url(published, "indicators:la-measure", slug=eet.slug))
    page = text(response)
    assert "Year ending 31 March" in page
    assert "2025 44% 54% 57% 50% 1 of 2 neighbours" in page
    csv_url = council_url(published, "indicators:la-measure-csv", slug=eet.slug)
    assert csv_url in response.content.decode()
    rows = list(csv.reader(io.StringIO(client.get(csv_url).content.decode("utf-8-sig"))))
    assert rows[-1] == ["2025-03-31", "44", "54", "57", "50", "1 of 2", ""]
    definition = text(client.get(reverse("indicators:measure", kwargs={"slug": eet.slug})))
    assert eet.definition in definition
    assert eet.source_url in definition
    assert "Higher is better" in definition


def test_local_figures_are_labelled_private_and_never_compared(
    client, lead, outsider, published, eet
):
    services.record_local_value(
        local_authority=published, by=lead, measure=eet, date=date(2025, 6, 30), value=99
    )
    client.force_login(lead)
    council_page = text(client.get(council_url(published) + "?topic=children-looked-after"))
    assert "99%" not in council_page  # the published latest stays the DfE's 44%
    measure_page = text(client.get(council_url(published, "indicators:la-measure", slug=eet.slug)))
    assert "99% (local, unpublished)" in measure_page
    assert "2025 44% 54% 57% 50% 1 of 2 neighbours" in measure_page
    client.force_login(outsider)
    assert "99%" not in text(
        client.get(council_url(published, "indicators:la-measure", slug=eet.slug))
    )


def target_data(measure, value="60", tolerance="5", **extra):
    return {
        "measure": measure.pk,
        "value": value,
        "tolerance": tolerance,
        "better_direction": "",
        "applies_from_0": "1",
        "applies_from_1": "4",
        "applies_from_2": "2024",
        "applies_to_0": "31",
        "applies_to_1": "3",
        "applies_to_2": "2026",
        **extra,
    }


@pytest.mark.parametrize(
    ("target", "rag", "words"),
    [
        ("44", "Green", "on the 44% target"),
        ("49", "Amber", "5 points short of the 49% target"),
        ("50", "Red", "6 points short of the 50% target"),
    ],
)
def test_target_set_in_a_form_gives_rag_with_distance(
    client, lead, published, eet, target, rag, words
):
    client.force_login(lead)
    response = client.post(
        council_url(published, "indicators:target-create"), target_data(eet, target)
    )
    assert response.status_code == 302
    services.set_scorecard(local_authority=published, by=lead, measures=[eet])
    page = text(client.get(council_url(published, "indicators:scorecard")))
    assert f"{rag}: {words}" in page


@pytest.mark.parametrize(
    ("target", "rag", "words"),
    [
        ("16.3", "Green", "on the 16.3% target"),
        ("13.3", "Amber", "3.0 points over the 13.3% target"),
        ("13.2", "Red", "3.1 points over the 13.2% target"),
    ],
)
def test_a_lower_is_better_target_set_in_a_form_gives_rag_at_the_boundaries(
    client, lead, local_authority, target, rag, words
):
    rereferral = lower_measure()
    ValueFactory(measure=rereferral, local_authority=local_authority, value=Decimal("16.3"))
    client.force_login(lead)
    response = client.post(
        council_url(local_authority, "indicators:target-create"),
        target_data(rereferral, target, tolerance="3"),
    )
    assert response.status_code == 302
    services.set_scorecard(local_authority=local_authority, by=lead, measures=[rereferral])
    page = text(client.get(council_url(local_authority, "indicators:scorecard")))
    assert f"{rag}: {words}" in page


def test_polarity_is_the_dfes_unless_it_has_none(client, lead, published, eet):
    client.force_login(lead)
    response = client.post(
        council_url(published, "indicators:target-create"),
        target_data(eet, better_direction="lower"),
    )
    assert "cannot be changed" in text(response)
    neither = MeasureFactory(code="Count", better_direction="neither", kind="number")
    response = client.post(council_url(published, "indicators:target-create"), target_data(neither))
    assert "Choose whether higher or lower is better" in text(response)
    assert not Target.objects.exists()


@pytest.mark.parametrize(
    ("value", "day", "message"),
    [
        ("120", "2025-06-30", "Enter a percentage between 0 and 100."),
        ("-1", "2025-06-30", "figure that is 0 or more"),
        ("50", "2099-06-30", "The date must be today or in the past."),
    ],
)
def test_local_figure_is_validated(client, lead, published, eet, value, day, message):
    client.force_login(lead)
    year, month, dd = day.split("-")
    response = client.post(
        council_url(published, "indicators:local-create"),
        {"measure": eet.pk, "value": value, "date_0": dd, "date_1": month, "date_2": year},
    )
    assert message in text(response)
    assert not Value.objects.entered_locally().exists()


def test_a_local_figures_note_and_the_scorecard_refuse_control_characters_and_huge_text(
    client, admin_user, published, eet
):
    client.force_login(admin_user)
    response = client.post(
        council_url(published, "indicators:local-create"),
        {
            "measure": eet.pk,
            "value": "50",
            "date_0": "30",
            "date_1": "6",
            "date_2": "2025",
            "note": "From the \x1b[31mdashboard",
        },
    )
    assert "must not include hidden control characters" in text(response)
    assert not Value.objects.entered_locally().exists()
    response = client.post(
        council_url(published, "indicators:scorecard-edit"),
        {"measures": "CareLeaverEET\n" + "x" * 10_001},
    )
    assert "must be 10,000 characters or fewer" in text(response)
    assert not ScorecardItem.objects.filter(local_authority=published).exists()


def upload(content: str):
    return SimpleUploadedFile("figures.csv", content.encode(), content_type="text/csv")


def test_bad_local_csv_changes_nothing_and_names_the_line(client, lead, published, eet):
    client.force_login(lead)
    template = client.get(council_url(published, "indicators:local-template"))
    header = template.content.decode("utf-8-sig").splitlines()[0]
    assert header == "measure_code,measure_name,date,value,note"
    bad = header + "\nCareLeaverEET,EET,2025-05-31,61,\nCareLeaverEET,EET,2025-06-31,62,\n"
    response = client.post(council_url(published, "indicators:local-import"), {"file": upload(bad)})
    assert "Line 3: enter the date as year-month-day" in text(response)
    bad = header + "\nCareLeaverEET,EET,2025-05-31,61,\nCareLeaverEET,EET,2025-06-30,161,\n"
    response = client.post(council_url(published, "indicators:local-import"), {"file": upload(bad)})
    assert "Line 3: Enter a percentage between 0 and 100." in text(response)
    assert not Value.objects.entered_locally().exists()


def test_good_local_csv_shows_at_once_on_the_scorecard(client, lead, published, eet):
    services.set_scorecard(local_authority=published, by=lead, measures=[eet])
    client.force_login(lead)
    client.get(council_url(published, "indicators:scorecard"))  # fills any cache
    version = LocalAuthority.objects.get(pk=published.pk).data_version
    good = (
        "measure_code,date,value,note\n"
        "CareLeaverEET,2025-05-31,61,May\nCareLeaverEET,2025-06-30,63,June\n"
    )
    response = client.post(
        council_url(published, "indicators:local-import"), {"file": upload(good)}
    )
    assert response.status_code == 302
    assert LocalAuthority.objects.get(pk=published.pk).data_version > version
    page = text(client.get(council_url(published, "indicators:scorecard")))
    assert "63%, local, unpublished, 30 June 2025" in page
    assert "44%, DfE, year ending 31 March 2025" in page


def test_scorecard_is_chosen_and_ordered_by_an_administrator(
    client, admin_user, lead, published, eet
):
    rereferral = lower_measure()
    client.force_login(lead)
    assert client.get(council_url(published, "indicators:scorecard-edit")).status_code == 403
    client.force_login(admin_user)
    response = client.post(
        council_url(published, "indicators:scorecard-edit"),
        {"measures": "ReReferral\ncareleavereet\nnot-a-code"},
    )
    assert "These are not measure codes: not-a-code" in text(response)
    client.post(
        council_url(published, "indicators:scorecard-edit"),
        {"measures": "ReReferral\nCareLeaverEET"},
    )
    assert [i.measure for i in ScorecardItem.objects.filter(local_authority=published)] == [
        rereferral,
        eet,
    ]


def test_national_table_ranks_by_polarity_filters_by_region_and_downloads(client, lead, db):
    rereferral = lower_measure()
    for code, region_code, value in [
        ("901", "E12000007", "15"),
        ("902", "E12000001", "12"),
        ("903", "E12000007", "20"),
    ]:
        ValueFactory(
            measure=rereferral,
            local_authority=factories.LocalAuthorityFactory(
                dfe_code=code, name=f"Council {code}", region_code=region_code
            ),
            value=Decimal(value),
        )
    england(rereferral, 2025, "21.4")
    client.force_login(lead)
    url = reverse("indicators:national") + f"?metric={rereferral.slug}&year=2025"
    page = text(client.get(url))
    assert "1 Council 902" in page
    assert "2 Council 901" in page
    assert "England: 21.4%" in page
    in_london = text(client.get(url + "&region=E12000007"))
    assert "Council 902" not in in_london
    rows = list(
        csv.reader(io.StringIO(client.get(url + "&download=csv").content.decode("utf-8-sig")))
    )
    assert rows[1][:5] == ["1", "902", "Council 902", "London", "12.0"]


@pytest.mark.parametrize("years", [1, 8])
def test_pages_keep_a_fixed_number_of_queries(
    client, admin_user, local_authority, eet, django_assert_max_num_queries, years
):
    rereferral = lower_measure(topic="children-looked-after")
    for neighbour_rank in range(1, 4):
        neighbour = factories.LocalAuthorityFactory(dfe_code=f"{900 + neighbour_rank}")
        factories.StatisticalNeighbourFactory(
            local_authority=local_authority, neighbour=neighbour, rank=neighbour_rank
        )
        for year in range(2025 - years, 2025):
            ValueFactory(measure=eet, local_authority=neighbour, year=year + 1)
    for year in range(2025 - years, 2025):
        for measure in (eet, rereferral):
            ValueFactory(measure=measure, local_authority=local_authority, year=year + 1)
            england(measure, year + 1, "50")
            services.record_local_value(
                local_authority=local_authority,
                by=admin_user,
                measure=measure,
                date=date(year, 6, 30),
                value=Decimal(40),
            )
    services.set_scorecard(
        local_authority=local_authority, by=admin_user, measures=[eet, rereferral]
    )
    client.force_login(admin_user)
    for url, limit in [
        (council_url(local_authority) + "?topic=children-looked-after", 14),
        (council_url(local_authority, "indicators:scorecard"), 14),
        (council_url(local_authority, "indicators:la-measure", slug=eet.slug), 18),
        (reverse("indicators:national") + f"?metric={eet.slug}", 12),
        (council_url(local_authority, "indicators:target-create"), 10),
        (council_url(local_authority, "indicators:local-create"), 10),
        (council_url(local_authority, "indicators:local-import"), 10),
        (council_url(local_authority, "indicators:scorecard-edit"), 10),
    ]:
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200


def test_a_theme_links_to_its_measures_of_success(client, lead, scrutiny, published, eet):
    from tests.improvement.factories import ProgrammeFactory, ThemeFactory

    theme = ThemeFactory(programme=ProgrammeFactory(local_authority=published), leads=[lead])
    client.force_login(scrutiny)
    edit = reverse("indicators:theme-measures", kwargs={"theme_pk": theme.pk})
    assert client.get(edit).status_code == 403
    client.force_login(lead)
    response = client.post(edit, {"measures": "CareLeaverEET"})
    assert response.url == theme.get_absolute_url()
    client.force_login(scrutiny)
    page = text(client.get(theme.get_absolute_url()))
    assert "Measures of success" in page
    assert "Care leavers in education, employment or training (%) 44%, DfE" in page
