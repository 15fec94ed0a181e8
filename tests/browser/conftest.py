"""A real browser (Debian's chromium, driven by Playwright) against a real gunicorn.

The site runs with the production settings (CSP and all; HTTPS redirect off, since there is no
TLS on loopback) on a SQLite database of its own holding the data release, so the browser sees
exactly what a reader would. Screenshots of every step go to artifacts/browser/ (git-ignored).
"""

import os
import secrets
import time
from pathlib import Path

import pytest

from tests.servers import ROOT, App, free_port, manage, prepare_release

CHROMIUM = os.environ.get("BJDIGITAL_CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "artifacts" / "browser"
EDITOR = ("browser-editor", "a-Long-pass-phrase-7")

MISSING_CHROMIUM = (
    f"\n\n*** The browser tests need Debian's chromium at {CHROMIUM} and a CJK font. ***\n"
    "Install them:  apt-get install -y chromium fonts-noto-cjk\n"
    "(A browser download by Playwright is not possible here.)\n"
)
MISSING_AXE = (
    "\n\n*** axe-core is missing: run `npm install` in the repository (make test does). ***\n"
)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    work = tmp_path_factory.mktemp("site")
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "GUNICORN_"))
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{work / 'site.sqlite3'}",
        DJANGO_STATIC_ROOT=str(work / "static"),
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SESSION_COOKIE_SECURE="0",
        DJANGO_CSRF_COOKIE_SECURE="0",
        DJANGO_SECURE_HSTS_SECONDS="0",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
        GUNICORN_ACCESSLOG="",
    )
    prepare_release(env)
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; from django.contrib.auth.models import Group; "
        f"u = get_user_model().objects.create_user({EDITOR[0]!r}, password={EDITOR[1]!r}, is_staff=True); "
        "u.groups.add(Group.objects.get(name='data editors'))",
    )
    server = App(env, port, work / "gunicorn.log", forwarded_https=False)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class Watched:
    """A page whose console errors, uncaught exceptions and CSP violations are collected."""

    def __init__(self, page, site, name: str):
        self.page, self.site, self.name = page, site, name
        self.problems: list[str] = []
        self.visited: list[str] = []
        self.step = 0
        page.on(
            "console",
            lambda m: m.type == "error" and self.problems.append(f"console: {m.text} ({page.url})"),
        )
        page.on("pageerror", lambda e: self.problems.append(f"exception: {e} ({page.url})"))
        page.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => {"
            " (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI); });"
        )

    def goto(self, path: str):
        response = self.page.goto(self.site.url + path)
        self.after_navigation()
        return response

    def after_navigation(self):
        self.page.wait_for_load_state("load")
        self.visited.append(self.page.url)
        violations = self.page.evaluate("window.__csp || []")
        self.problems += [f"CSP: {v} ({self.page.url})" for v in violations]

    def shot(self, label: str):
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.step += 1
        self.page.screenshot(
            path=str(SHOTS / f"{self.name}-{self.step:02d}-{label}.png"), full_page=True
        )

    def assert_clean(self):
        self.after_navigation()
        assert not self.problems, "\n".join(self.problems)


@pytest.fixture
def watched(browser, site, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    yield Watched(page, site, request.node.name.removeprefix("test_"))
    context.close()


def painted_pixels(page, selector: str) -> int:
    """How many pixels of the canvas are not transparent: a drawn chart, not an empty box."""
    page.locator(selector).first.scroll_into_view_if_needed()  # charts are drawn when in view
    wait_until(
        page,
        f"() => !!(document.querySelector({selector!r}) && window.Chart"
        f" && Chart.getChart(document.querySelector({selector!r})))",
    )
    time.sleep(0.2)
    return page.evaluate(
        """sel => { const c = document.querySelector(sel);
             const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
             let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }""",
        selector,
    )


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(MISSING_AXE, pytrace=False)
    return AXE.read_text(encoding="utf-8")


def draw_every_chart(page) -> int:
    """Brings every chart of the page into view, where static/js/charts.js draws it, and waits
    until all are drawn; how many there are."""
    canvases = page.locator("canvas[data-chart]")
    count = canvases.count()
    for i in range(count):
        canvases.nth(i).scroll_into_view_if_needed()
    if count:  # a canvas is 300 px wide before anything is drawn: ask Chart.js
        wait_until(
            page,
            "() => !!window.Chart && [...document.querySelectorAll('canvas[data-chart]')]"
            ".every(c => !!Chart.getChart(c))",
        )
    page.evaluate("window.scrollTo(0, 0)")
    return count


def wait_until(page, predicate: str, seconds: float = 20) -> None:
    """Polls ``predicate`` (a JavaScript function) until it is true. Playwright's
    wait_for_function evaluates its polls in a way the site's CSP forbids (no eval)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(predicate):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {seconds} s: {predicate}")
        time.sleep(0.05)
