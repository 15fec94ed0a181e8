"""The scale-out topology on one machine: nginx in front of several gunicorns, PostgreSQL, Redis.

    .venv/bin/python deploy/topology.py                 # two app servers; Ctrl-C stops everything
    .venv/bin/python deploy/topology.py --servers 3
    .venv/bin/python deploy/topology.py --database-url postgres://postgres@127.0.0.1:5432/mydb

It runs the shipped files as an operator would, each from a temporary folder on free ports, as the
current user (PostgreSQL as ``postgres`` when run as root, since it refuses root), and changes
nothing else on the machine:

- **PostgreSQL**: a cluster of its own (``initdb``), or an existing database (``--database-url``),
  with the release prepared on it (migrate, loaddata, populate_history, collectstatic);
- **Redis**: ``redis-server deploy/redis-bjdigital.conf`` with another port and folder (no
  persistence, a memory cap with LRU eviction, as shipped);
- **app servers**: ``gunicorn -c deploy/gunicorn.conf.py`` with the production settings, the same
  environment on each (one secret key, one database, ``DJANGO_CACHE_URL`` naming that Redis);
- **nginx**: ``deploy/nginx-bjdigital.conf`` rendered with the operator's edits — server name,
  a self-signed certificate, ports, the static folder and one ``server`` line per app server in
  its ``upstream`` — and a minimal nginx.conf of its own.

tests/deploy/test_topology.py starts it (``Topology``) and checks what scaling out promises: an
edit on one server shows on the other at once, an import previewed on one is confirmed on the
other, a server killed under load costs no GET, and pages are served (uncached) while Redis is
down. Needs PostgreSQL's server binaries, redis-server and nginx (README, "Scaling out").
"""

import argparse
import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
SITE = ROOT / "deploy" / "nginx-bjdigital.conf"
REDIS_CONF = ROOT / "deploy" / "redis-bjdigital.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# Each extra app server as the site file's comment recommends it: marked down for a few seconds
# after two failures, so that nginx stops trying it at once while it is away.
UPSTREAM_SERVER = "server 127.0.0.1:{port} max_fails=2 fail_timeout=5s;"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, seconds: float, what: str, log: Path | None = None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(
        f"{what} did not come up within {seconds:.0f} s" + (f"; see {log}" if log else "")
    )


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _pg_bin(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)), None
    )
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is missing: apt-get install -y postgresql")
    return str(found)


