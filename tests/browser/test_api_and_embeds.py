"""In Chromium, against gunicorn with the production settings and CSP (tests/browser/conftest.py):
the API's docs page renders Swagger UI from vendored files with no CSP violation; a chart embed
draws inside an <iframe> on another origin while ordinary pages refuse to be framed; the release
pages, the footer's release line and the charts' embed boxes pass axe-core and load clean."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.browser.conftest import Watched, painted_pixels
from tests.servers import manage

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def released(site):
    manage(site.env, "publish_release", "--if-none", "--note", "Browser tests")
    return site


@pytest.fixture
def watched_page(browser, released):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield Watched(page, released, "api-docs"), page
    context.close()


def test_the_docs_page_works_under_the_production_csp(watched_page, released):
    watched, page = watched_page
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    response = watched.goto("/api/v1/docs/")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.locator(".swagger-ui .opblock").count() >= 12
    # Open one operation and read its parameters: the UI is alive, not a static page.
    page.locator(".opblock-summary-path", has_text="/api/v1/figures/").first.click()
    page.wait_for_selector(".parameters-container")
    assert page.locator("text=region").count() > 0
    watched.shot("api-docs")
    assert all(url.startswith(released.url) or url.startswith("data:") for url in requests)
    watched.assert_clean()


def test_an_embed_draws_in_a_frame_of_another_origin(browser, released):
    context = browser.new_context(viewport={"width": 900, "height": 700})
    page = context.new_page()
    embed = f"{released.url}/embed/1/chart/series/digital-economy-value-added/?region=beijing"
    refused = f"{released.url}/districts/beijing/"
    # A page of another origin: a one-page server of its own on another loopback port.
    body = (
        f'<iframe id="ok" src="{embed}" width="640" height="480"></iframe>'
        f'<iframe id="no" src="{refused}" width="640" height="480"></iframe>'
    ).encode()

    class OnePage(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    other = ThreadingHTTPServer(("127.0.0.1", 0), OnePage)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{other.server_port}/")
        page.frame_locator("#ok").locator("canvas[data-chart]").wait_for(timeout=20_000)
        frame = next(f for f in page.frames if f.url.startswith(embed.split("?")[0]))
        assert painted_pixels(frame, "canvas[data-chart]") > 200
        assert frame.locator("table.chart-data tbody tr").count() >= 2
        # The profile page is not framed: its frame stays empty (blocked by frame-ancestors 'none').
        blocked = [f for f in page.frames if f.url.startswith(refused)]
        assert not blocked or blocked[0].locator("main").count() == 0
    finally:
        other.shutdown()
        context.close()


RELEASE_PAGES = [
    "/",
    "/districts/haidian/",
    "/en/compare/",
    "/indicators/core-industries-revenue/",
    "/releases/",
    "/releases/1/",
    "/en/releases/1/",
    "/embed/1/chart/series/digital-economy-value-added/?region=beijing",
    "/en/embed/1/chart/ranking/core-industries-revenue/?period=2023-01-01_2023-11-30&highlight=haidian",
]


def test_release_pages_and_embed_boxes_are_clean_and_accessible(browser, released, axe_source):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watched = Watched(page, released, "releases")
    for path in RELEASE_PAGES:
        assert watched.goto(path).status == 200, path
        # Open every <details> (citations, the embed boxes) so axe sees their contents.
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        for canvas in range(page.locator("canvas[data-chart]").count()):
            selector = f"canvas[data-chart] >> nth={canvas}"
            page.locator(selector).wait_for()
    watched.assert_clean()
    context.close()

    # axe is injected as a script, which the CSP forbids: only this audit context bypasses it.
    audit = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = audit.new_page()
    for path in RELEASE_PAGES:
        page.goto(released.url + path)
        page.wait_for_load_state("load")
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        page.add_script_tag(content=axe_source)
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".filter(v => ['critical', 'serious'].includes(v.impact))"
            ".map(v => ({id: v.id, help: v.help, target: v.nodes[0].target.join(' ')}))"
        )
        assert not violations, (path, violations)
    audit.close()
