"""The accessibility details an independent crawl found, each checked where it was found: targets,
landmarks, names, focus after saving or a mistake, the menu on a phone, link text, chart labels
and tag colours. (That a page of each kind passes axe's best-practice rules at both widths is
checked by the crawl of every page.)"""

import re

import pytest
from playwright.sync_api import expect

from core.models import LocalAuthority
from improvement.models import Achievement, BoardMeeting, NextStep, Theme
from tests.browser.conftest import axe_violations
from tests.browser.test_accessibility_everywhere import council  # noqa: F401 (the fixture)

LA = "/local-authorities/311"
NARROW = {"width": 320, "height": 720}
WIDE = {"width": 1280, "height": 900}
LONG_NAME = "Royal Borough of Windsor and Maidenhead"


def axe_rules(axe, page, *rules):
    """Violations of these axe rules on the page, as "rule: element" strings."""
    violations = axe_violations(axe, page, {"runOnly": {"type": "rule", "values": rules}})
    return [f"{v['id']}: {' '.join(node['target'])}" for v in violations for node in v["nodes"]]


@pytest.fixture
def users(request):
    """The crawl's council (Havering, a year of improvement work) and its users by role."""
    return request.getfixturevalue("council")


@pytest.fixture
def lead(users):
    return users["improvement lead"]


def test_breadcrumb_links_are_big_enough_to_tap_at_320px_even_with_a_long_council_name(
    page, live_server, users, sign_in, axe, lead
):
    LocalAuthority.objects.filter(dfe_code="311").update(name=LONG_NAME)
    sign_in(page, lead)
    page.set_viewport_size(NARROW)
    for path in ["committee-papers/", "committee-papers/new/", "workforce/", "summary/"]:
        page.goto(f"{live_server.url}{LA}/{path}")
        expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text(LONG_NAME)
        assert axe_rules(axe, page, "target-size") == [], path
        for box in page.locator(".govuk-breadcrumbs__link").evaluate_all(
            "links => links.map((a) => a.getBoundingClientRect().height)"
        ):
            assert box >= 24, (path, box)


def test_the_phase_banner_and_back_link_are_inside_landmarks(
    page, live_server, users, sign_in, axe
):
    sign_in(page, users["improvement lead"])
    theme = Theme.objects.get(title="Supervision")
    for path in ["/", f"/themes/{theme.pk}/updates/new/"]:
        page.goto(f"{live_server.url}{path}")
        assert axe_rules(axe, page, "region") == [], path
    # In the header, as GOV.UK's template has it before <main>: the skip link passes it.
    expect(page.get_by_role("banner").locator(".govuk-back-link")).to_have_text("Back")
    expect(page.get_by_role("banner")).to_contain_text("This is a new service")


def test_the_board_packs_tables_have_names_of_their_own(page, live_server, users, sign_in, axe):
    sign_in(page, users["scrutiny member"])
    meeting = BoardMeeting.objects.filter(themes__isnull=False).distinct().first()
    page.goto(f"{live_server.url}/board-meetings/{meeting.pk}/")
    assert axe_rules(axe, page, "landmark-unique") == []
    for theme in meeting.themes.all():
        expect(
            page.get_by_role("region", name=f"{theme.title}: achievements so far and next steps")
        ).to_be_visible()


