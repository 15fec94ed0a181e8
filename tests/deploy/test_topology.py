"""Scaling out, run for real: nginx in front of two gunicorns, PostgreSQL and Redis.

deploy/topology.py starts the shipped files as README, "Scaling out" describes them — the nginx
site with two ``server`` lines, deploy/redis-bjdigital.conf, deploy/gunicorn.conf.py twice with
one environment (DJANGO_CACHE_URL naming that Redis) — on a database of its own in the
deployment tests' PostgreSQL cluster (tests/deploy/conftest.py). Then:

- a page cached by one server is served by the other from the shared cache;
- an import previewed on server A is confirmed on server B (previews live in Redis), and the new
  figure shows at once on A and through nginx (the page cache is keyed by the data version);
- one server killed (SIGKILL, workers and all) under a load of GETs through nginx loses no GET:
  nginx retries each on the other server (``proxy_next_upstream``);
- with Redis stopped, pages are still served, uncached, and cached again once it is back.

Bounded: everything starts and stops within this module (about a minute).
"""

import http.client
import re
import ssl
import subprocess
import threading
import time
import urllib.parse
import uuid
from http.cookies import SimpleCookie

import pytest

from core import caching
from deploy.topology import Topology
from tests.servers import as_postgres_user, manage, pg_bin

pytestmark = pytest.mark.deploy

DATABASE = "bjdigital_ops"
PASSWORD = "topology-" + uuid.uuid4().hex
# A new figure, valid for the write path (tests/admin/test_import.py GOOD_ROWS[0]).
IMPORT_CSV = (
    "region,indicator,value,unit,qualifier,kind,source,quote,period_start,period_end,granularity\n"
    "大兴区,规模以上数字经济核心产业收入,1200,亿元,more_than,actual,china-city-news-2025-07,"
    "大兴区收入超1200亿元,2025-01-01,2025-12-31,year\n"
).encode()
LOAD_PAGES = [
    "/",
    "/districts/",
    "/districts/haidian/",
    "/en/compare/",
    "/indicators/core-industries-revenue/",
    "/sources/",
    "/data/?per_page=60",  # a page size: rendered every time, never cached
]


class Browser:
    """Requests to one server at a time — a gunicorn directly (as nginx would send them: the
    site's host name, whichever server it reaches, and X-Forwarded-Proto: https) or nginx over
    TLS — with one cookie jar across servers."""

    def __init__(self, cert):
        self.cookies = SimpleCookie()
        self.tls = ssl.create_default_context(cafile=str(cert))

    def request(self, base: str, method: str, path: str, body=b"", headers=None):
        parts = urllib.parse.urlsplit(base)
        if parts.scheme == "https":
            connection = http.client.HTTPSConnection(
                parts.hostname, parts.port, context=self.tls, timeout=30
            )
            headers = {"Host": f"localhost:{parts.port}", **(headers or {})}
        else:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            headers = {"Host": "localhost", "X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            for line in response.headers.get_all("Set-Cookie") or []:
                self.cookies.load(line)
            return response.status, dict(response.headers), response.read()
        finally:
            connection.close()

    def get(self, base, path):
        return self.request(base, "GET", path)

    def post(self, base, path, fields: dict, files: dict | None = None):
        address = urllib.parse.urlsplit(base)
        host = address.netloc if address.scheme == "https" else "localhost"  # what nginx passes on
        referer = {"Referer": f"https://{host}{path}"}
        if files:
            boundary = uuid.uuid4().hex
            parts = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                for k, v in fields.items()
            ]
            for name, (filename, content) in files.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
                    + content
                    + b"\r\n"
                )
            parts.append(f"--{boundary}--\r\n".encode())
            body, kind = b"".join(parts), f"multipart/form-data; boundary={boundary}"
        else:
            body, kind = (
                urllib.parse.urlencode(fields).encode(),
                "application/x-www-form-urlencoded",
            )
        return self.request(base, "POST", path, body, {"Content-Type": kind, **referer})


def token(html: bytes) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()


@pytest.fixture(scope="module")
def topology(postgres, tmp_path_factory):
    subprocess.run(
        as_postgres_user(
            [pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(postgres.port), "-U", "postgres",
             DATABASE]
        ),
        check=True,
        timeout=60,
    )  # fmt: skip
    url = f"postgres://postgres@127.0.0.1:{postgres.port}/{DATABASE}"
    started = time.monotonic()
    with Topology(servers=2, database_url=url, work=tmp_path_factory.mktemp("topology")) as running:
        manage(
            {**running.env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD},
            "createsuperuser", "--noinput", "--username", "ops", "--email", "ops@example.invalid",
        )  # fmt: skip
        print(f"\ntopology up in {time.monotonic() - started:.1f} s: {running.url}")
        yield running
    print(f"topology down after {time.monotonic() - started:.1f} s")


