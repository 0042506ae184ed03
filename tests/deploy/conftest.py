"""A deployment as the README describes it, on this machine, private to one test process:
Debian's nginx with a self-signed certificate in front of two gunicorn app servers
(deploy/nginx/improvement-tracker.conf and deploy/gunicorn.conf.py as written; only ports,
paths and the certificate changed), sharing PostgreSQL (the test database) and Redis (keys
under a prefix of their own). Every port is free when chosen and every file is in a temporary
folder, so several test processes can run this at once."""

import http.client
import os
import re
import secrets
import shutil
import ssl
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.conf import settings
from django.db import connection

from tests.hardening.conftest import database_url_for, free_port

ROOT = Path(settings.BASE_DIR)
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1")


def redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping())
    except Exception:  # noqa: BLE001 - any failure means "no Redis here"
        return False


def require_tools():
    missing = [
        what
        for what, present in [
            ("nginx", Path(NGINX).exists()),
            ("openssl", shutil.which("openssl") is not None),
            ("Redis at " + REDIS_URL, redis_answers()),
            ("PostgreSQL", connection.vendor == "postgresql"),
        ]
        if not present
    ]
    if missing:
        message = "the deployment test needs " + ", ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message + " (.ci/run installs and starts them)")
        pytest.skip(message)


def wait_for(check, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{what} did not start in {timeout} s")


def self_signed_certificate(folder: Path):
    key, cert = folder / "tls.key", folder / "tls.crt"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost"]
        + ["-addext", "subjectAltName=DNS:localhost"],
        check=True,
        capture_output=True,
    )
    return key, cert


def site_config(text: str, *, nodes, http_port, https_port, cert, key) -> str:
    """The example nginx site with this test's ports and certificate (and IPv4 only)."""
    replacements = [
        ("server 127.0.0.1:8001 ", f"server 127.0.0.1:{nodes[0]} "),
        ("server 127.0.0.1:8002 ", f"server 127.0.0.1:{nodes[1]} "),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen [::]:80;", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        ("/etc/ssl/certs/tracker.example.gov.uk.pem", str(cert)),
        ("/etc/ssl/private/tracker.example.gov.uk.key", str(key)),
        ("shared:improvement_tracker_tls:", f"shared:tls_{uuid.uuid4().hex[:8]}:"),
    ]
    for old, new in replacements:
        assert old in text, f"the example nginx configuration no longer has {old!r}"
        text = text.replace(old, new)
    return text


