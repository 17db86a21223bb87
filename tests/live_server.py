"""Real gunicorn servers and a plain HTTP client for the suites that talk to them over a socket
(the two-server test, `make bench`).

Servers run from the project folder, so `gunicorn.conf.py` applies (sync workers,
`WEB_CONCURRENCY`, its refusal of several workers without Redis). The client speaks HTTP on the
loopback as if behind the production TLS proxy: every request carries
`X-Forwarded-Proto: https`, and, with `DJANGO_TRUSTED_PROXIES=1` on the server, an
`X-Forwarded-For` naming the client's own address, so rate limits count each simulated client
apart exactly as they count real clients behind the proxy.
"""

import http.cookiejar
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
START_DEADLINE_SECONDS = 60


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env, workers=1, log=None, preload=False):
    """A gunicorn server on a free loopback port; (process, base URL). Wait with `wait_serving`,
    end with `stop`.

    ``log``: an open file for the server's output (default: this process's). ``preload``: load
    the application once in the master, so that many workers start in seconds."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            *(["--preload"] if preload else []),
        ],  # fmt: skip
        cwd=PROJECT_DIR,
        env=env,
        stdout=log,
        stderr=log,
    )
    return process, f"http://127.0.0.1:{port}"


def wait_serving(process, base, deadline_seconds=START_DEADLINE_SECONDS):
    """Block until ``base``/healthz answers; fail if the server exits or takes too long."""
    deadline = time.monotonic() + deadline_seconds
    while True:
        assert process.poll() is None, f"the server at {base} exited"
        assert time.monotonic() < deadline, f"the server at {base} did not start"
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.2)


def stop(process, timeout=30):
    """Ask the server to stop; kill it if it has not within ``timeout`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def worker_pids(master_pid):
    """The gunicorn workers of the master ``master_pid`` (Linux /proc)."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return [int(pid) for pid in children]


def resident_mb(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024


class BehindTLSProxy(http.cookiejar.DefaultCookiePolicy):
    """Production cookies are Secure; the client speaks HTTP as if behind a TLS proxy."""

    def return_ok_secure(self, cookie, request):
        return True


class Browser:
    """A cookie-keeping client that does not follow redirects; one jar whatever the server.

    ``address``: the client address the proxy would append to ``X-Forwarded-For`` (read by the
    server only when it trusts one proxy).
    """

    def __init__(self, address=None):
        self.jar = http.cookiejar.CookieJar(policy=BehindTLSProxy())
        self.address = address

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def request(self, url, data=None, headers=None):
        """(status, headers, body as text); HTTP errors are answers, not exceptions."""
        origin = urllib.parse.urlsplit(url)
        headers = {
            "X-Forwarded-Proto": "https",
            "Referer": f"https://{origin.netloc}/",
            **({"X-Forwarded-For": self.address} if self.address else {}),
            **(headers or {}),
        }
        if isinstance(data, dict):
            data = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(url, data=data, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def csrf_token(self, url):
        _status, _headers, body = self.request(url)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)

    def sign_in(self, base, username, password):
        token = self.csrf_token(f"{base}/accounts/login/")
        status, headers, _body = self.request(
            f"{base}/accounts/login/",
            {"login": username, "password": password, "csrfmiddlewaretoken": token},
        )
        assert status == 302, f"sign-in refused ({status})"
        return headers
