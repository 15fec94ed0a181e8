"""Every page of every kind, in both languages, in Chromium: no page error, no console error, no
CSP violation, every chart canvas painted (a blank chart box is a failure), and on a 390 px phone
no page wider than the screen (a wide table scrolls inside its own box, never the page)."""

import json

import pytest

from indicators.choices import Topic
from tests.browser.conftest import Watched, draw_every_chart
from tests.conftest import ROOT

pytestmark = pytest.mark.browser


def _slugs(fixture: str) -> list[str]:
    rows = json.loads((ROOT / "fixtures" / fixture).read_text(encoding="utf-8"))
    return sorted(row["fields"]["slug"] for row in rows)


PAGES = [
    "/",
    "/districts/",
    "/compare/",
    "/coverage/",
    "/indicators/",
    "/industries/",
    "/sources/",
    "/data/",
    "/releases/",
    "/releases/1/",
    *(f"/coverage/?topic={t}" for t in Topic.values),
    *(f"/districts/{s}/" for s in _slugs("02_regions.json")),
    *(f"/indicators/{s}/" for s in _slugs("07_indicators.json")),
    *(f"/industries/{s}/" for s in _slugs("03_industries.json")),
    *(f"/sources/{s}/" for s in _slugs("01_sources.json")),
]

CANVASES = """() => [...document.querySelectorAll('canvas[data-chart]')].map(c => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return [c.getAttribute('data-chart'), c.width, n]; })"""


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["zh", "en"])
def test_every_page_loads_clean_and_draws_every_chart(browser, site, prefix):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watched = Watched(page, site, f"every-page{prefix.replace('/', '-')}")
    blank, charts = [], 0
    for path in PAGES:
        response = watched.goto(prefix + path)
        assert response.status == 200, f"{prefix}{path}: {response.status}"
        if draw_every_chart(page):  # each drawn as it comes into view
            page.wait_for_timeout(100)
            for chart_id, width, painted in page.evaluate(CANVASES):
                charts += 1
                if width == 0 or painted < 200:
                    blank.append(f"{prefix}{path} {chart_id}: {painted} pixels painted")
    context.close()
    assert not blank, "\n".join(blank)
    assert not watched.problems, "\n".join(watched.problems)
    assert charts > 30  # the pages do draw charts; a run that found none checked nothing


PHONE = 390
# The elements that stick out on the right of a phone's screen, outside any box that scrolls.
OVERFLOW = """width => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1)
    .filter(e => !e.parentElement.closest('.table-scroll, .chart-box'))
    .slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`)"""


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["zh", "en"])
def test_every_page_fits_a_phone_screen(browser, site, prefix):
    context = browser.new_context(
        viewport={"width": PHONE, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    watched = Watched(page, site, f"phone{prefix.replace('/', '-')}")
    wide = []
    for path in PAGES:
        response = watched.goto(prefix + path)
        assert response.status == 200, f"{prefix}{path}: {response.status}"
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE:
            wide.append(f"{prefix}{path}: {width} px wide: {page.evaluate(OVERFLOW, PHONE)}")
    # A table wider than the screen scrolls in a region the keyboard can reach and a screen
    # reader can name (checked on the page with the widest table).
    watched.goto(prefix + "/data/")
    box = page.locator(".table-scroll").first
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    assert box.get_attribute("tabindex") == "0"
    assert box.get_attribute("role") == "region" and box.get_attribute("aria-label")
    watched.shot("data")
    context.close()
    assert not wide, "\n".join(wide)
    assert not watched.problems, "\n".join(watched.problems)
