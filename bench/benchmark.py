"""Page speed, query counts and scale far beyond Beijing, measured.

    .venv/bin/python bench/benchmark.py --db sqlite      # or --db postgres
    .venv/bin/python bench/benchmark.py --db postgres --regions 3000 --indicators 100 --periods 5

Works on a database of its own, never the project's: a SQLite file in a temporary folder, or the
PostgreSQL database ``bjdigital_bench`` (dropped and created again; --postgres-url to change the
server). It loads the data release, then:

1. times every public page in-process with the production settings, uncached (median and 95th
   percentile server time over --requests requests) and counts its SQL queries;
2. runs gunicorn (deploy/gunicorn.conf.py, production settings) and measures throughput with wrk
   for every page and /healthz, uncached and cached, and each page's ratio to /healthz;
3. measures the profile page's first-load transfer (HTML, CSS, JS as served, gzip);
4. generates the synthetic data set (default 3,000 regions x 100 indicators x 5 periods =
   1.5 million figures, then the real shapes on top: revisions and restatements from several
   sources and a translation, targets, single-period indicators and places in rankings among
   100 siblings — bench/synthetic.py) and repeats 1 and 2 with the pages those shapes make
   (``?as_of=``, ``?period=``, rank indicators, the API and a coverage page when the project
   has them);
5. at that scale, times the downloads with gunicorn (the whole CSV, streamed; an XLSX near its
   row limit; an XLSX over it) with the worker's peak memory, and every admin page in-process
   (changelist, add, change and history of every registered model, the index, filtered and
   searched changelists, the autocomplete answers) with its SQL queries;
6. prints the tables, each number against its budget (README, "Benchmarks"), and writes them
   into docs/performance.md (one section per database).
"""

import argparse
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV_BIN = Path(sys.executable).parent

from deploy.topology import Redis  # noqa: E402  (no Django: importable before django.setup())

# Budgets (README, "Benchmarks"): public pages at 1.5 million figures on either database.
PAGE_MEDIAN_MS, PAGE_QUERIES, CACHED_RATIO = 150, 12, 0.5
ADMIN_MS, ADMIN_QUERIES = 300, 20
CSV_SECONDS = 60

FIXTURE_PAGES = [
    "/",
    "/districts/",
    "/districts/haidian/",
    "/districts/beijing/",
    "/compare/",
    "/en/compare/?regions=haidian,chaoyang,yizhuang,dongcheng",
    "/indicators/",
    "/indicators/core-industries-revenue/",
    "/industries/",
    "/industries/artificial-intelligence/",
    "/sources/",
    "/sources/basss-report-2023/",
    "/data/",
    "/data/?region=haidian",
    "/districts/haidian/?as_of=2024-01-01",
    "/indicators/core-industries-revenue/?period=2023-01-01_2023-11-30",
    "/data/?as_of=2024-01-01",
]
# Pages of apps that may not exist in every version of the project: measured when they resolve.
OPTIONAL_PAGES = ["/api/v1/figures/", "/releases/", "/coverage/"]


def existing(pages: list[str]) -> list[str]:
    """The pages whose address resolves to a view of their own (not a catch-all 404 view)."""
    from django.urls import Resolver404, resolve

    found = []
    for page in pages:
        try:
            match = resolve(page.partition("?")[0])
        except Resolver404:
            continue
        if "not-found" not in (match.url_name or "") and "not_found" not in (match.url_name or ""):
            found.append(page)
    return found


