"""The shipped nginx site (deploy/nginx-bjdigital.conf), run for real in front of gunicorn.

The file is rendered with only what an operator changes — server name, certificate, ports
(free high ones instead of 80/443), the app's address and the static folder — and run by
/usr/sbin/nginx with a minimal nginx.conf of its own in a temporary folder, so nothing on the
machine is touched. Every request goes over real TLS (a self-signed certificate the client
trusts) or plain HTTP. .ci/run runs these with the other deployment tests (marker ``deploy``).
"""

import http.client
import json
import os
import re
import secrets
import signal
import socket
import ssl
import subprocess
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote, urlencode

import pytest

from tests.deploy.conftest import production_env
from tests.deploy.test_deploy import assert_security_headers
from tests.servers import ROOT, App, Response, free_port, manage, prepare_release

pytestmark = pytest.mark.deploy

SITE = ROOT / "deploy" / "nginx-bjdigital.conf"
NGINX = "/usr/sbin/nginx"
YEAR = "max-age=31536000"
LOGIN_BURST = 5  # limit_req ... burst=5 in the site file
ECDHE_AEAD_TLS12 = {
    "ECDHE-RSA-AES128-GCM-SHA256",
    "ECDHE-RSA-AES256-GCM-SHA384",
    "ECDHE-RSA-CHACHA20-POLY1305",
}  # the intermediate suites an RSA certificate can use (the ECDSA ones need an ECDSA key)


def render_site(text: str, *, http_port, https_port, app_port, cert, key, static_root) -> str:
    """The operator's edits, each of which must find what it replaces in the shipped file."""
    edits = [
        (r"server_name bjdigital\.example\.org;", "server_name localhost;", 2),
        (r"listen \[::\]:(80|443)[^;]*;", "", 2),  # IPv6 may be off in a container
        (r"listen 80;", f"listen 127.0.0.1:{http_port};", 1),
        (r"listen 443 ", f"listen 127.0.0.1:{https_port} ", 1),
        (r"ssl_certificate +/etc/ssl/certs/bjdigital\.pem;", f"ssl_certificate {cert};", 1),
        (r"ssl_certificate_key /etc/ssl/private/bjdigital\.key;", f"ssl_certificate_key {key};", 1),
        (r"server 127\.0\.0\.1:8000 ", f"server 127.0.0.1:{app_port} ", 1),
        (r"alias /srv/bjdigital/app/staticfiles/;", f"alias {static_root}/;", 1),
    ]
    for pattern, replacement, expected in edits:
        text, found = re.subn(pattern, lambda _m, r=replacement: r, text)
        assert found == expected, f"{pattern!r} found {found} times in {SITE}, not {expected}"
    return text


MAIN_CONF = """\
{user}worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log info;
events {{ worker_connections 128; }}
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


class Nginx:
    def __init__(self, work: Path, http_port: int, https_port: int, cert: Path):
        self.work, self.http_port, self.https_port, self.cert = work, http_port, https_port, cert
        self.conf = work / "nginx.conf"
        self.process: subprocess.Popen | None = None
        self.checked: subprocess.CompletedProcess | None = None  # nginx -t, before the start

    def command(self, *args: str) -> list[str]:
        return [
            NGINX,
            "-p",
            str(self.work),
            "-e",
            str(self.work / "error.log"),
            "-c",
            str(self.conf),
            *args,
        ]

    def test_config(self) -> subprocess.CompletedProcess:
        return subprocess.run(self.command("-t"), capture_output=True, text=True, timeout=30)

    def start(self):
        self.process = subprocess.Popen(
            self.command("-g", "daemon off;"),
            stdout=subprocess.DEVNULL,
            stderr=(self.work / "stderr.log").open("ab"),
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            assert self.process.poll() is None, (self.work / "error.log").read_text()
            try:
                for port in (self.http_port, self.https_port):
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"nginx did not listen within 10 s; see {self.work / 'error.log'}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful shutdown
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def tls_context(self, **kwargs) -> ssl.SSLContext:
        """A client that trusts our certificate and speaks exactly what it is told to."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.load_verify_locations(self.cert)
        for name, value in kwargs.items():
            if name == "ciphers":
                context.set_ciphers(value)
            else:
                setattr(context, name, value)
        return context

    def handshake(self, context: ssl.SSLContext) -> ssl.SSLSocket:
        raw = socket.create_connection(("127.0.0.1", self.https_port), timeout=10)
        try:
            return context.wrap_socket(raw, server_hostname="localhost")
        except BaseException:
            raw.close()
            raise

    def request(
        self,
        method: str,
        path: str,
        *,
        https: bool = True,
        headers: dict | None = None,
        body: bytes | None = None,
        declared_length: int | None = None,
        client: str = "127.0.0.1",
        cookies: SimpleCookie | None = None,
    ) -> Response:
        """One request on a fresh connection, from the loopback address ``client`` (nginx's
        rate limit counts per address). ``declared_length`` sends only the headers of a request
        announcing that many body bytes: nginx judges the size from them. ``cookies`` is sent
        and updated from the answer's Set-Cookie."""
        if https:
            connection = http.client.HTTPSConnection(
                "127.0.0.1",
                self.https_port,
                context=self.tls_context(),
                timeout=20,
                source_address=(client, 0),
            )  # the certificate names 127.0.0.1 too; Host says localhost
        else:
            connection = http.client.HTTPConnection(
                "127.0.0.1", self.http_port, timeout=20, source_address=(client, 0)
            )
        headers = {"Host": "localhost", **(headers or {})}
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in cookies.items())
        start = time.monotonic()
        try:
            if declared_length is None:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
            else:
                connection.putrequest(method, path, skip_host=True)
                for name, value in headers.items():
                    connection.putheader(name, value)
                connection.putheader("Content-Type", "application/x-www-form-urlencoded")
                connection.putheader("Content-Length", str(declared_length))
                connection.endheaders()
                connection.sock.settimeout(5)  # a refusal comes at once
                try:
                    response = connection.getresponse()
                except TimeoutError:
                    pytest.fail(f"{method} {path}: nginx accepted a {declared_length}-byte body")
            if cookies is not None:
                for line in response.headers.get_all("Set-Cookie") or []:
                    cookies.load(line)
            return Response(
                response.status, dict(response.headers), response.read(), time.monotonic() - start
            )
        finally:
            connection.close()

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)


