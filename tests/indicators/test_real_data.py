"""The DfE's real indicators file, imported once for this module: figures picked at random from
the file are what the app stores and shows; England and region rows equal the file; the
neighbour average is the mean over the neighbours that have a figure."""

import csv
import gzip
import random
import re
from decimal import ROUND_HALF_UP, Decimal
from html import unescape

import pytest
from django.urls import reverse

from core.models import LocalAuthority, StatisticalNeighbour
from indicators import services
from indicators.importers import DEFAULT_VALUES, REGIONS, import_indicators
from indicators.models import Measure, Value
from tests.conftest import real_data_once
from tests.factories import improvement_lead


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    yield from real_data_once(django_db_blocker, import_indicators, [Value, Measure])


@pytest.fixture(scope="module")
def rows():
    with gzip.open(DEFAULT_VALUES, "rt", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def as_stored(text: str, measure: Measure):
    if text == "-":
        return None
    return Decimal(text).quantize(Decimal(1).scaleb(-measure.decimal_places), ROUND_HALF_UP)


def test_random_figures_are_the_files(db, imported, rows):
    measures = {m.code: m for m in Measure.objects.all()}
    councils = set(LocalAuthority.objects.values_list("dfe_code", flat=True))
    sample = random.Random(12).sample(rows, 300)
    checked = 0
    for row in sample:
        measure = measures[row["measure"]]
        area = {"measure": measure, "date": measure.period_end(int(row["year"]))}
        if row["la_number"] == "970":
            area["area_type"] = "national"
        elif row["la_number"] in REGIONS:
            area.update(area_type="regional", region_code=REGIONS[row["la_number"]])
        elif row["la_number"] in councils:
            area["local_authority__dfe_code"] = row["la_number"]
        else:
            continue
        assert Value.objects.get(**area).value == as_stored(row["value"], measure), row
        checked += 1
    assert checked > 250


def test_a_random_council_page_shows_the_files_figures(client, db, imported, rows):
    chooser = random.Random(7)
    councils = {la.dfe_code: la for la in LocalAuthority.objects.current()}
    candidates = [
        r for r in rows if r["la_number"] in councils and r["year"] == "2025" and r["value"] != "-"
    ]
    for row in chooser.sample(candidates, 3):
        la = councils[row["la_number"]]
        measure = Measure.objects.get(code=row["measure"])
        (summary,) = [
            s.summary
            for s in services.council_indicators(la, topic=measure.topic)
            if s.measure.pk == measure.pk
        ]
        latest = summary.figures[-1]
        assert latest.own.value == as_stored(row["value"], measure)
        neighbours = [
            link.neighbour.dfe_code
            for link in StatisticalNeighbour.objects.filter(local_authority=la)
        ]
        theirs = [
            as_stored(r["value"], measure)
            for r in rows
            if r["measure"] == row["measure"]
            and r["year"] == "2025"
            and r["la_number"] in neighbours
            and r["value"] != "-"
        ]
        if theirs:
            mean = (sum(theirs) / len(theirs)).quantize(
                Decimal(1).scaleb(-measure.decimal_places), ROUND_HALF_UP
            )
            assert latest.neighbours.value == mean
            assert latest.neighbours.coverage == f"{len(theirs)} of {len(neighbours)} neighbours"
        client.force_login(improvement_lead(local_authority=la))
        page = client.get(
            reverse("indicators:la-measure", kwargs={"dfe_code": la.dfe_code, "slug": measure.slug})
        )
        words = " ".join(unescape(re.sub(r"<[^>]+>", " ", page.content.decode())).split())
        assert f"2025 {measure.format_value(latest.own.value)}" in words


def test_havering_care_leavers_2019_is_58_by_the_dfes_count(db, imported):
    havering = LocalAuthority.objects.get(dfe_code="311")
    value = Value.objects.get(
        measure__code="CareLeaverEET", local_authority=havering, date__year=2019
    )
    assert value.display_value == "58%"
    assert value.period == "year ending 31 March 2019"


def test_demo_scorecard_has_havering_care_leavers_by_both_counts(client, db, imported, monkeypatch):
    """58% in the year ending 31 March 2019 by the DfE's count and 61% at March 2019 by the
    council's own, labelled local, as its November 2019 report says."""
    from indicators import demo
    from indicators.importers import ImportResult

    monkeypatch.setattr(demo, "import_indicators", lambda progress: ImportResult())
    demo.load()
    havering = LocalAuthority.objects.get(dfe_code="311")
    client.force_login(improvement_lead(local_authority=havering))

    def words(url):
        page = client.get(url).content.decode()
        return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())

    scorecard = words(reverse("indicators:scorecard", kwargs={"dfe_code": "311"}))
    assert "61% , local, unpublished, 31 March 2019" in scorecard
    measure = words(
        reverse("indicators:la-measure", kwargs={"dfe_code": "311", "slug": "careleavereet"})
    )
    assert "2019 58%" in measure
    assert "31 March 2019 61% (local, unpublished)" in measure
