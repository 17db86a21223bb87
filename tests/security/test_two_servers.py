"""Two application servers behind one PostgreSQL and one Redis behave as one site.

Two gunicorn servers start with production settings (debug off, a secret, static files
collected for WhiteNoise, the shared cache in a Redis database of its own) on the test database.
A person signed in on one is signed in on the other (sessions in the database); a comment a
moderator hides on one is gone at once from the other's cached pages and API (the public cache
lives in Redis); comments posted on both at the same time are all kept.
"""

import base64
import hashlib
import json
import os
import re
import secrets
import subprocess
import sys
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from cms.models import Comment, CommentState
from governance import api_tokens
from governance.roles import Role
from tests.cms.comments.factories import consultation_page
from tests.factories import UserFactory, user_with_role
from tests.live_server import PROJECT_DIR, Browser, start_gunicorn, wait_serving

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REDIS_URL = os.environ.get("TWO_SERVERS_REDIS_URL", "redis://127.0.0.1:6379/5")
PASSWORD = "deux-serveurs"
POSTS_PER_SERVER = 12


def _redis_or_skip():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        if os.environ.get("REQUIRE_POSTGRES"):
            raise
        pytest.skip(f"needs Redis at {REDIS_URL}")
    return client


def _database_url():
    db = connection.settings_dict
    credentials = urllib.parse.quote(db["USER"] or "postgres")
    if db["PASSWORD"]:
        credentials += ":" + urllib.parse.quote(db["PASSWORD"])
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{credentials}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    """WhiteNoise's manifest of static files, as a deployment collects it."""
    root = tmp_path_factory.mktemp("static")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "governance.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "collectstatic-only",
        "DJANGO_SINGLE_PROCESS": "1",
        "DJANGO_STATIC_ROOT": str(root),
    }
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return root


@pytest.fixture
def servers(transactional_db, collected_static, tmp_path):
    """Two gunicorn servers on two ports, one database, one Redis; their base URLs."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: two servers share one database")
    _redis_or_skip().flushdb()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "governance.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_ROOT": str(collected_static),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        # Staff sign in with a password here; TOTP enrolment has its own tests.
        "DJANGO_REQUIRE_STAFF_MFA": "0",
        "THROTTLE_COMMENT_POST": "1000/minute",
        "DJANGO_CONN_MAX_AGE": "0",
    }
    processes, bases = [], []
    for _ in range(2):
        process, base = start_gunicorn(env)
        processes.append(process)
        bases.append(base)
    try:
        for process, base in zip(processes, bases, strict=True):
            wait_serving(process, base)
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)


def _with_password(user):
    """Set a password the servers' own hashers read (the tests hash with MD5)."""
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])
    return user


def _comment_bodies(base, consultation):
    status, headers, body = Browser().request(
        f"{base}/api/v1/consultations/{consultation.pk}/comments/"
    )
    assert status == 200
    return headers, json.loads(body)


def test_two_servers_share_sessions_the_public_cache_and_every_comment(servers):
    first, second = servers
    consultation = consultation_page()
    citizen = _with_password(UserFactory())
    moderator = _with_password(user_with_role(Role.MODERATOR))
    offensive = Comment.objects.create(
        consultation=consultation,
        author=UserFactory(),
        body="Un propos à masquer",
        state=CommentState.PUBLISHED,
    )
    page = urllib.parse.urlsplit(consultation.get_url()).path

    # Signed in on the first server, still signed in on the second.
    person = Browser()
    assert person.request(f"{second}/compte/")[0] == 302  # to the sign-in page
    person.sign_in(first, citizen.username, PASSWORD)
    status, _headers, body = person.request(f"{second}/compte/")
    assert status == 200 and 'action="/accounts/logout/"' in body

    # The second server caches the page; a moderator hides the comment on the first.
    visitor = Browser()
    for _ in range(2):
        status, headers, body = visitor.request(f"{second}{page}")
        assert status == 200 and "Un propos à masquer" in body
    assert headers.get("X-Public-Cache") == "hit"
    _headers, listed = _comment_bodies(second, consultation)
    assert [c["body"] for c in listed["results"]] == ["Un propos à masquer"]

    staff = Browser()
    staff.sign_in(first, moderator.username, PASSWORD)
    detail = f"{first}/admin/commentaires/{offensive.pk}/"
    status, _headers, _body = staff.request(
        f"{first}/admin/commentaires/{offensive.pk}/masquer/",
        {
            "csrfmiddlewaretoken": staff.csrf_token(detail),
            "hide-reason_code": "offensive",
            "hide-statement": "Propos injurieux.",
        },
    )
    offensive.refresh_from_db()
    assert offensive.state == CommentState.HIDDEN, f"the moderator's hide answered {status}"
    status, headers, body = visitor.request(f"{second}{page}")
    assert status == 200 and "Un propos à masquer" not in body
    assert headers.get("X-Public-Cache") != "hit"
    _headers, listed = _comment_bodies(second, consultation)
    assert listed["results"] == []

    # Posts on both servers at once: every one is kept, both servers list them all.
    authors = [UserFactory() for _ in range(4)]
    keys = [api_tokens.issue_token(author)[1] for author in authors]

    def post(number):
        base = (first, second)[number % 2]
        status, _headers, body = Browser().request(
            f"{base}/api/v1/consultations/{consultation.pk}/comments/",
            json.dumps({"body": f"Avis numéro {number}"}).encode(),
            {"Authorization": f"Token {keys[number % 4]}", "Content-Type": "application/json"},
        )
        return status, body

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(post, range(2 * POSTS_PER_SERVER)))
    assert [status for status, _body in answers] == [201] * (2 * POSTS_PER_SERVER), answers
    expected = {f"Avis numéro {n}" for n in range(2 * POSTS_PER_SERVER)}
    for base in servers:
        _headers, listed = _comment_bodies(base, consultation)
        assert listed["count"] == len(expected)
        assert {c["body"] for c in listed["results"]} == expected
    assert Comment.objects.filter(
        consultation=consultation, state=CommentState.PUBLISHED
    ).count() == len(expected)


def test_a_production_server_serves_assets_that_match_their_integrity_hashes(servers):
    """Collected for production, static files are rewritten (hashed names inside the CSS): a
    page may not stamp them with the hashes of the files as shipped, or browsers refuse them and
    the DSFR's styles and scripts are lost."""
    first, _second = servers
    _status, _headers, page = Browser().request(f"{first}/")
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"(?:\s+integrity="([^"]+)")?', page)
    assert any("dsfr.min" in path and path.endswith(".css") for path, _hash in assets)
    for path, integrity in assets:
        if not path.endswith((".css", ".js", ".mjs")):
            continue
        status, _headers, served = Browser().request(f"{first}{path}")
        assert status == 200, path
        if integrity:
            algorithm, expected = integrity.split("-", 1)
            digest = base64.b64encode(hashlib.new(algorithm, served.encode()).digest()).decode()
            assert digest == expected, f"{path}: the browser would refuse it"