@pytest.fixture(scope="module")
def sqlite_app(tmp_path_factory):
    """gunicorn with the production settings, as in conftest's ``app``, but on SQLite: this
    module tests nginx, and SQLite saves it a PostgreSQL cluster."""
    work = tmp_path_factory.mktemp("nginx-app")
    port = free_port()
    database = SimpleNamespace(url=f"sqlite:///{work / 'db.sqlite3'}")
    env = production_env(database, work / "static", port)
    prepare_release(env)
    server = App(env, port, work / "gunicorn.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def nginx(sqlite_app, tmp_path_factory):
    if not Path(NGINX).exists():
        pytest.fail(
            f"{NGINX} is missing: the nginx tests run the shipped site file. Install it: "
            "DEBIAN_FRONTEND=noninteractive apt-get install -y nginx"
        )
    work = tmp_path_factory.mktemp("nginx")
    cert, key = work / "localhost.pem", work / "localhost.key"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    server = Nginx(work, free_port(), free_port(), cert)
    (work / "bjdigital.conf").write_text(
        render_site(
            SITE.read_text(),
            http_port=server.http_port,
            https_port=server.https_port,
            app_port=sqlite_app.port,
            cert=cert,
            key=key,
            static_root=sqlite_app.env["DJANGO_STATIC_ROOT"],
        )
    )
    # The pytest temporary folder is root's only: as root, the workers must stay root to read it.
    user = "user root;\n" if os.geteuid() == 0 else ""
    server.conf.write_text(MAIN_CONF.format(user=user, work=work))
    server.checked = server.test_config()
    if server.checked.returncode != 0:
        pytest.fail(f"nginx -t refuses the rendered site file:\n{server.checked.stderr}")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_nginx_t_accepts_the_site_file_without_warnings(nginx):
    result = nginx.checked
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr
    warnings = [
        line
        for line in result.stderr.splitlines()
        if "[warn]" in line and "http2" not in line  # newer nginx: "listen ... http2" deprecated
    ]
    assert not warnings, warnings


@pytest.mark.parametrize("path", ["/", "/districts/haidian/", "/en/sources/"])
def test_pages_answer_through_nginx_with_the_apps_security_headers(nginx, path):
    response = nginx.get(path)
    assert response.status == 200
    assert_security_headers(response)
    assert response.headers["Server"] == "nginx"  # server_tokens off: no version


def test_the_server_header_and_nginx_error_pages_name_no_version(nginx):
    missing = nginx.get("/static/no-such-file.css")  # answered by nginx itself, not the app
    assert missing.status == 404
    assert missing.headers["Server"] == "nginx"
    assert not re.search(r"nginx/\d", missing.text)
    assert nginx.get("/healthz", https=False).headers["Server"] == "nginx"


def test_plain_http_redirects_to_https_but_the_health_probe_is_answered(nginx):
    response = nginx.get("/districts/?page=2", https=False)
    assert response.status == 301
    assert response.headers["Location"] == "https://localhost/districts/?page=2"
    health = nginx.get("/healthz", https=False)
    assert health.status == 200
    assert health.json() == {"status": "ok", "database": "ok"}


def test_http2_is_offered(nginx):
    context = nginx.tls_context()
    context.set_alpn_protocols(["h2", "http/1.1"])
    with nginx.handshake(context) as tls:
        assert tls.selected_alpn_protocol() == "h2"


def test_hashed_static_files_are_cached_for_a_year_and_others_briefly(nginx, sqlite_app):
    static_root = Path(sqlite_app.env["DJANGO_STATIC_ROOT"])
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    original = "css/site.css"
    hashed = manifest[original]
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed), hashed

    long = nginx.get(f"/static/{hashed}")
    assert long.status == 200
    assert long.body == (static_root / hashed).read_bytes()
    assert long.headers["Cache-Control"] == f"public, {YEAR}, immutable"
    assert long.headers["Content-Type"].startswith("text/css")
    assert long.headers["X-Content-Type-Options"] == "nosniff"
    # whitenoise would say max-age=315360000: this answer came from nginx.
    gz = nginx.get(f"/static/{hashed}", headers={"Accept-Encoding": "gzip"})
    assert gz.headers.get("Content-Encoding") == "gzip"
    assert gz.body == (static_root / f"{hashed}.gz").read_bytes()  # gzip_static: whitenoise's .gz
    assert YEAR in gz.headers["Cache-Control"]

    short = nginx.get(f"/static/{original}")
    assert short.status == 200
    assert short.headers["Cache-Control"] == "public, max-age=60"
    assert "immutable" not in short.headers["Cache-Control"]


