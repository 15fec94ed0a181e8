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
   1.5 million figures) and repeats 1 and 2;
5. prints the tables and writes them into docs/performance.md (one section per database).
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
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV_BIN = Path(sys.executable).parent

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
]


def synthetic_pages() -> list[str]:
    """Pages about the generated regions: the first, a middle and the last district."""
    from districts.models import Region

    districts = list(
        Region.objects.filter(slug__startswith="syn-", kind="district")
        .order_by("order")
        .values_list("slug", flat=True)
    )
    first, middle, last = districts[0], districts[len(districts) // 2], districts[-1]
    return [
        f"/districts/{first}/",
        f"/districts/{last}/",
        f"/compare/?regions={first},{middle},{last}",
        "/indicators/syn-i001/",
        "/sources/synthetic-benchmark/",
        f"/data/?region={middle}",
        "/data/?indicator=syn-i002&year=2024",
    ]


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
        GUNICORN_ACCESSLOG="",
        GUNICORN_BIND=bind,
        PYTHONPATH=str(ROOT),
    )
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


def wrk(url: str, seconds: int, connections: int) -> float:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
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
                urllib.request.urlopen(
                    urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"}), timeout=60
                ).read()
                rows[page][label] = wrk(url, seconds, connections)
                print(f"  {label:8s} {page:62s} {rows[page][label]:8.1f} req/s", flush=True)
    health = rows["/healthz"]
    for row in rows.values():
        for label in ("uncached", "cached"):
            row[f"{label}_ratio"] = row[label] / health[label] if health[label] else 0.0
    return list(rows.values())


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
            ]
            for r in rows
        ]

    parts = [
        f"<!-- bench:{kind} -->",
        f"## {kind}: {db_version}",
        "",
        f"Machine: {machine()}. Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        f"Command: `{command}`",
        "",
        f"Synthetic data set: {scale['regions']:,} regions × {scale['indicators']} indicators × "
        f"{scale['periods']} periods = {scale['observations']:,} observations (generated in "
        f"{generated_seconds:.0f} s), on top of the data release.",
        "",
        "### Server time per page, uncached (in-process, production settings)",
        "",
        "Fixture scale (the data release):",
        "",
        table(
            ["page", "status", "median ms", "p95 ms", "SQL queries", "HTML KiB"],
            time_rows(fixture_rows),
        ),
        "",
        f"Synthetic scale ({scale['observations']:,} observations):",
        "",
        table(
            ["page", "status", "median ms", "p95 ms", "SQL queries", "HTML KiB"],
            time_rows(synthetic_rows),
        ),
        "",
        "### Throughput with gunicorn and wrk (requests/s; ratio to /healthz in the same run)",
        "",
        "Fixture scale:",
        "",
        table(["page", "uncached", "ratio", "cached", "ratio"], wrk_rows(fixture_wrk)),
        "",
        "Synthetic scale:",
        "",
        table(["page", "uncached", "ratio", "cached", "ratio"], wrk_rows(synthetic_wrk)),
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
        "--no-report", action="store_true", help="print only; leave docs/performance.md"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install -y wrk")

    workdir = Path(tempfile.mkdtemp(prefix="bjdigital-bench-"))
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
    fixture_rows = measure_in_process(FIXTURE_PAGES, args.requests)
    print("== fixture scale, gunicorn + wrk", flush=True)
    fixture_wrk = throughput(
        database_url, static_root, FIXTURE_PAGES, args.wrk_seconds, args.wrk_connections
    )
    transfer = first_load(database_url, static_root, "/districts/haidian/")
    print(f"== first load of /districts/haidian/: {transfer['total_kb']:.1f} KiB", flush=True)

    print(f"== generating {args.regions} x {args.indicators} x {args.periods}", flush=True)
    from bench.synthetic import generate

    start = time.perf_counter()
    scale = generate(args.regions, args.indicators, args.periods)
    generated_seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics for the planner after a bulk load
    print(f"   {scale['observations']:,} observations in {generated_seconds:.0f} s", flush=True)
    print("== synthetic scale, in-process", flush=True)
    pages = FIXTURE_PAGES + synthetic_pages()
    synthetic_rows = measure_in_process(pages, max(5, args.requests // 2))
    print("== synthetic scale, gunicorn + wrk", flush=True)
    synthetic_wrk = throughput(
        database_url, static_root, pages, args.wrk_seconds, args.wrk_connections
    )

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
    )
    print(section)
    if not args.no_report:
        write_report(section, args.db)
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
