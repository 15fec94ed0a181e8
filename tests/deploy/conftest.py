"""Servers of the tests' own: a PostgreSQL cluster (initdb in a temporary folder, another port)
and gunicorn with the production settings. Stopping them disturbs nothing else on the machine.
"""

import json
import os
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
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    if candidates:
        return str(candidates[0])
    raise RuntimeError(
        f"PostgreSQL's {name} was not found: install the server (apt-get install postgresql) "
        "to run the deployment tests"
    )


def as_postgres_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root; CI runs as root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@dataclass
class Postgres:
    data_dir: Path
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/bjdigital"

    def ctl(self, *args: str, check: bool = True):
        return subprocess.run(
            as_postgres_user([pg_bin("pg_ctl"), "-D", str(self.data_dir), *args]),
            check=check,
            capture_output=True,
            text=True,
            timeout=60,
        )

    def start(self):
        self.ctl(
            "-l",
            str(self.log),
            "-w",
            "-o",
            f"-p {self.port} -k {self.data_dir} -c listen_addresses=127.0.0.1",
            "start",
        )

    def stop(self):
        self.ctl("-m", "fast", "-w", "stop", check=False)


@pytest.fixture(scope="session")
def postgres():
    base = Path(tempfile.mkdtemp(prefix="bjdigital-pg-"))
    data = base / "data"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
        shutil.chown(data, "postgres", "postgres")
    subprocess.run(
        as_postgres_user(
            [pg_bin("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )
    server = Postgres(data_dir=data, port=free_port(), log=base / "postgres.log")
    server.start()
    subprocess.run(
        as_postgres_user(
            [
                pg_bin("createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(server.port),
                "-U",
                "postgres",
                "bjdigital",
            ]
        ),
        check=True,
        timeout=60,
    )
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)


def production_env(postgres: Postgres, static_root: Path, port: int) -> dict:
    """Only what an operator must set, plus where to bind and put static files."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "GUNICORN_"))
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=postgres.url,
        DJANGO_STATIC_ROOT=str(static_root),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
        GUNICORN_ACCESSLOG="",
    )
    return env


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


class App:
    """A running gunicorn, spoken to as nginx would (X-Forwarded-Proto: https)."""

    def __init__(self, env: dict, port: int, log: Path):
        self.env, self.port, self.log = env, port, log
        self.process: subprocess.Popen | None = None

    def start(self):
        self.process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "bjdigital.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.get("/healthz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer within 60 s; see {self.log}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def workers(self) -> list[int]:
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True)
        return [int(pid) for pid in out.stdout.split()]

    def get(
        self, path: str, headers: dict | None = None, https: bool = True, timeout: float = 20
    ) -> Response:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", headers=headers or {}
        )
        if https:
            request.add_header("X-Forwarded-Proto", "https")

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        start = time.monotonic()
        try:
            with opener.open(request, timeout=timeout) as response:
                return Response(
                    response.status,
                    dict(response.headers),
                    response.read(),
                    time.monotonic() - start,
                )
        except urllib.error.HTTPError as error:
            return Response(error.code, dict(error.headers), error.read(), time.monotonic() - start)


@pytest.fixture(scope="session")
def app(postgres, tmp_path_factory):
    work = tmp_path_factory.mktemp("app")
    port = free_port()
    env = production_env(postgres, work / "static", port)
    python = str(VENV_BIN / "python")
    fixtures = sorted(str(p) for p in (ROOT / "fixtures").glob("*.json"))
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["loaddata", "-v0", *fixtures],
        ["collectstatic", "--noinput", "-v0"],
        ["check", "--deploy", "--fail-level", "WARNING"],
    ):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=300)
    server = App(env, port, work / "gunicorn.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()
