"""Every chart can be saved as a PNG (static/js/charts.js): a "下载图片（PNG）" button beside it,
reachable by keyboard, hidden in print, that saves the chart at its canvas' size, on white (not
transparent), named after the page and the chart with the day.

One page of each kind that draws charts: the overview, a profile, the comparison, an indicator.
"""

import base64
import datetime as dt
import re
import struct
from pathlib import Path

import pytest

from tests.browser.conftest import SHOTS

pytestmark = pytest.mark.browser

PAGES = {
    "/": "bjdigital-trend-",
    "/districts/haidian/": "bjdigital-haidian-",
    "/compare/": "bjdigital-haidian-chaoyang-yizhuang-compare-",
    "/indicators/core-industries-revenue/": "bjdigital-",
    "/en/compare/?regions=haidian,dongcheng": "bjdigital-haidian-dongcheng-compare-",
}
NAME = re.compile(r"bjdigital-[a-z0-9-]+-(\d{4}-\d{2}-\d{2})\.png")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def decoded(page, data: bytes) -> dict:
    """The PNG as the browser decodes it: its size and how many of its pixels are not opaque."""
    return page.evaluate(
        """async (b64) => {
            const img = new Image();
            img.src = 'data:image/png;base64,' + b64;
            await img.decode();
            const c = document.createElement('canvas');
            c.width = img.naturalWidth; c.height = img.naturalHeight;
            const ctx = c.getContext('2d');
            ctx.drawImage(img, 0, 0);
            const d = ctx.getImageData(0, 0, c.width, c.height).data;
            let seeThrough = 0, coloured = 0;
            for (let i = 0; i < d.length; i += 4) {
                if (d[i + 3] < 255) seeThrough++;
                if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) coloured++;
            }
            return {width: c.width, height: c.height, seeThrough, coloured};
        }""",
        base64.b64encode(data).decode(),
    )


@pytest.mark.parametrize("path", list(PAGES))
def test_every_chart_saves_as_a_png_of_its_canvas(watched, path):
    page = watched.page
    watched.goto(path)
    canvases = page.locator("canvas[data-chart]")
    count = canvases.count()
    assert count >= 1, f"{path}: no chart"
    buttons = page.locator("button[data-png-for]")
    assert buttons.count() == count, "one PNG button per chart"
    days = {dt.date.today().isoformat()}
    for i in range(count):
        button = buttons.nth(i)
        chart_id = button.get_attribute("data-png-for")
        canvas = page.locator(f"canvas[data-chart='{chart_id}']")
        button.scroll_into_view_if_needed()
        assert button.is_visible() and button.is_enabled()
        with page.expect_download() as download:
            if i == 0:  # by keyboard: focused, then Enter
                button.focus()
                assert page.evaluate("document.activeElement.dataset.pngFor") == chart_id
                page.keyboard.press("Enter")
            else:
                button.click()
        name = download.value.suggested_filename
        match = NAME.fullmatch(name)
        assert match and name.startswith(PAGES[path]), name
        days.add(dt.date.today().isoformat())  # the test may run across midnight
        assert match.group(1) in days
        data = Path(download.value.path()).read_bytes()
        if i == 0:  # kept for a look: artifacts/browser/png-<name>
            SHOTS.mkdir(parents=True, exist_ok=True)
            (SHOTS / f"png-{name}").write_bytes(data)
        size = canvas.evaluate("c => [c.width, c.height]")
        assert list(png_size(data)) == size, f"{name}: PNG {png_size(data)}, canvas {size}"
        pixels = decoded(page, data)
        assert pixels["seeThrough"] == 0, f"{name}: transparent pixels"
        assert pixels["coloured"] > 200, f"{name}: nothing drawn"
    watched.assert_clean()


def test_the_png_buttons_are_not_printed(watched):
    page = watched.page
    watched.goto("/districts/haidian/")
    assert page.locator("button[data-png-for]").first.is_visible()
    page.emulate_media(media="print")
    try:
        assert page.locator("button[data-png-for]:visible").count() == 0
    finally:
        page.emulate_media(media="screen")