class Postgres:
    """A cluster of our own in ``work`` (initdb, trust on loopback, another port)."""

    def __init__(self, work: Path):
        self.data = work / "pgdata"
        self.port = free_port()
        self.log = work / "postgres.log"

    def start(self, database: str) -> str:
        self.data.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.data.parent, "postgres", "postgres")
            shutil.chown(self.data, "postgres", "postgres")
        subprocess.run(
            _as_postgres(
                [_pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust"]
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )
        self.ctl(
            "-l", str(self.log), "-w", "-o",
            f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1", "start",
        )  # fmt: skip
        subprocess.run(
            _as_postgres(
                [_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                 database]
            ),
            check=True,
            timeout=60,
        )  # fmt: skip
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def ctl(self, *args: str):
        return subprocess.run(
            _as_postgres([_pg_bin("pg_ctl"), "-D", str(self.data), *args]),
            check=True,
            capture_output=True,
            timeout=60,
        )

    def stop(self):
        if self.data.exists():
            subprocess.run(
                _as_postgres([_pg_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]),
                capture_output=True,
                timeout=60,
            )


class Redis:
    """redis-server with the shipped configuration, on another port, in a folder of its own."""

    def __init__(self, work: Path):
        self.work = work
        self.port = free_port()
        self.log = work / "redis.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/1"

    def command(self, *args: str, database: int = 1) -> str:
        """One command's reply, in the database the app servers use (redis://…/1)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
            s.sendall(f"SELECT {database}\r\n{' '.join(args)}\r\n".encode())
            reply = b""
            while reply.count(b"\r\n") < 2:
                piece = s.recv(65536)
                if not piece:
                    break
                reply += piece
            return reply.decode(errors="replace").split("\r\n", 1)[1]

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "/usr/bin/redis-server",
                str(REDIS_CONF),
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--dir", str(self.work),
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
                "--logfile", str(self.log),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(lambda: "+PONG" in self.command("PING"), 10, "redis-server", self.log)

    def keys(self) -> int:
        """How many keys the app servers' database holds."""
        return int(self.command("DBSIZE").strip().lstrip(":") or 0) if self.up() else 0

    def up(self) -> bool:
        try:
            return "+PONG" in self.command("PING")
        except OSError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class AppServer:
    """One gunicorn (deploy/gunicorn.conf.py) in a process group of its own."""

    def __init__(self, env: dict, work: Path, name: str):
        self.port = free_port()
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        self.log = work / f"gunicorn-{name}.log"
        self.name = name
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "bjdigital.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill() takes the workers too
        )

    def wait(self):
        def healthy():
            request = urllib.request.Request(f"{self.url}/healthz")
            with urllib.request.urlopen(request, timeout=2) as response:
                return response.status == 200

        wait_for(healthy, 60, f"gunicorn {self.name}", self.log)

    def kill(self):
        """The server dies at once, workers and all (a crash, a host gone)."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


NGINX_CONF = """\
{user}worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log info;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {work}/access.log;
    client_body_temp_path {work}/client_body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/bjdigital.conf;
}}
"""


def render_site(text: str, *, http_port, https_port, app_ports, cert, key, static_root) -> str:
    """The operator's edits to deploy/nginx-bjdigital.conf, each of which must find what it
    replaces: server name, ports, certificate, static folder, and the app servers."""
    servers = "\n    ".join(UPSTREAM_SERVER.format(port=port) for port in app_ports)
    edits = [
        (r"server_name bjdigital\.example\.org;", "server_name localhost;", 2),
        (r"listen \[::\]:(80|443)[^;]*;", "", 2),  # IPv6 may be off in a container
        (r"listen 80;", f"listen 127.0.0.1:{http_port};", 1),
        (r"listen 443 ", f"listen 127.0.0.1:{https_port} ", 1),
        (r"ssl_certificate +/etc/ssl/certs/bjdigital\.pem;", f"ssl_certificate {cert};", 1),
        (r"ssl_certificate_key /etc/ssl/private/bjdigital\.key;", f"ssl_certificate_key {key};", 1),
        (r"server 127\.0\.0\.1:8000 fail_timeout=0;", servers, 1),
        (r"alias /srv/bjdigital/app/staticfiles/;", f"alias {static_root}/;", 1),
    ]
    for pattern, replacement, expected in edits:
        text, found = re.subn(pattern, lambda _m, r=replacement: r, text)
        if found != expected:
            raise ValueError(f"{pattern!r} found {found} times in {SITE}, not {expected}")
    return text


class Nginx:
    def __init__(self, work: Path):
        self.work = work
        self.http_port, self.https_port = free_port(), free_port()
        self.cert, self.key = work / "localhost.pem", work / "localhost.key"
        self.conf = work / "nginx.conf"
        self.process: subprocess.Popen | None = None

    def configure(self, app_ports: list[int], static_root: Path):
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-keyout", str(self.key), "-out", str(self.cert), "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )  # fmt: skip
        (self.work / "bjdigital.conf").write_text(
            render_site(
                SITE.read_text(),
                http_port=self.http_port,
                https_port=self.https_port,
                app_ports=app_ports,
                cert=self.cert,
                key=self.key,
                static_root=static_root,
            )
        )
        # A temporary folder may be root's only: as root, the workers stay root to read it.
        user = "user root;\n" if os.geteuid() == 0 else ""
        self.conf.write_text(NGINX_CONF.format(user=user, work=self.work))

    def command(self, *args: str) -> list[str]:
        return [NGINX, "-p", str(self.work), "-e", str(self.work / "error.log"), "-c",
                str(self.conf), *args]  # fmt: skip

    def start(self):
        checked = subprocess.run(self.command("-t"), capture_output=True, text=True, timeout=30)
        if checked.returncode != 0:
            raise RuntimeError(f"nginx -t refuses the rendered site file:\n{checked.stderr}")
        self.process = subprocess.Popen(
            self.command("-g", "daemon off;"),
            stdout=subprocess.DEVNULL,
            stderr=(self.work / "stderr.log").open("ab"),
        )

        def listening():
            for port in (self.http_port, self.https_port):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True

        wait_for(listening, 10, "nginx", self.work / "error.log")

    def error_log(self) -> str:
        path = self.work / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def production_env(database_url: str, cache_url: str, static_root: Path) -> dict:
    """What an operator sets on every app server (deploy/bjdigital.env.example), no more."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "GUNICORN_"))
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="localhost,127.0.0.1",
        DATABASE_URL=database_url,
        DJANGO_CACHE_URL=cache_url,
        DJANGO_STATIC_ROOT=str(static_root),
        GUNICORN_WORKERS="2",
        GUNICORN_ACCESSLOG="",
    )
    return env