def test_every_static_file_in_the_manifest_gets_the_cache_its_name_allows(nginx, sqlite_app):
    """All of collectstatic's output (the app's, admin's, the libraries'), over one keep-alive
    connection: each hashed name cached for a year, each original name for a minute."""
    static_root = Path(sqlite_app.env["DJANGO_STATIC_ROOT"])
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    assert 10 < len(manifest) < 2000  # bounded: two requests a file
    connection = http.client.HTTPSConnection(
        "127.0.0.1", nginx.https_port, context=nginx.tls_context(), timeout=20
    )
    wrong = []
    try:
        for original, hashed in sorted(manifest.items()):
            for name, expected in (
                (hashed, f"public, {YEAR}, immutable"),
                (original, "public, max-age=60"),
            ):
                connection.request("GET", quote(f"/static/{name}"), headers={"Host": "localhost"})
                response = connection.getresponse()
                response.read()
                if (response.status, response.headers["Cache-Control"]) != (200, expected):
                    wrong.append((name, response.status, response.headers["Cache-Control"]))
    finally:
        connection.close()
    assert not wrong, wrong
    print(f"\nstatic: {len(manifest)} hashed and {len(manifest)} original names checked")


def tls_refused(nginx, context) -> str:
    """The handshake's failure, which must be an alert from the server (not our client
    refusing to try)."""
    with pytest.raises(ssl.SSLError) as refused:
        nginx.handshake(context).close()
    reason = refused.value.reason or str(refused.value)
    assert "ALERT" in reason.upper(), reason
    return reason


@pytest.mark.filterwarnings("ignore:ssl.TLSVersion.TLSv1:DeprecationWarning")
def test_tls_1_2_and_1_3_work_and_older_protocols_are_refused(nginx):
    with nginx.handshake(nginx.tls_context(minimum_version=ssl.TLSVersion.TLSv1_3)) as tls:
        assert tls.version() == "TLSv1.3"
    tls12 = {"maximum_version": ssl.TLSVersion.TLSv1_2}
    with nginx.handshake(nginx.tls_context(**tls12)) as tls:
        assert tls.version() == "TLSv1.2"
        assert tls.cipher()[0] in ECDHE_AEAD_TLS12
        assert not tls.session.has_ticket  # ssl_session_tickets off

    for version in (ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1):
        # SECLEVEL=0 so that our own OpenSSL offers the old protocol at all.
        context = nginx.tls_context(
            minimum_version=version, maximum_version=version, ciphers="ALL:@SECLEVEL=0"
        )
        assert "PROTOCOL_VERSION" in tls_refused(nginx, context).upper()


