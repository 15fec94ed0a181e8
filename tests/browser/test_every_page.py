"""Every page of every kind, in both languages, in Chromium: no page error, no console error, no
CSP violation, and every chart canvas painted (a blank chart box is a failure)."""

import json

import pytest

from tests.browser.conftest import Watched
from tests.conftest import ROOT

pytestmark = pytest.mark.browser


def _slugs(fixture: str) -> list[str]:
    rows = json.loads((ROOT / "fixtures" / fixture).read_text(encoding="utf-8"))
    return sorted(row["fields"]["slug"] for row in rows)


PAGES = [
    "/",
    "/districts/",
    "/compare/",
    "/indicators/",
    "/industries/",
    "/sources/",
    "/data/",
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
        if page.locator("canvas[data-chart]").count():
            page.wait_for_function(
                "[...document.querySelectorAll('canvas[data-chart]')].every(c => c.width > 0)"
            )
            page.wait_for_timeout(100)
            for chart_id, width, painted in page.evaluate(CANVASES):
                charts += 1
                if width == 0 or painted < 200:
                    blank.append(f"{prefix}{path} {chart_id}: {painted} pixels painted")
    context.close()
    assert not blank, "\n".join(blank)
    assert not watched.problems, "\n".join(watched.problems)
    assert charts > 30  # the pages do draw charts; a run that found none checked nothing