def test_the_paper_forms_error_summary_takes_the_focus_after_using_the_skip_link(
    page, live_server, users, sign_in, lead
):
    sign_in(page, lead)
    page.goto(f"{live_server.url}{LA}/committee-papers/new/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("#main-content$"))
    form = page.locator("#paper-form")
    assert form.get_attribute("action") == f"{LA}/committee-papers/new/"
    form.locator("textarea, input[type=text]").evaluate_all(
        "fields => fields.forEach((f) => { f.value = ''; })"
    )
    page.get_by_role("button", name="Preview the paper").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert "#" not in page.url
    page.wait_for_function(
        "() => document.querySelector('.govuk-error-summary').contains(document.activeElement)"
    )


def test_after_saving_the_success_banner_is_at_the_top_and_has_the_focus(
    page, live_server, users, sign_in, lead
):
    sign_in(page, lead)
    theme = Theme.objects.get(title="Supervision")
    step = NextStep.objects.filter(theme=theme).first()
    achievement = Achievement.objects.filter(theme=theme).first()
    for what, path in [
        ("next step", f"/next-steps/{step.pk}/edit/"),
        ("achievement", f"/achievements/{achievement.pk}/edit/"),
        ("update", f"/themes/{theme.pk}/updates/new/"),
    ]:
        page.goto(f"{live_server.url}{path}")
        if what == "update":
            page.locator("main textarea").first.fill("Supervision audits are under way.")
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url(re.compile(rf"/themes/{theme.pk}/$"))
        banner = page.locator(".govuk-notification-banner--success")
        expect(banner).to_have_attribute("role", "alert")
        page.wait_for_function(
            "() => document.activeElement.classList.contains('govuk-notification-banner')"
        )
        assert page.evaluate(
            "() => { const banner = document.querySelector('.govuk-notification-banner');"
            " const r = banner.getBoundingClientRect();"
            " return r.top >= 0 && r.bottom <= window.innerHeight; }"
        ), what
        assert page.evaluate(
            "() => document.querySelector('main .govuk-notification-banner')"
            " === document.querySelector('main :is(.govuk-notification-banner, h1)')"
        ), what


def test_on_a_phone_the_navigation_folds_behind_a_menu_button(page, live_server, users, sign_in):
    sign_in(page, users["improvement lead"])
    page.set_viewport_size(NARROW)
    page.goto(f"{live_server.url}/")
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#navigation")).to_be_hidden()
    menu.click()
    expect(page.locator("#navigation")).to_be_visible()
    expect(page.locator("#navigation").get_by_role("link", name="Home")).to_be_visible()
    page.set_viewport_size(WIDE)
    expect(menu).to_be_hidden()
    expect(page.locator("#navigation")).to_be_visible()


def test_without_javascript_the_navigation_is_shown_on_a_phone(
    browser, live_server, users, sign_in
):
    context = browser.new_context(java_script_enabled=False, viewport=NARROW)
    page = context.new_page()
    sign_in(page, users["improvement lead"])
    page.goto(f"{live_server.url}/")
    expect(page.locator("#navigation").get_by_role("link", name="Home")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    context.close()


def test_links_on_the_summary_say_where_they_go_out_of_context(page, live_server, users, sign_in):
    sign_in(page, users["scrutiny member"])
    page.goto(f"{live_server.url}{LA}/summary/")
    links = page.locator("main a[href]").evaluate_all(
        "links => links.map((a) => [a.textContent.trim().replace(/\\s+/g, ' '),"
        " a.getAttribute('href').split('#')[0]])"
    )
    destinations: dict[str, set[str]] = {}
    for name, href in links:
        destinations.setdefault(name, set()).add(href)
    same_words = {name: hrefs for name, hrefs in destinations.items() if len(hrefs) > 1}
    assert same_words == {}
    assert any(
        re.fullmatch(r"\d{1,2} \w+ \d{4}: latest update on Supervision", name) for name, _ in links
    ), links


CHART_LABEL_SIZES = """() => [...document.querySelectorAll('main svg text')]
  .filter((t) => t.getClientRects().length)
  .map((t) => parseFloat(getComputedStyle(t).fontSize) * t.closest('svg').getScreenCTM().a)"""


def test_chart_labels_are_at_least_9pt_at_every_width(page, live_server, users, sign_in):
    sign_in(page, users["scrutiny member"])
    for path in ["workforce/", "summary/"]:
        page.goto(f"{live_server.url}{LA}/{path}")
        for width in [320, 400, 641, 800, 1280]:
            page.set_viewport_size({"width": width, "height": 900})
            sizes = page.evaluate(CHART_LABEL_SIZES)
            assert sizes, path
            assert min(sizes) >= 12, (path, width, min(sizes))


TAG_CONTRASTS = """(classes) => {
  const luminance = (colour) => {
    const [r, g, b] = colour.match(/\\d+/g).slice(0, 3).map((c) => {
      const v = Number(c) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  return classes.map((names) => {
    const tag = document.createElement('strong');
    tag.className = names;
    tag.textContent = 'Tag';
    document.querySelector('main').append(tag);
    const style = getComputedStyle(tag);
    const [a, b] = [luminance(style.borderLeftColor), luminance(style.backgroundColor)];
    return [names, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
  });
}"""


def test_rag_and_grade_tags_colour_bars_stand_out_from_their_background(
    page, live_server, users, sign_in
):
    sign_in(page, users["scrutiny member"])
    page.goto(f"{live_server.url}/")
    classes = [f"app-rag app-rag--{status}" for status in Theme.Rag.values + ["complete"]]
    classes += ["app-grade"] + [f"app-grade app-grade--{code}" for code in range(1, 5)]
    classes += [f"govuk-tag app-rag app-rag--{rag}" for rag in ["red", "amber", "green"]]
    contrasts = dict(page.evaluate(TAG_CONTRASTS, classes))
    assert {names: round(ratio, 2) for names, ratio in contrasts.items() if ratio < 3} == {}
