"""The shipped deployment files agree with each other and with the settings.

deploy/bjdigital.env.example is what an operator copies to /etc/bjdigital/env on every server:
with a real secret key it passes ``manage.py check --deploy``, and it shares the page cache and
import previews through Redis (README, "Scaling out").
"""

import re
import secrets
import subprocess
import sys
from pathlib import Path

from deploy.topology import SITE, render_site

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "deploy" / "bjdigital.env.example"


def example_env() -> dict[str, str]:
    values = {}
    for line in EXAMPLE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _eq, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def test_the_env_example_shares_the_cache_through_redis_and_is_production():
    env = example_env()
    assert env["DJANGO_DEBUG"] == "0"
    assert env["DJANGO_CACHE_URL"] == "redis://127.0.0.1:6379/1"
    assert "DJANGO_IMPORT_PREVIEW_DIR" not in env  # previews wait in Redis, for every server
    assert env["DATABASE_URL"].startswith("postgres://")


def test_the_env_example_passes_check_deploy():
    env = example_env()
    env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(64)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_site_file_takes_several_app_servers():
    site = render_site(
        SITE.read_text(),
        http_port=8080,
        https_port=8443,
        app_ports=[8001, 8002, 8003],
        cert="/tmp/c.pem",
        key="/tmp/k.pem",
        static_root="/tmp/static",
    )
    upstream = re.search(r"upstream bjdigital_app \{(.*?)\}", site, re.S).group(1)
    assert re.findall(
        r"^\s*server 127\.0\.0\.1:(\d+) max_fails=2 fail_timeout=5s;", upstream, re.M
    ) == [
        "8001",
        "8002",
        "8003",
    ]
    assert "proxy_next_upstream error timeout http_502 http_503;" in site
    assert "proxy_connect_timeout 5s;" in site
    assert "non_idempotent" not in site.replace('non_idempotent", which', "")