def test_tls_1_2_accepts_exactly_the_ecdhe_aead_suites(nginx):
    """Every TLS 1.2 suite our OpenSSL knows is offered alone: only ECDHE with AES-GCM or
    ChaCha20 is accepted — no CBC, no SHA-1, no static RSA, no DHE."""
    probe = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    probe.set_ciphers("ALL:@SECLEVEL=0")
    suites = sorted(
        c["name"]
        for c in probe.get_ciphers()
        if c["protocol"] in ("TLSv1.2", "TLSv1.0", "SSLv3")  # what TLS 1.2 may negotiate
        and "PSK" not in c["name"]  # pre-shared-key and SRP suites need a secret to be offered
        and "SRP" not in c["name"]
    )
    must_be_refused = {
        "ECDHE-RSA-AES128-SHA",  # CBC, SHA-1 MAC
        "ECDHE-RSA-AES256-SHA384",  # CBC
        "AES128-GCM-SHA256",  # static RSA: no forward secrecy
        "DHE-RSA-AES128-GCM-SHA256",  # finite-field DHE (would need a dhparam)
    }
    assert set(suites) >= must_be_refused | ECDHE_AEAD_TLS12
    assert len(suites) < 200  # bounded: one handshake each
    accepted = set()
    for suite in suites:
        context = nginx.tls_context(
            maximum_version=ssl.TLSVersion.TLSv1_2, ciphers=f"{suite}:@SECLEVEL=0"
        )
        try:
            with nginx.handshake(context) as tls:
                accepted.add(tls.cipher()[0])
        except ssl.SSLError as refused:
            assert "HANDSHAKE_FAILURE" in (refused.reason or str(refused)).upper(), (suite, refused)
    assert accepted == ECDHE_AEAD_TLS12
    print(f"\nTLS 1.2: {len(suites)} suites offered one at a time, accepted: {sorted(accepted)}")


def test_request_bodies_are_limited_per_location(nginx):
    # Public pages take no body; the login form is small; admin allows an import's 7 MB.
    for path, limit in (
        ("/districts/", 64 * 1024),
        ("/admin/login/", 16 * 1024),
        ("/admin/indicators/observation/import/", 7 * 1024 * 1024),
    ):
        too_big = nginx.request("POST", path, declared_length=limit + 1)
        assert too_big.status == 413, path
        assert too_big.headers["Server"] == "nginx" and not re.search(r"nginx/\d", too_big.text)


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for name, (filename, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_an_import_above_the_apps_limit_passes_nginx_and_gets_the_apps_message(nginx, sqlite_app):
    """The editor's path: log in through nginx, upload a spreadsheet one byte above the app's
    5 MB limit. nginx lets the whole form through (7 MB); the app answers with its message."""
    password = secrets.token_urlsafe(16)
    manage(
        {**sqlite_app.env, "DJANGO_SUPERUSER_PASSWORD": password},
        "createsuperuser", "--noinput", "--username", "importer", "--email", "i@example.org",
    )  # fmt: skip
    jar, client = SimpleCookie(), "127.0.0.3"  # an address of its own for the login's limit
    login_url = "/admin/login/?next=/admin/"
    form = nginx.get(login_url, client=client, cookies=jar)
    logged_in = nginx.request(
        "POST",
        login_url,
        body=urlencode(
            {"csrfmiddlewaretoken": csrf_token(form.text), "username": "importer",
             "password": password, "next": "/admin/"}
        ).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "Referer": "https://localhost/admin/login/"},
        client=client,
        cookies=jar,
    )  # fmt: skip
    assert logged_in.status == 302 and logged_in.headers["Location"] == "/admin/", logged_in.text

    import_url = "/admin/indicators/observation/import/"
    page = nginx.get(import_url, client=client, cookies=jar)
    assert page.status == 200
    too_large = 5 * 1024 * 1024 + 1  # settings.IMPORT_MAX_BYTES + 1
    body, content_type = multipart(
        {"csrfmiddlewaretoken": csrf_token(page.text), "resource": "0", "format": "0"},
        {"import_file": ("figures.csv", b"x" * too_large)},
    )
    assert too_large < len(body) < 7 * 1024 * 1024
    answer = nginx.request(
        "POST",
        import_url,
        body=body,
        headers={"Content-Type": content_type, "Referer": f"https://localhost{import_url}"},
        client=client,
        cookies=jar,
    )
    assert answer.status == 200  # the app's form again, not nginx's 413
    assert "超过上限" in answer.text  # the app's own "file too large" message, in its page


def test_the_admin_login_is_rate_limited_to_a_burst_per_address_and_the_site_is_not(nginx):
    client = "127.0.0.2"  # a fresh address: no other test has used its allowance
    statuses = [nginx.get("/admin/login/", client=client).status for _ in range(LOGIN_BURST + 3)]
    # The first request and the burst pass; the rest are refused at once (10 a minute refill
    # one every 6 s, so a fast loop gains at most one).
    assert statuses[: LOGIN_BURST + 1] == [200] * (LOGIN_BURST + 1), statuses
    assert statuses[-1] == 429, statuses
    post = nginx.request(
        "POST", "/admin/login/", body=b"username=a&password=b", client=client,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    assert post.status == 429
    assert post.headers["Server"] == "nginx" and not re.search(r"nginx/\d", post.text)
    assert nginx.get("/districts/", client=client).status == 200  # the limit is the login's alone
    assert nginx.get("/admin/", client=client).status == 302
    assert nginx.get("/admin/login/", client="127.0.0.4").status == 200  # another address
