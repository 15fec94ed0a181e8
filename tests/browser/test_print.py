"""Printing a page for a briefing: Chromium's own PDF (A4), nothing to click on paper, every quote
open as a numbered note, charts at the page's width, and a footer saying where and when."""

import io
import unicodedata

import pytest
from pypdf import PdfReader

from tests.browser.conftest import SHOTS, Watched, draw_every_chart

pytestmark = pytest.mark.browser

COMPARISON = "/compare/?regions=haidian,chaoyang,yizhuang"
PROFILE = "/districts/haidian/"


def _open(watched: Watched, path: str):
    response = watched.goto(path)
    assert response.status == 200
    page = watched.page
    draw_every_chart(page)  # drawn when in view (static/js/charts.js)
    return page


def _pdf(page, name: str) -> PdfReader:
    data = page.pdf(format="A4")
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / f"print-{name}.pdf").write_bytes(data)
    return PdfReader(io.BytesIO(data))


@pytest.mark.parametrize(
    "path,name", [(COMPARISON, "compare"), (PROFILE, "haidian")], ids=["compare", "profile"]
)
def test_a_briefing_prints_on_at_most_two_a4_pages(watched, path, name):
    page = _open(watched, path)
    quotes = page.locator("details.citation").count()
    assert quotes > 5
    last_quote = page.locator("details.citation blockquote").last.text_content()
    pdf = _pdf(page, name)
    assert 1 <= len(pdf.pages) <= 2, f"{path}: {len(pdf.pages)} pages"
    # NFKC: the PDF's text maps some characters to their Kangxi radicals (⽰ for 示).
    text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in pdf.pages))
    # Every quote is printed, numbered; the footer says where and when.
    assert f"[{quotes}]" in text
    flat = "".join(text.split())
    assert "".join(unicodedata.normalize("NFKC", last_quote).split())[:12] in flat
    assert path.split("?")[0] in text
    assert "本站显示第" in text and "打印日期" in text
    # Nothing to click on paper.
    for word in ("English", "移除", "嵌入", "选择 2 到 8 个区域", "与其他区比较", "预览嵌入的图"):
        assert word not in text, word
    watched.assert_clean()


def _display(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(e => getComputedStyle(e).display)")


def test_print_media_hides_navigation_and_controls_and_opens_quotes(watched):
    page = _open(watched, COMPARISON)
    assert page.locator("details.citation[open]").count() == 0  # closed on screen
    page.emulate_media(media="print")
    page.wait_for_timeout(200)
    for selector in (
        ".site-header",
        "nav",
        ".lang-switch",
        "form",
        "button",
        ".remove-row",
        ".embed-code",
    ):
        shown = _display(page, selector)
        assert shown and set(shown) == {"none"}, f"{selector}: {shown}"
    # The quotes are open and visible, numbered.
    quotes = page.locator("details.citation blockquote")
    assert quotes.count() > 5
    for i in range(quotes.count()):
        assert quotes.nth(i).is_visible()
    marker = page.evaluate(
        "getComputedStyle(document.querySelector('details.citation summary'), '::before').content"
    )
    assert "counter(quote)" in marker or marker.startswith('"[')
    assert page.locator(".print-footer").is_visible()
    assert page.locator("[data-print-date]").inner_text().startswith("20")
    # Back on screen, the quotes close again.
    page.emulate_media(media="screen")
    page.wait_for_timeout(200)
    assert page.locator("details.citation[open]").count() == 0
    assert not page.locator(".print-footer").is_visible()
    watched.assert_clean()


@pytest.mark.parametrize("path", [COMPARISON, PROFILE, "/"])
def test_charts_fit_the_printed_page(watched, path):
    page = _open(watched, path)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.wait_for_timeout(300)
    widths = page.evaluate(
        """() => [...document.querySelectorAll('canvas[data-chart]')].map(c => {
             const box = c.getBoundingClientRect(), figure = c.closest('figure').getBoundingClientRect();
             return [c.getAttribute('data-chart'), box.right, figure.right, c.width]; })"""
    )
    assert widths
    page_width = page.evaluate("document.documentElement.clientWidth")
    for chart_id, right, figure_right, pixels in widths:
        assert right <= figure_right + 1, chart_id
        assert right <= page_width + 1, chart_id
        assert pixels > 0, chart_id
    watched.shot("print-charts")
    watched.assert_clean()