def nginx_config(folder: Path, site: Path) -> Path:
    user = "user root root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"  {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = folder / "nginx.conf"
    config.write_text(
        f"""{user}worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "nginx-error.log"} warn;
events {{ worker_connections 256; }}
http {{
  access_log {folder / "nginx-access.log"};
{temp}
  include {site};
}}
"""
    )
    return config


@dataclass
class Deployment:
    https_port: int
    http_port: int
    node_ports: list
    ssl_context: ssl.SSLContext
    cache_prefix: str
    folder: Path
    processes: list = field(default_factory=list)

    def logs(self) -> str:
        parts = []
        for path in sorted(self.folder.glob("*.log")):
            parts.append(f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}")
        return "\n".join(parts)

    def stop(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


@pytest.fixture(scope="module")
def deployment(django_db_setup, django_db_blocker, tmp_path_factory):
    require_tools()
    folder = tmp_path_factory.mktemp("deployment")
    nodes = [free_port(), free_port()]
    while nodes[1] == nodes[0]:
        nodes[1] = free_port()
    http_port, https_port = free_port(), free_port()
    key, cert = self_signed_certificate(folder)
    prefix = f"deploy-test-{uuid.uuid4().hex[:12]}"
    with django_db_blocker.unblock():
        database_url = database_url_for(connection.settings_dict["NAME"])
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        {
            "DJANGO_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": database_url,
            "CONN_MAX_AGE": "0",
            "ALLOWED_HOSTS": "localhost",
            "CSRF_TRUSTED_ORIGINS": f"https://localhost:{https_port}",
            "REDIS_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": prefix,
            "TRUSTED_PROXY_COUNT": "1",
            # Low, so the test of the per-address limit across both app servers stays short.
            "LOGIN_ATTEMPTS_PER_ADDRESS": "8",
            "STATIC_ROOT": str(folder / "static"),
            "MEDIA_ROOT": str(folder / "media"),
            "GUNICORN_WORKERS": "2",
            "GUNICORN_ACCESS_LOG": str(folder / "access.log"),
            "DEBUG": "0",
        }
    )
    # As a deployer does: static files collected once, shared by both app servers.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    context = ssl.create_default_context(cafile=str(cert))
    deployment = Deployment(https_port, http_port, nodes, context, prefix, folder)
    try:
        for port in nodes:
            log = open(folder / f"gunicorn-{port}.log", "w")  # noqa: SIM115 - closed with the process
            deployment.processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"]
                    + ["config.wsgi"],
                    cwd=ROOT,
                    env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        site = folder / "site.conf"
        site.write_text(
            site_config(
                (ROOT / "deploy/nginx/improvement-tracker.conf").read_text(),
                nodes=nodes,
                http_port=http_port,
                https_port=https_port,
                cert=cert,
                key=key,
            )
        )
        config = nginx_config(folder, site)
        checked = subprocess.run(
            [NGINX, "-t", "-e", str(folder / "nginx-error.log"), "-p", str(folder)]
            + ["-c", str(config)],
            capture_output=True,
            text=True,
        )
        assert checked.returncode == 0, checked.stderr
        deployment.processes.append(
            subprocess.Popen(
                [NGINX, "-e", str(folder / "nginx-error.log"), "-p", str(folder)]
                + ["-c", str(config), "-g", "daemon off;"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        for port in nodes:
            # A load balancer's probe: by address, not by a host name ALLOWED_HOSTS lists.
            wait_for(
                lambda port=port: (
                    fetch("http", port, "GET", "/healthz", {"Host": "127.0.0.1"})[0] == 200
                ),
                f"the app server on port {port}",
            )
        wait_for(
            lambda: fetch("https", https_port, "GET", "/healthz", {}, context=context)[0] == 200,
            "nginx",
        )
        yield deployment
    except Exception:
        print(deployment.logs())
        raise
    finally:
        deployment.stop()
        try:
            import redis

            client = redis.Redis.from_url(REDIS_URL)
            keys = list(client.scan_iter(match=f"{prefix}:*"))
            if keys:
                client.delete(*keys)
        except Exception:  # noqa: BLE001, S110 - leftover keys expire anyway
            pass


def fetch(scheme, port, method, path, headers, body=None, context=None):
    if scheme == "https":
        conn = http.client.HTTPSConnection("localhost", port, timeout=60, context=context)
    else:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Response:
    status: int
    headers: object
    text: str
    location: str = ""


class Visitor:
    """What a browser does for these tests: cookies (Secure ones included), the CSRF token,
    Origin and Referer on posts, redirects followed. It reaches the service through nginx over
    https, or straight at one app server with the headers nginx would add for a client at
    `address` (to choose which node answers)."""

    def __init__(self, deployment: Deployment, address="192.0.2.10"):
        self.deployment = deployment
        self.address = address
        self.cookies: dict[str, str] = {}
        self.origin = f"https://localhost:{deployment.https_port}"

    def _send(self, node, method, path, body=None, content_type=None, extra=None):
        headers = {"Host": "localhost", "User-Agent": "deployment-test"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
            headers["Content-Type"] = content_type or "application/x-www-form-urlencoded"
        headers.update(extra or {})
        if node is None:
            headers["Host"] = f"localhost:{self.deployment.https_port}"
            result = fetch(
                "https",
                self.deployment.https_port,
                method,
                path,
                headers,
                body,
                self.deployment.ssl_context,
            )
        else:
            headers["X-Forwarded-Proto"] = "https"
            headers["X-Forwarded-For"] = self.address
            result = fetch("http", self.deployment.node_ports[node], method, path, headers, body)
        status, response_headers, text = result
        for line in response_headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(line).items():
                if morsel["max-age"] == "0" or (morsel["expires"] and "1970" in morsel["expires"]):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(status, response_headers, text, response_headers.get("Location", ""))

    def get(self, path, node=None, follow=True, extra=None):
        response = self._send(node, "GET", path, extra=extra)
        hops = 0
        while follow and response.status in (301, 302, 303) and hops < 5:
            target = urlsplit(urljoin(path, response.location))
            path = target.path + (f"?{target.query}" if target.query else "")
            response = self._send(node, "GET", path, extra=extra)
            hops += 1
        response.path = path
        return response

    def post(self, path, fields, node=None, page=None, extra=None):
        html = page if page is not None else self.get(path, node=node).text
        token = CSRF.search(html)
        data = list(fields.items()) if isinstance(fields, dict) else list(fields)
        if token and not any(name == "csrfmiddlewaretoken" for name, _ in data):
            data.append(("csrfmiddlewaretoken", token.group(1)))
        return self._send(node, "POST", path, body=urlencode(data), extra=extra)

    def sign_in(self, username, password, node=None, extra=None):
        return self.post(
            "/accounts/login/", {"username": username, "password": password}, node, extra=extra
        )


class FormFields(HTMLParser):
    """The name/value pairs a browser would send for the form that has a field `marker`."""

    def __init__(self, marker):
        super().__init__()
        self.marker = marker
        self.forms = []
        self.current = None
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.current = []
            self.forms.append(self.current)
        elif self.current is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.current.append([a["name"], a.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "select" and a.get("name"):
            self.select = [a["name"], None, None]
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            if self.select[1] is None:
                self.select[1] = value
            if "selected" in a:
                self.select[2] = value
        elif tag == "textarea" and a.get("name"):
            self.textarea = [a["name"], ""]
            self.current.append(self.textarea)

    def handle_endtag(self, tag):
        if tag == "select" and self.select is not None and self.current is not None:
            name, first, chosen = self.select
            self.current.append([name, chosen if chosen is not None else (first or "")])
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.current = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data.lstrip("\n") if not self.textarea[1] else data

    def result(self):
        for form in self.forms:
            if any(name == self.marker for name, _ in form):
                return [(name, value) for name, value in form]
        raise AssertionError(f"no form with a field {self.marker!r}")


def form_fields(html, marker):
    parser = FormFields(marker)
    parser.feed(html)
    return parser.result()
