"""Browser suite: Debian's Chromium driven by Playwright against a demo server of its own.

The server is `manage.py runserver` on a fresh SQLite database, migrated and seeded with
`seed_demo` once per session: what `make demo` serves, so the pages are the real ones.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
PROJECT_DIR = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the demo server exited early")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the demo server did not answer within {seconds} s")


@pytest.fixture(scope="session")
def company_directory():
    """The local stand-in of the company directory the demo server asks (never the network)."""
    from tests.directory_stand_in import DirectoryStandIn

    with DirectoryStandIn() as stand_in:
        yield stand_in


@pytest.fixture(scope="session")
def outbox(tmp_path_factory):
    """The folder where the demo server writes its emails, one file per connection."""
    return tmp_path_factory.mktemp("outbox")


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory):
    """Where the demo server keeps its database, media files and log."""
    return tmp_path_factory.mktemp("demo-server")


@pytest.fixture(scope="session")
def demo_env(demo_folder, company_directory, outbox):
    """The environment of the demo server and of the commands run beside it."""
    folder = demo_folder
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "governance.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "PUBLIC_PAGE_CACHE_SECONDS": "0",
        # Both sign-in services offered (their buttons only; no provider is contacted).
        "PROCONNECT_ISSUER": "http://127.0.0.1:9/proconnect",
        "FRANCECONNECT_ISSUER": "http://127.0.0.1:9/franceconnect",
        "COMPANY_DIRECTORY_URL": company_directory.url,
        "EMAIL_URL": f"filemail:///{outbox}",
    }
    env.pop("REDIS_URL", None)
    return env


@pytest.fixture(scope="session")
def demo_server(demo_env, demo_folder):
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("Chromium is required for the browser suite (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed")
    env = dict(demo_env)
    log = (demo_folder / "server.log").open("w")
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=PROJECT_DIR,
            env=env,
            check=True,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    port = _free_port()
    env["WAGTAILADMIN_BASE_URL"] = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture
def run_tasks(demo_server, demo_env):
    """Run the tasks the demo server has queued (decision letters, emails), as the worker of
    ``make demo`` would, and return once they are done."""

    def run():
        subprocess.run(
            [sys.executable, "manage.py", "db_worker", "--batch", "--queue-name", "*",
             "--no-startup-delay"],
            cwd=PROJECT_DIR,
            env=demo_env,
            check=True,
            capture_output=True,
        )  # fmt: skip

    return run


@pytest.fixture(scope="session")
def browser(demo_server):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django code in tests is sync.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def sign_in(page, demo_server):
    """Sign the page in as one of the demo users (password ``demo``)."""

    def as_user(username):
        page.goto(f"{demo_server}/accounts/login/")
        page.fill("input[name=login]", username)
        page.fill("input[name=password]", "demo")
        with page.expect_navigation():
            page.locator("main form:has(input[name=password]) button[type=submit]").click()
        return page

    return as_user


OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const right = el.getBoundingClientRect().right;
    if (right > width + 0.5) {
      wide.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className} to ${Math.round(right)}`);
    }
  }
  return wide.slice(0, 8).join("; ") || "the page is wider than its window";
}"""

# Polled in the page itself: Playwright's wait_for_function evaluates strings, which the
# site's Content-Security-Policy forbids.
SETTLED_OVERFLOW = f"""async () => {{
  const overflow = {OVERFLOW};
  await document.fonts.ready;
  const end = performance.now() + 5000;
  let found = overflow();
  while (found && performance.now() < end) {{
    await new Promise((settle) => setTimeout(settle, 50));
    found = overflow();
  }}
  return found;
}}"""


def assert_fits_sideways(page, why="the page scrolls sideways"):
    """The page does not scroll sideways once its fonts and scripts have settled. Chromium
    answers the load event before the web fonts are in and before the DSFR's scripts have laid
    out their components; the check waits (up to 5 s) for a layout that fits, and names what
    sticks out when none comes."""
    overflow = page.evaluate(SETTLED_OVERFLOW)
    assert overflow is None, f"{why} at {page.viewport_size['width']} px: {overflow}"


SETTLED_ANIMATIONS = """() => Promise.all(
  document.getAnimations()
    .filter((animation) => isFinite(animation.effect?.getComputedTiming().endTime))
    .map((animation) => animation.finished.catch(() => null))
)"""


def assert_accessible(page):
    """Run axe-core on the page once its finite animations have ended (a banner fading in has
    the contrast of its last frame only); any violation fails the test with axe's own report."""
    from axe_playwright_python.sync_playwright import Axe

    page.evaluate(SETTLED_ANIMATIONS)

    results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def assert_accessible_without_script(browser, page):
    """axe on a page shown without JavaScript. axe itself needs JavaScript (it never ends in
    a page that has none), so the page's HTML is served again at its own address to a page
    that runs axe but loads none of the site's scripts: what is checked is what a visitor
    without JavaScript gets."""
    html, address = page.content(), page.url
    context = browser.new_context(locale="fr-FR")
    try:
        context.route("**/*.js", lambda route: route.abort())
        context.route(
            lambda url: url == address,
            lambda route: route.fulfill(content_type="text/html; charset=utf-8", body=html),
        )
        checker = context.new_page()
        checker.goto(address)
        assert_accessible(checker)
    finally:
        context.close()