def synthetic_pages() -> list[str]:
    """Pages about the generated regions: the first, a middle and the last district."""
    from districts.models import Region
    from indicators.models import Indicator

    districts = list(
        Region.objects.filter(slug__startswith="syn-", kind="district")
        .order_by("order")
        .values_list("slug", flat=True)
    )
    first, middle, last = districts[0], districts[len(districts) // 2], districts[-1]
    ranks = list(
        Indicator.objects.filter(slug__startswith="syn-r")
        .order_by("slug")
        .values_list("slug", flat=True)
    )
    # A region whose figures were revised by an older source (bench/synthetic.py: 5% of pairs).
    return [
        f"/districts/{first}/",
        f"/districts/{last}/",
        f"/districts/{middle}/?as_of=2024-06-30",
        f"/en/districts/{middle}/",
        f"/compare/?regions={first},{middle},{last}",
        f"/compare/?regions={first},{middle},{last}&as_of=2024-06-30",
        "/indicators/syn-i001/",
        "/indicators/syn-i001/?period=2021-01-01_2021-12-31",
        "/indicators/syn-i001/?as_of=2024-06-30",
        "/indicators/syn-p001/",
        f"/indicators/{ranks[0]}/",
        f"/en/indicators/{ranks[len(ranks) // 2]}/",
        "/sources/synthetic-benchmark/",
        "/sources/synthetic-benchmark-2025b-en/",
        f"/data/?region={middle}",
        "/data/?indicator=syn-i002&year=2024",
        "/data/?as_of=2024-06-30",
        "/data/?kind=target&indicator=syn-i011",
        # A rare kind (the kind index) and a sort by region (regions in order, each one's
        # figures by the region index), neither sorting every figure (indicators 0010).
        "/data/?kind=expected",
        "/en/data/?sort=region",
        "/data/?qualifier=about",  # a rare qualifier (indicators 0012)
        *existing(
            [
                f"/api/v1/figures/?region={middle}",
                f"/api/v1/figures/?indicator={ranks[0]}",
                "/api/v1/figures/?qualifier=about",
                f"/api/v1/regions/{middle}/",
                "/coverage/?topic=scale",
                "/coverage/?page=2",
            ]
        ),
    ]


# The shared cache the servers use: a redis-server of the benchmark's own (deploy/topology.py's
# Redis, with deploy/redis-bjdigital.conf), as in production; empty for local memory.
CACHE = {"url": ""}
# The machine's load average (1 minute) when the run started and ended: a shared machine's
# numbers are noisier than an idle one's, and the report says how busy it was.
LOAD: dict[str, float] = {}


def environment(database_url: str, static_root: Path, cache_seconds: int, bind: str = "") -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "GUNICORN_"))
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_SETTINGS_MODULE="bjdigital.settings",
        DATABASE_URL=database_url,
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_PAGE_CACHE_SECONDS=str(cache_seconds),
        # The API's per-client rate limit would answer wrk with 429s: measure the pages instead.
        DJANGO_API_RATE="100000000/minute",
        GUNICORN_ACCESSLOG="",
        GUNICORN_BIND=bind,
        PYTHONPATH=str(ROOT),
    )
    if CACHE["url"]:
        env["DJANGO_CACHE_URL"] = CACHE["url"]
    return env


def prepare_database(kind: str, postgres_url: str, workdir: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    import psycopg

    name = postgres_url.rsplit("/", 1)[1]
    if "bench" not in name:
        raise SystemExit(f"refusing to use database {name!r}: its name must contain 'bench'")
    admin_url = postgres_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return postgres_url


# --- 1. in-process server time and queries -------------------------------------------------


def measure_in_process(pages: list[str], requests: int) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    rows = []
    for path in pages:
        for _ in range(2):  # warm-up
            client.get(path, secure=True)
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            response = client.get(path, secure=True)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path, secure=True)
        queries = len(ctx.captured_queries)  # read now: the next request clears the log
        times.sort()
        rows.append(
            {
                "page": path,
                "status": response.status_code,
                "median_ms": statistics.median(times),
                "p95_ms": times[max(0, int(round(0.95 * len(times))) - 1)],
                "queries": queries,
                "html_kb": len(response.content) / 1024,
            }
        )
        print(
            f"  {path:62s} {rows[-1]['median_ms']:7.1f} ms  p95 {rows[-1]['p95_ms']:7.1f}  "
            f"{rows[-1]['queries']:2d} q  {rows[-1]['status']}",
            flush=True,
        )
    return rows


