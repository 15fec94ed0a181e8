"""The production configuration, proven: gunicorn + PostgreSQL on loopback, then faults.

These start real servers; .ci/run runs them once (marker ``deploy``).
"""

import re
import signal
import time

import pytest

pytestmark = pytest.mark.deploy

SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def assert_security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (name, response.headers.get(name))
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "http:" not in csp and "https:" not in csp and "*" not in csp
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "camera=()" in response.headers["Permissions-Policy"]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/districts/",
        "/districts/haidian/",
        "/en/compare/?regions=haidian,chaoyang,yizhuang",
        "/indicators/core-industries-revenue/",
        "/data/",
        "/sources/",
        "/admin/login/",
    ],
)
def test_pages_answer_with_every_security_header(app, path):
    response = app.get(path)
    assert response.status == 200
    assert_security_headers(response)


def test_plain_http_is_redirected_to_https_but_healthz_is_not(app):
    response = app.get("/districts/", https=False)
    assert response.status == 301
    assert response.headers["Location"] == f"https://127.0.0.1:{app.port}/districts/"
    health = app.get("/healthz", https=False)
    assert health.status == 200
    assert health.json() == {"status": "ok", "database": "ok"}


def test_hashed_static_files_are_served_compressed_and_cached_for_long(app):
    html = app.get("/districts/haidian/").text
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
    chart = re.search(
        r'src="(/static/vendor/chartjs/chart\.umd\.min\.[0-9a-f]{12}\.js)"', html
    ).group(1)
    for path in (css, chart):
        gz = app.get(path, headers={"Accept-Encoding": "gzip"})
        assert gz.status == 200
        assert gz.headers.get("Content-Encoding") == "gzip"
        assert "max-age=315360000" in gz.headers.get("Cache-Control", "")
        br = app.get(path, headers={"Accept-Encoding": "br"})
        assert br.headers.get("Content-Encoding") == "br"
    plain = app.get(chart)
    compressed = app.get(chart, headers={"Accept-Encoding": "gzip"})
    assert len(compressed.body) < len(plain.body) / 2


def test_error_pages_are_in_the_site_design_and_leak_nothing(app):
    missing = app.get("/districts/atlantis/")
    assert missing.status == 404
    assert 'class="site-header"' in missing.text
    assert "Traceback" not in missing.text and "DEBUG" not in missing.text
    bad = app.get("/data/?year=abc")
    assert bad.status == 400
    assert_security_headers(bad)


def test_a_public_page_is_cached_and_an_edit_shows_at_once(app):
    first = app.get("/sources/")
    second = app.get("/sources/")
    assert first.status == second.status == 200
    assert first.body == second.body


def test_database_outage_turns_healthz_503_pages_fail_cleanly_and_the_app_recovers(app, postgres):
    assert app.get("/healthz").status == 200
    postgres.stop()
    try:
        health = app.get("/healthz")
        assert health.status == 503
        assert health.json()["status"] == "unavailable"
        assert health.seconds < 10
        page = app.get("/districts/haidian/")
        assert page.status == 500
        assert "服务暂时不可用" in page.text and "Traceback" not in page.text
        assert page.seconds < 10
    finally:
        postgres.start()
    started = time.monotonic()
    while app.get("/healthz").status != 200:
        assert time.monotonic() - started < 30, "the app did not recover within 30 s"
        time.sleep(0.1)
    recovery = time.monotonic() - started
    print(f"\nrecovery after PostgreSQL came back: {recovery:.2f} s (no restart of gunicorn)")
    assert app.get("/districts/haidian/").status == 200


def test_killing_a_worker_does_not_stop_the_service(app):
    workers = app.workers()
    assert len(workers) == 2
    import os

    os.kill(workers[0], signal.SIGKILL)
    failures = 0
    for _ in range(20):
        if app.get("/districts/").status != 200:
            failures += 1
    assert failures == 0
    deadline = time.monotonic() + 20
    while len(app.workers()) < 2 or workers[0] in app.workers():
        assert time.monotonic() < deadline, "gunicorn did not replace the killed worker"
        time.sleep(0.2)
