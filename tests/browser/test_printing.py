"""The summary for scrutiny printed on A4 as a committee member would: at most four pages, each
with the council, the title, the date printed and "Page N of M"; the key figures on paper."""

import io
import re

from pypdf import PdfReader

from tests import factories
from tests.browser.test_scrutiny_journeys import havering  # noqa: F401 - the demo council
from tests.indicators import factories as indicator_factories

MAX_PAGES = 4


def test_the_summary_prints_on_at_most_four_a4_pages_with_margins_on_every_page(
    page,
    live_server,
    havering,  # noqa: F811
    sign_in,
):
    # A scorecard of six key indicators, one with a target, as a council would choose.
    for order in range(1, 7):
        measure = indicator_factories.MeasureFactory(code=f"M{order}", name=f"Key measure {order}")
        indicator_factories.ValueFactory(measure=measure, local_authority=havering)
        indicator_factories.key_indicator(
            havering, measure, order, target="60" if order == 6 else None
        )
    member = factories.scrutiny_member(local_authority=havering)
    sign_in(page, member)
    page.goto(f"{live_server.url}/local-authorities/311/summary/")

    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
    pages = [" ".join(p.extract_text().split()) for p in pdf.pages]
    text = " ".join(pages)

    assert len(pages) <= MAX_PAGES, f"{len(pages)} pages"
    for number, page_text in enumerate(pages, start=1):
        assert "London Borough of Havering" in page_text
        assert "Summary for scrutiny" in page_text
        assert re.search(r"Printed \d{1,2} \w+ \d{4}", page_text)
        assert f"Page {number} of {len(pages)}" in page_text
    # The figures members discuss are on paper; controls are not.
    assert "Pathway Planning and Transitions to Adulthood" in text
    assert "26.0%" in text
    assert "Requires improvement to be good" in text
    assert "of actions complete" in text
    assert "Exception report" in text
    assert "Key measure 6" in text
    assert "10 points short of the 60% target" in text
    assert "Print this page" not in text
    assert "Show the figures" not in text
    # The width is A4's (595 points), not US Letter's (612).
    assert round(float(pdf.pages[0].mediabox.width)) == 595