# --- 2. gunicorn + wrk ---------------------------------------------------------------------


class Gunicorn:
    def __init__(self, env: dict, port: int):
        self.env, self.port = env, port
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "bjdigital.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/healthz", timeout=2
                ) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


# wrk sends each request as from a reader of its own: a random client address in
# X-Forwarded-For, as nginx (the one trusted proxy of the production settings) passes it on. The
# API's rate limit keeps each client's recent requests in the cache (DRF's throttle); from one
# address at wrk's rate that list grows to thousands of entries read and written on every
# request, which measures the benchmark rather than the site (a real client past 120 a minute
# gets a 429).
WRK_SCRIPT = """
request = function()
  wrk.headers["X-Forwarded-For"] = "10." .. math.random(0, 255) .. "." ..
    math.random(0, 255) .. "." .. math.random(1, 254)
  return wrk.format(nil)
end
"""


def wrk(url: str, seconds: int, connections: int) -> float:
    script = Path(tempfile.gettempdir()) / "bjdigital-bench-wrk.lua"
    script.write_text(WRK_SCRIPT)
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "-s",
            str(script),
            "-H",
            "X-Forwarded-Proto: https",
            "-H",
            "Accept-Encoding: gzip",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    ).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if non_2xx:
        print(f"    note: {non_2xx.group(1)} non-2xx answers from {url}")
    return float(match.group(1)) if match else 0.0


def throughput(
    database_url: str, static_root: Path, pages: list[str], seconds: int, connections: int
) -> list[dict]:
    import socket

    rows = {p: {"page": p} for p in ["/healthz", *pages]}
    for label, cache_seconds in (("uncached", 0), ("cached", 600)):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = environment(database_url, static_root, cache_seconds, bind=f"127.0.0.1:{port}")
        with Gunicorn(env, port):
            for page in rows:
                url = f"http://127.0.0.1:{port}{page}"
                try:  # warm-up
                    urllib.request.urlopen(
                        urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"}),
                        timeout=60,
                    ).read()
                except urllib.error.HTTPError as error:
                    print(f"    note: {page} answered {error.code}")
                rows[page][label] = wrk(url, seconds, connections)
                print(f"  {label:8s} {page:62s} {rows[page][label]:8.1f} req/s", flush=True)
    health = rows["/healthz"]
    for row in rows.values():
        for label in ("uncached", "cached"):
            row[f"{label}_ratio"] = row[label] / health[label] if health[label] else 0.0
    return list(rows.values())


# --- downloads at scale (gunicorn, one worker) ----------------------------------------------


def worker_rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def downloads(database_url: str, static_root: Path, paths: list[str]) -> list[dict]:
    """Each download read to its end over HTTP, timed, with the worker's peak memory."""
    import socket
    import threading

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = environment(database_url, static_root, 0, bind=f"127.0.0.1:{port}")
    env["GUNICORN_WORKERS"] = "1"
    rows = []
    with Gunicorn(env, port) as server:
        worker = int(
            subprocess.run(
                ["pgrep", "-P", str(server.process.pid)], capture_output=True, text=True
            ).stdout.split()[0]
        )
        for path in paths:
            before = worker_rss_kb(worker)
            peak = [before]
            done = threading.Event()

            def sample(peak=peak, done=done):
                while not done.wait(0.1):
                    peak[0] = max(peak[0], worker_rss_kb(worker))

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"}
            )
            start = time.perf_counter()
            size = lines = 0
            first_byte = None
            try:
                response = urllib.request.urlopen(request, timeout=300)
            except urllib.error.HTTPError as error:
                response = error
            with response:
                status = response.status if hasattr(response, "status") else response.code
                while piece := response.read(1 << 20):
                    if first_byte is None:
                        first_byte = time.perf_counter() - start
                    size += len(piece)
                    lines += piece.count(b"\n")
            seconds = time.perf_counter() - start
            done.set()
            sampler.join()
            rows.append(
                {
                    "path": path,
                    "status": status,
                    "seconds": seconds,
                    "first_byte": first_byte or seconds,
                    "mb": size / 1e6,
                    "lines": lines,
                    "rss_before_mb": before / 1024,
                    "rss_peak_mb": peak[0] / 1024,
                }
            )
            print(
                f"  {path:50s} {status} {size / 1e6:8.1f} MB in {seconds:6.1f} s "
                f"(first byte {rows[-1]['first_byte']:.2f} s), worker {before / 1024:.0f} → "
                f"{peak[0] / 1024:.0f} MB",
                flush=True,
            )
    return rows


