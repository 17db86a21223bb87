"""`make bench`: how far each page is from the stack's floor, as ratios (this machine is noisy).

Starts gunicorn with production settings (debug off, one sync worker) on a fresh database
seeded with the demo data, then times sequential requests: the floor is `/robots.txt`, a trivial
view through the same middleware. Anonymous pages are timed twice: first visit (cache cold) and
repeat visits (served whole from the cache). Signed-in pages use the demo users. Reports the
median and 95th percentile in ms, the median's ratio to the floor, and the worker's resident
memory at the end.

    make bench                      # SQLite
    DATABASE_URL=postgres://… make bench
    BENCH_REQUESTS=200 make bench   # more samples
    BENCH_SCALE=national make bench # first grow the data to 100,000 dossiers, 200,000 comments
"""

import http.cookiejar
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "60"))

ANONYMOUS_PAGES = [
    "/",
    "/recommandations/",
    "/recommandations/8/",
    "/consultations/",
    "/avancement/",
    "/recherche/?q=HAS",
    "/api/v1/recommendations/",
    "/api/v1/consultations/",
]
SIGNED_IN_PAGES = [
    ("entrepreneur", "/dossiers/"),
    ("hub-idf", "/instruction/"),
    ("entrepreneur", "/api/v1/dossiers/"),
    ("hub-idf", "/api/v1/dossiers/"),
]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


class BehindTLSProxy(http.cookiejar.DefaultCookiePolicy):
    """Production cookies are Secure; the bench speaks HTTP as if behind a TLS proxy."""

    def return_ok_secure(self, cookie, request):
        return True


class Session:
    """A cookie-keeping HTTP client that does not follow redirects.

    Every request says it came through HTTPS (``X-Forwarded-Proto``), as behind the production
    proxy, so production settings (secure cookies, strict CSRF) apply unchanged.
    """

    HEADERS = {"X-Forwarded-Proto": "https"}

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar(policy=BehindTLSProxy())

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def get(self, path, headers=None):
        request = urllib.request.Request(
            self.base + path, headers={**self.HEADERS, **(headers or {})}
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def sign_in(self, username):
        _status, body = self.get("/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        data = urllib.parse.urlencode(
            {"login": username, "password": "demo", "csrfmiddlewaretoken": token.decode()}
        ).encode()
        secure_origin = self.base.replace("http://", "https://")
        request = urllib.request.Request(
            self.base + "/accounts/login/",
            data=data,
            headers={**self.HEADERS, "Referer": f"{secure_origin}/accounts/login/"},
        )
        try:
            self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            if error.code != 302:
                raise


def time_requests(session, path, count):
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        status, _body = session.get(path)
        samples.append((time.perf_counter() - start) * 1000)
        if status != 200:
            return status, samples
    return 200, samples


def summary(samples):
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def main():
    folder = Path(tempfile.mkdtemp(prefix="bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "governance.settings",
        "DJANGO_DEBUG": "1",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    print(f"Preparing a demo database ({env['DATABASE_URL'].split('@')[-1]})…", flush=True)
    _manage(env, "migrate", "--noinput")
    _manage(env, "seed_demo")
    if os.environ.get("BENCH_SCALE") == "national":
        print("Growing to national scale (100,000 dossiers, 200,000 comments)…", flush=True)
        subprocess.run(
            [sys.executable, "-m", "tests.bench_scale"], cwd=PROJECT_DIR, env=env, check=True
        )

    port = _free_port()
    server_env = {
        **env,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        # The bench measures pages, not the TOTP enrolment every staff member must go through.
        "DJANGO_REQUIRE_STAFF_MFA": "0",
    }
    _manage(server_env, "collectstatic", "--noinput")
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "governance.wsgi",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],  # fmt: skip
        cwd=PROJECT_DIR,
        env=server_env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.3)
        rows = []
        anonymous = Session(base)
        _status, body = anonymous.get("/api/v1/consultations/?status=open")
        open_consultation = urllib.parse.urlsplit(json.loads(body)["results"][0]["url"]).path
        pages = [*ANONYMOUS_PAGES, open_consultation]
        floor_status, floor_samples = time_requests(anonymous, "/robots.txt", REQUESTS)
        floor = summary(floor_samples)[0]
        rows.append(("floor: /robots.txt", "", floor_status, *summary(floor_samples), 1.0))
        for path in pages:
            cold_status, cold = time_requests(Session(base), path, 1)
            status, warm = time_requests(anonymous, path, REQUESTS)
            rows.append((path, "first visit", cold_status, cold[0], cold[0], cold[0] / floor))
            median, p95 = summary(warm)
            rows.append((path, "repeat", status, median, p95, median / floor))
        sessions = {}
        for username, path in SIGNED_IN_PAGES:
            if username not in sessions:
                sessions[username] = Session(base)
                sessions[username].sign_in(username)
            status, samples = time_requests(sessions[username], path, REQUESTS)
            median, p95 = summary(samples)
            rows.append((path, f"as {username}", status, median, p95, median / floor))
        rss_kb = int(
            re.search(
                r"VmRSS:\s+(\d+)", Path(f"/proc/{_worker_pid(server.pid)}/status").read_text()
            ).group(1)
        )
    finally:
        server.terminate()
        server.wait(timeout=10)

    print(f"\n{REQUESTS} sequential requests per line; ratio = median / floor median\n")
    print(f"{'page':32} {'visit':18} {'status':>6} {'median ms':>10} {'p95 ms':>8} {'ratio':>7}")
    for path, visit, status, median, p95, ratio in rows:
        print(f"{path:32} {visit:18} {status:>6} {median:>10.2f} {p95:>8.2f} {ratio:>7.1f}")
    print(f"\nworker resident memory after the run: {rss_kb / 1024:.0f} MB")
    (folder / "bench.json").write_text(json.dumps({"rows": rows, "rss_kb": rss_kb}))


def _worker_pid(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return int(children[0]) if children else master_pid


if __name__ == "__main__":
    main()
