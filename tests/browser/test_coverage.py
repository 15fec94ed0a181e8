"""/coverage/ and the comparison's overlap on a 390 px phone: the wide table scrolls inside its
wrapper, the page itself never sideways; the first column stays in view."""

import pytest

from tests.browser.conftest import Watched
from tests.servers import manage

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


ADD_REGIONS = (
    "from districts.models import Region; "
    "Region.objects.bulk_create(Region(slug=f'paging-test-{i:03d}', name_zh=f'分页测试区{i:03d}', "
    "name_en=f'Paging Test {i:03d}', short_name_zh=f'分页{i:03d}', short_name_en=f'P{i:03d}', "
    "kind='district', order=900 + i) for i in range(110))"
)
REMOVE_REGIONS = (
    "from districts.models import Region; "
    "Region.objects.filter(slug__startswith='paging-test-').delete()"
)


def test_pages_of_regions_fit_a_phone_and_are_reached_by_keyboard(browser, site):
    """More regions than one page holds (the data release has 22; 110 are added for this test,
    and removed after it): the page navigation wraps within 390 px and its links work."""
    manage(site.env, "shell", "-c", ADD_REGIONS)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    watched = Watched(page, site, "phone-coverage-pages")
    try:
        assert watched.goto("/coverage/").status == 200
        nav = page.locator("nav.coverage-pages")
        assert nav.get_attribute("aria-label") == "分页"
        assert page.locator('.coverage th[scope="row"]').count() == 100
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        watched.shot("page-1")
        following = nav.locator('a[rel="next"]')
        following.focus()
        with page.expect_navigation():  # else the old page's "load" may answer the wait
            page.keyboard.press("Enter")
        watched.after_navigation()
        assert page.url.endswith("/coverage/?page=2")
        assert nav.locator('[aria-current="page"]').inner_text() == "2"
        first_row = page.locator('.coverage th[scope="row"] a').first.inner_text()
        assert first_row.startswith("分页")  # after the data release's regions
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        watched.shot("page-2")
        assert watched.goto("/en/coverage/?page=2").status == 200
        assert page.locator('nav.coverage-pages a[rel="prev"]').get_attribute("href") == (
            "/en/coverage/"
        )
        watched.assert_clean()
    finally:
        context.close()
        manage(site.env, "shell", "-c", REMOVE_REGIONS)
