"""The measured cases: their query counts (in-process) and their times against the floor (over
HTTP, interleaved request by request with `/robots.txt`)."""

import statistics
import time
from dataclasses import dataclass, field

from tests.live_server import Browser

FLOOR = "/robots.txt"
# A consultation page shows 20 threads; the API, 50 comments a page.
THREADS_PER_PAGE = 20
COMMENTS_PER_API_PAGE = 50
QUEUE_TABS = ["mes-dossiers", "a-traiter", "en-cours", "attente-porteur", "en-retard", "termines"]
MIN_SAMPLES = 10
WARM_UP = 3


@dataclass
class Case:
    name: str
    path: str
    user: str | None = None  # None: anonymous
    cold: bool = False
    deep: str = ""  # "threads" or "comments": ``path`` gets the middle page (see ``deepen``)
    queries: dict = field(default_factory=dict)  # scale -> count
    statuses: dict = field(default_factory=dict)  # scale -> status of the counted request
    floor_ms: list = field(default_factory=list)
    case_ms: list = field(default_factory=list)
    http_statuses: set = field(default_factory=set)

    @property
    def anonymous(self):
        return self.user is None


def build(consultation_id, consultation_path, recommendation_path, dossier_id):
    """Every case, anonymous ones twice (repeat visit, then first visit with the cache empty)."""
    comments_api = f"/api/v1/consultations/{consultation_id}/comments/"
    public = [
        ("home", "/"),
        ("recommendations index", "/recommandations/"),
        ("recommendation page", recommendation_path),
        ("consultations index", "/consultations/"),
        ("barometer", "/avancement/"),
        ("consultation, first page", consultation_path),
        ("consultation, deep page", consultation_path, "threads"),
        ("comments API, first page", comments_api),
        ("comments API, deep page", comments_api, "comments"),
        ("search", "/recherche/?q=sant%C3%A9"),
        ("recommendations API", "/api/v1/recommendations/"),
        ("consultations API", "/api/v1/consultations/"),
    ]
    cases = [Case(name, path, deep="".join(deep)) for name, path, *deep in public]
    cases += [
        Case(f"{name}, first visit", path, cold=True, deep="".join(deep))
        for name, path, *deep in public
    ]
    cases.append(Case("my dossiers", "/dossiers/", "entrepreneur"))
    for hub in ("hub-occ", "hub-idf"):
        cases += [Case(f"queue {tab}", f"/instruction/?onglet={tab}", hub) for tab in QUEUE_TABS]
    cases += [
        Case("HAS queue", "/instruction/", "has-adviser"),
        Case("dossier page", f"/instruction/{dossier_id}/", "hub-idf"),
        Case("dossier API list", "/api/v1/dossiers/", "entrepreneur"),
        Case("dossier API list", "/api/v1/dossiers/", "hub-idf"),
        Case("dossier API detail", f"/api/v1/dossiers/{dossier_id}/", "hub-idf"),
    ]
    return cases


def deepen(cases, consultation):
    """Point the deep-page cases at the middle page of the comments there are now."""
    from cms.models import Comment, CommentState

    published = Comment.objects.filter(consultation=consultation, state=CommentState.PUBLISHED)
    pages = {
        "threads": -(-published.filter(depth=1).count() // THREADS_PER_PAGE),
        "comments": -(-published.count() // COMMENTS_PER_API_PAGE),
    }
    for case in cases:
        if case.deep:
            case.path = f"{case.path.split('?')[0]}?page={max(1, (pages[case.deep] + 1) // 2)}"


def count_queries(cases, scale):
    """Each case's SQL queries, in-process with Django's test client on the same database and
    settings: a first visit after emptying the cache, a repeat visit after one request."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}
    for case in cases:
        if case.user not in clients:
            clients[case.user] = Client(raise_request_exception=False)
            if case.user:
                user = get_user_model().objects.get(username=case.user)
                clients[case.user].force_login(user)
        client = clients[case.user]
        counted = []
        # A repeat visit twice, the fewer kept: a count remembered for the current minute (the
        # queues' overdue counts) is taken again when the minute turns between two visits.
        for _visit in range(1 if case.cold else 2):
            if case.cold:
                cache.clear()
            else:
                client.get(case.path)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(case.path)
            counted.append(len(captured))
        case.queries[scale] = min(counted)
        case.statuses[scale] = response.status_code


def signed_in_browsers(base, usernames, password):
    browsers = {}
    for index, username in enumerate(sorted(usernames)):
        browser = Browser(address=f"10.0.1.{index + 1}")
        browser.sign_in(base, username, password)
        browsers[username] = browser
    return browsers


def timed(browser, url, **kwargs):
    """(milliseconds, status); status 0 for a connection error."""
    start = time.perf_counter()
    try:
        status, _headers, _body = browser.request(url, **kwargs)
    except OSError:
        status = 0
    return (time.perf_counter() - start) * 1000, status


def time_case(base, case, browser, samples, case_seconds, clear_cache):
    """Alternate floor and case requests; a cold case empties the cache before each pair."""
    if not case.cold:
        for _ in range(WARM_UP):
            browser.request(base + case.path)
    deadline = time.monotonic() + case_seconds
    for index in range(samples):
        if case.cold:
            clear_cache()
        floor_ms, _status = timed(browser, base + FLOOR)
        case_ms, status = timed(browser, base + case.path)
        case.floor_ms.append(floor_ms)
        case.case_ms.append(case_ms)
        case.http_statuses.add(status)
        if index + 1 >= MIN_SAMPLES and time.monotonic() > deadline:
            break


def percentile(samples, fraction):
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


def summary(case):
    p50 = statistics.median(case.case_ms)
    floor_p50 = statistics.median(case.floor_ms)
    return {
        "p50_ms": round(p50, 2),
        "p95_ms": round(percentile(case.case_ms, 0.95), 2),
        "floor_p50_ms": round(floor_p50, 2),
        "ratio_p50_to_floor": round(p50 / floor_p50, 2),
        "samples": len(case.case_ms),
    }
