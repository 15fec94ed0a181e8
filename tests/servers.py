"""Real servers for tests: PostgreSQL clusters of their own and gunicorn processes."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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
    """A running gunicorn, spoken to as nginx would (X-Forwarded-Proto: https) unless told not to."""

    def __init__(self, env: dict, port: int, log: Path, forwarded_https: bool = True):
        self.env, self.port, self.log = env, port, log
        self.forwarded_https = forwarded_https
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

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(
        self, path: str, headers: dict | None = None, https: bool | None = None, timeout: float = 20
    ) -> Response:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", headers=headers or {}
        )
        if self.forwarded_https if https is None else https:
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


def manage(env: dict, *args: str, timeout: int = 300):
    subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=timeout,
    )


def prepare_release(env: dict) -> None:
    """What an operator does before starting the app: schema, data, history, static files."""
    fixtures = sorted(str(p) for p in (ROOT / "fixtures").glob("*.json"))
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "loaddata", "-v0", *fixtures)
    manage(env, "populate_history", "--auto")
    manage(env, "publish_release", "--if-none", "--note", "The data release")
    manage(env, "collectstatic", "--noinput", "-v0")