# --- admin pages at scale (in-process) -------------------------------------------------------


def admin_pages() -> list[str]:
    """Every registered model's changelist, add, change and history page; the index; the
    figures' changelist filtered, searched and drilled down; the autocomplete answers."""
    from django.contrib import admin
    from django.urls import NoReverseMatch, reverse

    from districts.models import Region
    from indicators.models import Observation
    from sources.models import Source

    def url(name, *args):
        try:
            return [reverse(name, args=args)]
        except NoReverseMatch:
            return []

    pages = ["/admin/"]
    for model in sorted(admin.site._registry, key=lambda m: m._meta.label):
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        if not url(f"{prefix}_changelist"):
            continue
        pages += url(f"{prefix}_changelist") + url(f"{prefix}_add")
        obj = model._default_manager.order_by("-pk").first()
        if obj is not None:
            pages += url(f"{prefix}_change", obj.pk) + url(f"{prefix}_history", obj.pk)
    figures = reverse("admin:indicators_observation_changelist")
    region = Region.objects.filter(slug__startswith="syn-", kind="district").order_by("order")
    region = region[region.count() // 2] if region.exists() else Region.objects.first()
    source = Source.objects.order_by("-pk").first()
    pages += [
        f"{figures}?region__id__exact={region.pk}",
        f"{figures}?source__id__exact={source.pk}",
        f"{figures}?q={region.slug}",
        f"{figures}?period_end__year=2023",
        f"{figures}?kind__exact=target&indicator__topic__exact=scale",
        f"{figures}?kind__exact=expected",
        f"{figures}?p=100",
        "/admin/autocomplete/?app_label=indicators&model_name=observation&field_name=region"
        "&term=%E5%90%88%E6%88%90",
        "/admin/autocomplete/?app_label=indicators&model_name=observation&field_name=source",
    ]
    if Observation.objects.exists():
        pages.append(f"{figures}?o=-1")
    return pages


def measure_admin(requests: int) -> list[dict]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    user, _created = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    rows = []
    for path in admin_pages():
        client.get(path, secure=True)  # warm-up
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            response = client.get(path, secure=True)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path, secure=True)
        rows.append(
            {
                "page": path,
                "status": response.status_code,
                "median_ms": statistics.median(times),
                "max_ms": max(times),
                "queries": len(ctx.captured_queries),
            }
        )
        print(
            f"  {path:70s} {rows[-1]['median_ms']:7.1f} ms  max {rows[-1]['max_ms']:7.1f}  "
            f"{rows[-1]['queries']:2d} q  {response.status_code}",
            flush=True,
        )
    return rows


# --- 3. first-load transfer ----------------------------------------------------------------


def first_load(database_url: str, static_root: Path, path: str) -> dict:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = environment(database_url, static_root, 600, bind=f"127.0.0.1:{port}")

    def fetch(p):
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{p}",
            headers={"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"},
        )
        with urllib.request.urlopen(request, timeout=30) as r:
            body = r.read()
            header_bytes = sum(len(k) + len(v) + 4 for k, v in r.headers.items())
            return body, header_bytes, r.headers.get("Content-Encoding", "")

    with Gunicorn(env, port):
        html, html_headers, html_encoding = fetch(path)
        import gzip

        text = gzip.decompress(html).decode() if html_encoding == "gzip" else html.decode()
        assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', text)
        parts = {"html": (len(html), html_headers, html_encoding or "identity")}
        for asset in assets:
            body, headers, encoding = fetch(asset)
            parts[asset] = (len(body), headers, encoding or "identity")
    total = sum(b + h for b, h, _ in parts.values())
    return {"page": path, "parts": parts, "total_kb": total / 1024}


