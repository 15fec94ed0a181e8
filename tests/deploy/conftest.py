"""Servers of the tests' own: a PostgreSQL cluster (initdb in a temporary folder, another port)
and gunicorn with the production settings. Stopping them disturbs nothing else on the machine.
"""

import os
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.servers import (
    App,
    Postgres,
    as_postgres_user,
    free_port,
    manage,
    pg_bin,
    prepare_release,
)


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


@pytest.fixture(scope="session")
def app(postgres, tmp_path_factory):
    work = tmp_path_factory.mktemp("app")
    port = free_port()
    env = production_env(postgres, work / "static", port)
    prepare_release(env)
    manage(env, "check", "--deploy", "--fail-level", "WARNING")
    server = App(env, port, work / "gunicorn.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()
