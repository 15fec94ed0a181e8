"""/coverage/ and the comparison's overlap on a 390 px phone: the wide table scrolls inside its
wrapper, the page itself never sideways; the first column stays in view."""

import pytest

from tests.browser.conftest import Watched

pytestmark = pytest.mark.browser

PHONE_PAGES = [
    ("/coverage/", "coverage"),
    ("/en/coverage/", "coverage-en"),
    ("/coverage/?topic=ai", "coverage-ai"),
    ("/compare/?common=1", "compare-common"),
]


def test_coverage_fits_a_phone_and_scrolls_inside_its_wrapper(browser, site):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    watched = Watched(page, site, "phone-coverage")
    for path, label in PHONE_PAGES:
        assert watched.goto(path).status == 200
        width = page.evaluate("window.innerWidth")
        assert width == 390, f"{path}: the layout viewport grew to {width} px"
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (
            f"{path} scrolls sideways"
        )
        watched.shot(label)
    watched.goto("/coverage/")
    wrapper = page.locator(".table-scroll").first
    assert wrapper.evaluate("w => w.scrollWidth > w.clientWidth")  # wide, so it scrolls inside
    first_column = page.locator('.coverage th[scope="row"]').first
    before = first_column.bounding_box()["x"]
    wrapper.evaluate("w => { w.scrollLeft = w.scrollWidth; }")
    assert abs(first_column.bounding_box()["x"] - before) < 1  # the region names stay in view
    watched.assert_clean()
    context.close()