def manage(env: dict, *args: str, timeout: int = 300):
    subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=timeout,
        stdout=subprocess.DEVNULL,
    )


def prepare_release(env: dict):
    """What an operator does once before the servers start (README, "Deploying")."""
    fixtures = sorted(str(p) for p in (ROOT / "fixtures").glob("*.json"))
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "loaddata", "-v0", *fixtures)
    manage(env, "populate_history", "--auto")
    manage(env, "collectstatic", "--noinput", "-v0")


class Topology:
    """Everything above, started in order and stopped in reverse (a context manager).

    ``database_url``: an existing, empty database to prepare the release on; without it a
    PostgreSQL cluster of its own is initdb'd in the temporary folder.
    """

    def __init__(self, servers: int = 2, database_url: str | None = None, work: Path | None = None):
        self.work = Path(work or tempfile.mkdtemp(prefix="bjdigital-topology-"))
        self.count = servers
        self.database_url = database_url
        self.postgres: Postgres | None = None
        self.redis = Redis(self.work)
        self.nginx = Nginx(self.work)
        self.servers: list[AppServer] = []
        self.env: dict = {}

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        if self.database_url is None:
            self.postgres = Postgres(self.work)
            self.database_url = self.postgres.start("bjdigital")
        self.redis.start()
        static_root = self.work / "static"
        self.env = production_env(self.database_url, self.redis.url, static_root)
        prepare_release(self.env)
        self.servers = [
            AppServer(self.env, self.work, chr(ord("a") + i)) for i in range(self.count)
        ]
        for server in self.servers:
            server.start()
        for server in self.servers:
            server.wait()
        self.nginx.configure([s.port for s in self.servers], static_root)
        self.nginx.start()

    def stop(self):
        self.nginx.stop()
        for server in self.servers:
            server.stop()
        self.redis.stop()
        if self.postgres is not None:
            self.postgres.stop()

    @property
    def url(self) -> str:
        return f"https://localhost:{self.nginx.https_port}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--database-url", help="an existing, empty database (default: initdb)")
    args = parser.parse_args()
    with Topology(args.servers, args.database_url) as topology:
        print(f"nginx:   {topology.url}/  (self-signed: {topology.nginx.cert})")
        for server in topology.servers:
            print(f"gunicorn {server.name}: {server.url}  (log {server.log})")
        print(f"redis:   {topology.redis.url}")
        print(f"database: {topology.database_url}")
        print(f"files:   {topology.work}   — Ctrl-C stops everything")
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()


if __name__ == "__main__":
    main()
