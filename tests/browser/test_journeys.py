"""A reader's and an editor's journeys, in Chromium, with no console error or CSP violation."""

import csv
import io
from pathlib import Path

import pytest

from tests.browser.conftest import EDITOR, Watched, painted_pixels

pytestmark = pytest.mark.browser


def test_reader_journey(watched):
    page = watched.page
    watched.goto("/")
    watched.shot("overview")
    assert (
        painted_pixels(page, "canvas[data-chart='chart-data-trend-digital-economy-value-added']")
        > 500
    )

    page.click(".region-cards a[href='/districts/haidian/']")
    watched.after_navigation()
    assert page.url.endswith("/districts/haidian/")
    assert "人工智能产业高地" in page.inner_text("main")
    assert "超2万亿元" in page.inner_text("main")
    assert (
        painted_pixels(page, "canvas[data-chart='chart-data-ranking-core-industries-revenue']")
        > 500
    )
    watched.shot("haidian")

    page.click("text=与其他区比较")
    watched.after_navigation()
    assert "regions=haidian,chaoyang,yizhuang" in page.url
    header = page.inner_text("table.compare.figures thead")
    assert "海淀" in header and "朝阳" in header and "经开区" in header
    watched.shot("compare")

    page.check("input[name=regions][value=dongcheng]")
    page.click(".compare-form button[type=submit]")
    watched.after_navigation()
    assert "dongcheng" in page.url
    assert "东城" in page.inner_text("table.compare.figures thead")
    chart = page.evaluate(
        "JSON.parse(document.getElementById('chart-data-compare-core-industries-revenue').textContent)"
    )
    assert "东城" in chart["labels"]
    assert (
        painted_pixels(page, "canvas[data-chart='chart-data-compare-core-industries-revenue']")
        > 500
    )
    watched.shot("compare-with-dongcheng")

    comparison = page.url.split("/compare/", 1)[1]
    page.click(".lang-switch a")
    watched.after_navigation()
    assert page.url.endswith("/en/compare/" + comparison)
    assert "Dongcheng" in page.inner_text("table.compare.figures thead")
    assert "Compare regions" in page.inner_text("h1")
    watched.shot("compare-english")

    watched.goto("/data/")
    page.fill("#id_region", "海淀")
    page.click("form.filters button[type=submit]")
    watched.after_navigation()
    shown = page.locator("table.figures tbody tr").count()
    with page.expect_download() as download:
        page.click("text=CSV")
    rows = list(
        csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig")))
    )
    assert rows[0][:3] == ["区域", "指标", "时期"]
    assert len(rows) - 1 == shown > 0
    slug_column = rows[0].index("区域标识")
    assert {r[slug_column] for r in rows[1:]} == {"haidian"}
    watched.shot("data-haidian")
    watched.assert_clean()


def test_editor_journey(watched, site):
    page = watched.page
    watched.goto("/admin/login/")
    page.fill("#id_username", EDITOR[0])
    page.fill("#id_password", EDITOR[1])
    page.click("input[type=submit]")
    watched.after_navigation()
    assert "/admin/" in page.url and "login" not in page.url
    watched.shot("logged-in")

    watched.goto(
        "/admin/indicators/observation/?q=%E6%9C%9D%E9%98%B3&indicator__topic__exact=scale"
    )
    page.click("#result_list tbody tr th a")
    watched.after_navigation()
    history_url = page.url.split("?")[0].replace("/change/", "/history/")
    watched.shot("figure-form")
    page.fill("#id_value", "4600")
    page.fill("#id_change_reason", "浏览器测试:更正")
    page.click("input[name=_save]")
    watched.after_navigation()
    # The quote says 4000, not 4600: the form asks the editor to confirm.
    assert "引文中没有找到数字 4600" in page.inner_text("#content")
    watched.shot("warning")
    page.check("#id_confirm_warnings")
    page.click("input[name=_save]")
    watched.after_navigation()
    assert "/admin/indicators/observation/" in page.url and "/change/" not in page.url

    watched.goto("/districts/chaoyang/")
    assert "超4600亿元" in page.inner_text("main")
    watched.shot("public-profile-updated")

    watched.goto(history_url.removeprefix(site.url))
    history = page.inner_text("#content")
    assert "浏览器测试:更正" in history and EDITOR[0] in history
    watched.shot("history")
    watched.assert_clean()


def test_phone_profile_and_compare_fit_the_screen(browser, site):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    watched = Watched(page, site, "phone")
    for path, label in [
        ("/districts/haidian/", "profile"),
        ("/compare/", "compare"),
        ("/en/compare/", "compare-en"),
    ]:
        watched.goto(path)
        painted_pixels(page, "canvas[data-chart]")
        width = page.evaluate("window.innerWidth")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (
            f"{path} scrolls sideways"
        )
        for box in page.locator("canvas[data-chart]").evaluate_all(
            "cs => cs.map(c => c.getBoundingClientRect()).map(r => [r.left, r.right])"
        ):
            assert box[0] >= 0 and box[1] <= width, f"{path}: a chart overflows ({box})"
        watched.shot(label)
    watched.assert_clean()
    context.close()