@pytest.fixture(scope="module")
def browser(topology):
    return Browser(topology.nginx.cert)


def test_a_page_cached_by_one_server_is_served_by_the_other(topology, browser):
    a, b = topology.servers
    keys = topology.redis.keys()
    first = browser.get(a.url, "/sources/")
    after_a = topology.redis.keys()
    second = browser.get(b.url, "/sources/")
    assert first[0] == second[0] == 200
    assert first[2] == second[2]
    assert after_a == keys + 2  # A stored the page and its gzip copy in Redis
    assert topology.redis.keys() == after_a  # B found them there: nothing new stored
    through_nginx = browser.get(topology.url, "/sources/")
    assert through_nginx[0] == 200 and through_nginx[1]["Server"] == "nginx"


def test_an_import_previewed_on_one_server_is_confirmed_on_the_other(topology, browser):
    a, b = topology.servers
    status, _headers, html = browser.get(a.url, "/admin/login/?next=/admin/")
    status, headers, _ = browser.post(
        a.url,
        "/admin/login/?next=/admin/",
        {"csrfmiddlewaretoken": token(html), "username": "ops", "password": PASSWORD,
         "next": "/admin/"},
    )  # fmt: skip
    assert status == 302 and headers["Location"] == "/admin/"
    # Both servers have the profile cached, without the figure.
    for server in (a, b):
        assert "超1200亿元" not in browser.get(server.url, "/districts/daxing/")[2].decode()

    import_url = "/admin/indicators/observation/import/"
    _status, _headers, page = browser.get(a.url, import_url)
    status, _headers, preview = browser.post(
        a.url,
        import_url,
        {"csrfmiddlewaretoken": token(page), "resource": "0", "format": "0"},
        {"import_file": ("figures.csv", IMPORT_CSV)},
    )
    assert status == 200
    key = re.search(rb'name="import_file_name" value="([^"]+)"', preview)
    assert key, preview.decode()[-2000:]
    status, headers, _ = browser.post(
        b.url,  # the other server: the preview is found in Redis
        "/admin/indicators/observation/process_import/",
        {"csrfmiddlewaretoken": token(preview), "import_file_name": key.group(1).decode()},
    )
    assert status == 302, headers
    _status, _headers, listing = browser.get(b.url, headers["Location"])
    assert "这个预览已经确认过" not in listing.decode()  # not "expired or unknown"

    for base in (a.url, b.url, topology.url):  # at once, everywhere: a new data version
        assert "超1200亿元" in browser.get(base, "/districts/daxing/")[2].decode(), base


def test_killing_a_server_under_load_loses_no_get(topology, browser):
    a, _b = topology.servers
    results: list[tuple[str, int]] = []
    stop = threading.Event()

    def load(offset: int):
        tls = browser.tls
        connection = None
        n = offset
        while not stop.is_set():
            path = LOAD_PAGES[n % len(LOAD_PAGES)]
            n += 1
            try:
                if connection is None:
                    connection = http.client.HTTPSConnection(
                        "127.0.0.1", topology.nginx.https_port, context=tls, timeout=30
                    )
                connection.request("GET", path, headers={"Host": "localhost"})
                response = connection.getresponse()
                response.read()
                results.append((path, response.status))
            except (OSError, http.client.HTTPException) as error:
                results.append((path, repr(error)))
                connection = None

    threads = [threading.Thread(target=load, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    killed_at = len(results)
    a.kill()
    time.sleep(3)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    failed = [r for r in results if r[1] != 200]
    print(f"\n{len(results)} GETs, {len(results) - killed_at} after server A was killed")
    assert killed_at > 20 and len(results) - killed_at > 20  # a real load on both sides of it
    assert failed == []
    # nginx did meet the dead server — GETs it was answering when it died, or connections it
    # refused — and answered those GETs from the other one (none failed), then left it aside.
    log = topology.nginx.error_log()
    met = re.findall(
        r"\[error\].*(?:upstream prematurely closed|Connection reset by peer|Connection refused)"
        rf".*upstream: \"http://127\.0\.0\.1:{a.port}/",
        log,
    )
    print(f"{len(met)} GETs met the dead server and were retried on the other")
    assert met
    assert "upstream server temporarily disabled" in log


def test_pages_are_served_uncached_while_redis_is_down(topology, browser):
    topology.redis.stop()
    try:
        for path in ("/", "/districts/haidian/", "/en/sources/", "/data/?region=haidian"):
            status, _headers, body = browser.get(topology.url, path)
            assert status == 200, (path, body[-500:])
    finally:
        topology.redis.start()
    # Back: pages are stored again once the servers try the cache again.
    deadline = time.monotonic() + caching.CACHE_RETRY_SECONDS + 5
    while topology.redis.keys() == 0:
        assert time.monotonic() < deadline, "pages were not cached again after Redis came back"
        browser.get(topology.url, "/industries/")
        time.sleep(0.5)