# --- 5. report -----------------------------------------------------------------------------


def machine() -> str:
    def first(path: str, prefix: str) -> str:
        try:
            text = Path(path).read_text()
        except OSError:
            return ""
        return next((line for line in text.splitlines() if line.startswith(prefix)), "")

    cpu = first("/proc/cpuinfo", "model name").partition(":")[2].strip() or platform.processor()
    mem_line = first("/proc/meminfo", "MemTotal")
    mem = f"{int(mem_line.split()[1]) / 1024 / 1024:.0f} GiB" if mem_line else "?"
    return (
        f"{os.cpu_count()} cores ({cpu}), {mem} memory, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def mark(ok: bool) -> str:
    return "✓" if ok else "✗ over budget"


def report(
    kind,
    db_version,
    command,
    scale,
    generated_seconds,
    fixture_rows,
    synthetic_rows,
    fixture_wrk,
    synthetic_wrk,
    transfer,
    download_rows,
    admin_rows,
) -> str:
    def time_rows(rows):
        return [
            [
                f"`{r['page']}`",
                r["status"],
                f"{r['median_ms']:.1f}",
                f"{r['p95_ms']:.1f}",
                r["queries"],
                f"{r['html_kb']:.1f}",
                mark(
                    r["status"] == 200
                    and r["median_ms"] <= PAGE_MEDIAN_MS
                    and r["queries"] <= PAGE_QUERIES
                ),
            ]
            for r in rows
        ]

    def wrk_rows(rows):
        return [
            [
                f"`{r['page']}`",
                f"{r['uncached']:.0f}",
                f"{r['uncached_ratio']:.0%}",
                f"{r['cached']:.0f}",
                f"{r['cached_ratio']:.0%}",
                "" if r["page"] == "/healthz" else mark(r["cached_ratio"] >= CACHED_RATIO),
            ]
            for r in rows
        ]

    def download_table(rows):
        return [
            [
                f"`{r['path']}`",
                r["status"],
                f"{r['lines'] - 1:,}" if r["status"] == 200 and "csv" in r["path"] else "",
                f"{r['mb']:.1f}",
                f"{r['first_byte']:.2f}",
                f"{r['seconds']:.1f}",
                f"{r['rss_before_mb']:.0f} → {r['rss_peak_mb']:.0f}",
            ]
            for r in rows
        ]

    def admin_table(rows):
        return [
            [
                f"`{r['page']}`",
                r["status"],
                f"{r['median_ms']:.1f}",
                f"{r['max_ms']:.1f}",
                r["queries"],
                "— (not offered: no one may add these)"
                if r["status"] == 403
                else mark(
                    r["status"] == 200
                    and r["median_ms"] <= ADMIN_MS
                    and r["queries"] <= ADMIN_QUERIES
                ),
            ]
            for r in rows
        ]

    page_headers = ["page", "status", "median ms", "p95 ms", "SQL queries", "HTML KiB", "budget"]
    wrk_headers = ["page", "uncached", "ratio", "cached", "ratio", "budget"]

    parts = [
        f"<!-- bench:{kind} -->",
        f"## {kind}: {db_version}",
        "",
        f"Machine: {machine()}. Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        f"Command: `{command}`. Page cache of the gunicorn runs: "
        f"{'Redis (deploy/redis-bjdigital.conf)' if CACHE['url'] else 'local memory'}.",
        "",
        f"Synthetic data set: {scale['regions']:,} regions × {scale['indicators']} indicators × "
        f"{scale['periods']} periods = {scale['observations']:,} figures, plus "
        f"{scale['shapes']['statements']:,} statements of the real shapes "
        f"({scale['shapes']['revised']:,} revised by an older source, "
        f"{scale['shapes']['restated']:,} restated by a newer one and "
        f"{scale['shapes']['translated']:,} by its translation, {scale['shapes']['targets']:,} "
        f"targets, {scale['shapes']['single_period']:,} single-period figures, "
        f"{scale['shapes']['places']:,} places in rankings among 100 siblings): "
        f"{scale['total']:,} observations in all (generated in {generated_seconds:.0f} s), on "
        "top of the data release.",
        "",
        f"Load average (1 min) at the start and the end of the run: {LOAD.get('start', 0):.1f} "
        f"and {LOAD.get('end', 0):.1f} on {os.cpu_count()} cores"
        + (
            " — the machine was shared with other work while it ran, so these numbers are "
            "noisier (and slower) than on an idle machine."
            if max(LOAD.values(), default=0) > (os.cpu_count() or 1) / 2
            else "."
        ),
        "",
        f"Budgets: every public page's median ≤ {PAGE_MEDIAN_MS} ms with ≤ {PAGE_QUERIES} SQL "
        f"queries, cached throughput ≥ {CACHED_RATIO:.0%} of `/healthz`'s; every admin page ≤ "
        f"{ADMIN_MS} ms and ≤ {ADMIN_QUERIES} queries; the whole CSV within {CSV_SECONDS} s.",
        "",
        "### Server time per page, uncached (in-process, production settings)",
        "",
        "Fixture scale (the data release):",
        "",
        table(page_headers, time_rows(fixture_rows)),
        "",
        f"Synthetic scale ({scale['total']:,} observations):",
        "",
        table(page_headers, time_rows(synthetic_rows)),
        "",
        "### Throughput with gunicorn and wrk (requests/s; ratio to /healthz in the same run)",
        "",
        "Fixture scale:",
        "",
        table(wrk_headers, wrk_rows(fixture_wrk)),
        "",
        "Synthetic scale:",
        "",
        table(wrk_headers, wrk_rows(synthetic_wrk)),
        "",
        "### Downloads at synthetic scale (gunicorn, one worker; read to the end over HTTP)",
        "",
        "CSV streams (core/streaming.py); an XLSX is written in openpyxl's write-only mode to a "
        "temporary file, at most 100,000 rows (beyond: a 400 page offering the CSV).",
        "",
        table(
            ["download", "status", "rows", "MB", "first byte s", "total s", "worker RSS MB"],
            download_table(download_rows),
        ),
        "",
        "### Admin pages at synthetic scale (in-process, superuser)",
        "",
        table(
            ["page", "status", "median ms", "max ms", "SQL queries", "budget"],
            admin_table(admin_rows),
        ),
        "",
        f"### First load of `{transfer['page']}` (as served, gzip)",
        "",
        table(
            ["part", "body bytes", "header bytes", "encoding"],
            [[f"`{k}`", v[0], v[1], v[2]] for k, v in transfer["parts"].items()],
        ),
        "",
        f"Total: **{transfer['total_kb']:.1f} KiB** transferred.",
        f"<!-- /bench:{kind} -->",
    ]
    return "\n".join(parts)


def write_report(section: str, kind: str):
    path = ROOT / "docs" / "performance.md"
    path.parent.mkdir(exist_ok=True)
    intro = (
        '# Performance\n\nWritten by `bench/benchmark.py` (see the README\'s "Benchmarks"). '
        "Each database's section is replaced when the benchmark runs on it again.\n"
    )
    text = path.read_text(encoding="utf-8") if path.exists() else intro
    pattern = re.compile(rf"<!-- bench:{kind} -->.*?<!-- /bench:{kind} -->", re.S)
    text = (
        pattern.sub(section, text)
        if pattern.search(text)
        else text.rstrip() + "\n\n" + section + "\n"
    )
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--postgres-url", default="postgres://postgres@127.0.0.1:5432/bjdigital_bench"
    )
    parser.add_argument("--regions", type=int, default=3000)
    parser.add_argument("--indicators", type=int, default=100)
    parser.add_argument("--periods", type=int, default=5)
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    parser.add_argument("--wrk-seconds", type=int, default=5)
    parser.add_argument("--wrk-connections", type=int, default=8)
    parser.add_argument(
        "--cache",
        choices=["redis", "locmem"],
        default="redis" if shutil.which("redis-server") else "locmem",
        help="the page cache of the gunicorn runs: a redis-server of the benchmark's own (as in "
        "production, deploy/bjdigital.env.example) or each worker's local memory",
    )
    parser.add_argument(
        "--no-report", action="store_true", help="print only; leave docs/performance.md"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install -y wrk")

    workdir = Path(tempfile.mkdtemp(prefix="bjdigital-bench-"))
    redis = None
    if args.cache == "redis":
        redis = Redis(workdir)
        redis.start()
        CACHE["url"] = redis.url
    try:
        run(args, workdir)
    finally:
        if redis is not None:
            redis.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def run(args, workdir: Path):
    LOAD["start"] = os.getloadavg()[0]
    static_root = workdir / "static"
    database_url = prepare_database(args.db, args.postgres_url, workdir)
    os.environ.update(environment(database_url, static_root, 0))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    fixtures = sorted(str(p) for p in (ROOT / "fixtures").glob("*.json"))
    call_command("migrate", verbosity=0)
    call_command("loaddata", *fixtures, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    db_version = (
        f"{connection.vendor} {connection.Database.sqlite_version}"
        if args.db == "sqlite"
        else (f"PostgreSQL {connection.cursor().connection.info.server_version}")
    )
    print(f"== {db_version}: fixture scale, in-process", flush=True)
    fixture_pages = FIXTURE_PAGES + existing(OPTIONAL_PAGES)
    fixture_rows = measure_in_process(fixture_pages, args.requests)
    print("== fixture scale, gunicorn + wrk", flush=True)
    fixture_wrk = throughput(
        database_url, static_root, fixture_pages, args.wrk_seconds, args.wrk_connections
    )
    transfer = first_load(database_url, static_root, "/districts/haidian/")
    print(f"== first load of /districts/haidian/: {transfer['total_kb']:.1f} KiB", flush=True)

    print(f"== generating {args.regions} x {args.indicators} x {args.periods}", flush=True)
    from bench.synthetic import add_real_shapes, generate

    start = time.perf_counter()
    scale = generate(args.regions, args.indicators, args.periods)
    scale["shapes"] = add_real_shapes()
    scale["total"] = scale["observations"] + scale["shapes"]["statements"]
    generated_seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics for the planner after a bulk load
    print(f"   {scale['total']:,} observations in {generated_seconds:.0f} s", flush=True)
    print("== synthetic scale, in-process", flush=True)
    pages = FIXTURE_PAGES + existing(OPTIONAL_PAGES) + synthetic_pages()
    synthetic_rows = measure_in_process(pages, max(5, args.requests // 2))
    print("== synthetic scale, gunicorn + wrk", flush=True)
    synthetic_wrk = throughput(
        database_url, static_root, pages, args.wrk_seconds, args.wrk_connections
    )
    print("== synthetic scale, downloads (gunicorn, one worker)", flush=True)
    download_rows = downloads(
        database_url,
        static_root,
        [
            "/en/data/?_export=csv",
            "/en/data/?topic=scale&year=2024&_export=xlsx",
            "/en/data/?_export=xlsx",
        ],
    )
    print("== synthetic scale, admin pages (in-process)", flush=True)
    admin_rows = measure_admin(max(3, args.requests // 4))

    LOAD["end"] = os.getloadavg()[0]
    command = "bench/benchmark.py " + " ".join(sys.argv[1:])
    section = report(
        args.db,
        db_version,
        command,
        scale,
        generated_seconds,
        fixture_rows,
        synthetic_rows,
        fixture_wrk,
        synthetic_wrk,
        transfer,
        download_rows,
        admin_rows,
    )
    print(section)
    if not args.no_report:
        write_report(section, args.db)


if __name__ == "__main__":
    main()
