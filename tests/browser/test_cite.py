"""Copying a citation in a real browser: a figure's (region, indicator, value, period, source,
quote, then the page's address, the data release and the day) and the page's own "How to cite",
by keyboard alone; without JavaScript the same text is on the page and there is no button."""

import datetime as dt

import pytest

from tests.browser.conftest import Watched

pytestmark = pytest.mark.browser

PAGE = "/compare/"


def _copy_by_keyboard(page, button) -> str:
    button.focus()
    assert page.evaluate("document.activeElement.classList.contains('copy-cite')")
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)  # the clipboard's promise settles
    return page.evaluate("navigator.clipboard.readText()")


@pytest.mark.parametrize(
    ("prefix", "release", "accessed"),
    [("", "第 1 版数据（", "访问日期："), ("/en", "data release 1 (published ", "accessed ")],
    ids=["zh", "en"],
)
def test_a_figures_citation_is_copied_by_keyboard(browser, site, prefix, release, accessed):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    watched = Watched(page, site, f"cite{prefix.replace('/', '-')}")
    watched.goto(prefix + PAGE)
    figure = page.locator(".figure details.citation").first
    figure.locator("summary").focus()
    page.keyboard.press("Enter")  # open the source and quote
    quote = figure.locator("blockquote").inner_text().strip()
    button = figure.locator("button.copy-cite")
    assert button.is_visible()
    copied = _copy_by_keyboard(page, button)
    shown = " ".join(figure.locator(".cite-text").inner_text().split())
    days = {dt.date.today().isoformat(), (dt.date.today() - dt.timedelta(days=1)).isoformat()}
    assert copied.startswith(shown)  # what the page shows, then the page's part
    assert f"“{quote}”" in copied
    assert site.url + prefix + PAGE in copied
    assert release in copied
    assert any(accessed + day in copied for day in days)
    status = page.locator("[data-cite-status]")
    assert status.inner_text() == status.get_attribute("data-copied")
    # The page's own citation.
    page_citation = _copy_by_keyboard(page, page.locator(".how-to-cite button.copy-cite"))
    assert site.url + prefix + PAGE in page_citation and release in page_citation
    watched.shot("copied")
    watched.assert_clean()
    context.close()


def test_without_javascript_the_citation_is_text_and_there_is_no_button(browser, site):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(site.url + PAGE)
    figure = page.locator(".figure details.citation").first
    figure.locator("summary").click()
    assert "原文：“" in figure.locator(".cite-text").inner_text()
    assert not figure.locator("button.copy-cite").is_visible()
    section = page.locator(".how-to-cite")
    assert "引自北京数字经济一区一品" in section.inner_text()
    assert not section.locator("button.copy-cite").is_visible()
    context.close()
