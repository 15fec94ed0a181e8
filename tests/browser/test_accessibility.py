"""axe-core (from the npm registry) on every public page; the compare controls by keyboard alone."""

import json

import pytest

from tests.browser.conftest import SHOTS

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    "/",
    "/districts/",
    "/districts/haidian/",
    "/districts/yizhuang/",
    "/districts/daxing/",
    "/compare/",
    "/indicators/",
    "/indicators/core-industries-revenue/",
    "/industries/",
    "/industries/artificial-intelligence/",
    "/sources/",
    "/sources/basss-report-2023/",
    "/data/",
    "/en/",
    "/en/districts/haidian/",
    "/en/compare/",
    "/coverage/",
    "/en/coverage/?topic=scale",
]


@pytest.fixture(scope="module")
def axe_page(browser, axe_source):
    # axe is injected as a script, which the site's CSP rightly forbids: only this audit
    # context bypasses it. The journeys run with the CSP enforced.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page, axe_source
    context.close()


RESULTS: dict[str, dict] = {}


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_no_critical_or_serious_accessibility_violation(axe_page, site, path):
    page, axe = axe_page
    page.goto(site.url + path)
    page.wait_for_load_state("load")
    page.add_script_tag(content=axe)
    result = page.evaluate(
        "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,"
        " help: v.help, target: v.nodes[0].target.join(' ')})); }"
    )
    counts = {
        impact: sum(1 for v in result if v["impact"] == impact)
        for impact in ("critical", "serious", "moderate", "minor")
    }
    RESULTS[path] = counts
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "axe-results.json").write_text(json.dumps(RESULTS, indent=2, ensure_ascii=False))
    print(f"\naxe {path}: {counts}")
    bad = [v for v in result if v["impact"] in ("critical", "serious")]
    assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)


def test_compare_controls_work_with_the_keyboard_alone(watched):
    page = watched.page
    watched.goto("/compare/")

    def tab_to(selector: str, limit: int = 80):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("input[name=regions][value=dongcheng]")
    page.keyboard.press("Space")
    tab_to("#id_topic")
    tab_to(".compare-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    watched.after_navigation()
    assert "dongcheng" in page.url
    assert "东城" in page.inner_text("table.compare.figures thead")
    tab_to("a[aria-label^='从比较中移除']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    watched.after_navigation()
    assert page.url.count(",") == 2  # one of the four removed
    watched.shot("keyboard")
    watched.assert_clean()
