"""Concurrent phases over HTTP: the mixed load, transition throughput, the storm.

Every loop is bounded (a deadline or a fixed list); the only sleeps pace the writers. An error
is a 5xx or a connection error; a 409 (conflict) or a 429 (rate limit) is an answer, counted
apart.
"""

import json
import threading
import time
from collections import Counter

from tests.bench.cases import FLOOR, percentile, timed
from tests.live_server import Browser

JSON = {"Content-Type": "application/json"}
# take_charge then request_correction: two steps a hub member performs on a submitted dossier.
STEPS = [
    ("take_charge", {}),
    (
        "request_correction",
        {"comment": "Merci de joindre le protocole de l'étude pilote.", "reason": "incomplete"},
    ),
]


def tokens(base, usernames, password, network):
    """An API token per account, from `POST /api/v1/auth/token/`, each from its own address."""
    keys = {}
    for index, username in enumerate(usernames):
        browser = Browser(address=f"10.{network}.{index // 250}.{index % 250 + 1}")
        body = json.dumps({"username": username, "password": password}).encode()
        status, _headers, answer = browser.request(f"{base}/api/v1/auth/token/", body, JSON)
        assert status == 200, f"no token for {username}: {status} {answer[:200]}"
        keys[username] = json.loads(answer)["token"]
    return keys


def _api_post(browser, url, key, payload):
    headers = {**JSON, "Authorization": f"Token {key}"}
    return timed(browser, url, data=json.dumps(payload).encode(), headers=headers)


def _transition(base, browser, key, dossier_id, name, payload):
    url = f"{base}/api/v1/dossiers/{dossier_id}/transitions/{name}/"
    return _api_post(browser, url, key, payload)


def _paced(interval, offset, deadline):
    """The due times ``offset, offset + interval, …`` before ``deadline``, sleeping until each."""
    due = time.monotonic() + offset
    while due < deadline:
        wait = due - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        yield
        due += interval


def mixed_load(base, *, pages, consultation_id, citizen_keys, hub_keys, dossier_ids, settings):
    """Readers on public pages, each alternating with the floor, while writers post comments
    from many accounts and move dossiers, for ``settings["seconds"]``."""
    seconds = settings["seconds"]
    records = []  # (kind, ms, status), appended by every thread
    start = time.monotonic()
    deadline = start + seconds

    cache_answers = Counter()  # X-Public-Cache of the readers' pages: hit, stale, or none
    by_page = {path: [] for path in pages}

    def reader(index):
        browser = Browser(address=f"10.1.0.{index + 1}")
        turn = index
        while time.monotonic() < deadline:
            records.append(("floor", *timed(browser, base + FLOOR)))
            path = pages[turn % len(pages)]
            start = time.perf_counter()
            try:
                status, headers, _body = browser.request(base + path)
            except OSError:
                status, headers = 0, {}
            ms = (time.perf_counter() - start) * 1000
            records.append(("page", ms, status))
            by_page[path].append(ms)
            cache_answers[headers.get("X-Public-Cache", "miss")] += 1
            turn += 1

    commenters = 2
    interval = settings["comment_interval"] * commenters
    comments_url = f"{base}/api/v1/consultations/{consultation_id}/comments/"
    keys = list(citizen_keys.values())

    def commenter(index):
        browser = Browser(address=f"10.2.0.{index + 1}")
        own = keys[index::commenters]
        offset = index * settings["comment_interval"]
        for number, _due in enumerate(_paced(interval, offset, deadline)):
            body = {"body": f"Avis n° {index}-{number} du banc d'essai : accessibilité d'abord."}
            records.append(
                ("comment", *_api_post(browser, comments_url, own[number % len(own)], body))
            )

    def mover():
        browser = Browser(address="10.2.1.1")
        key = next(iter(hub_keys.values()))
        plan = [(dossier_id, step) for dossier_id in dossier_ids for step in STEPS]
        for (dossier_id, (name, payload)), _due in zip(
            plan, _paced(settings["transition_interval"], 0.5, deadline), strict=False
        ):
            records.append(
                ("transition", *_transition(base, browser, key, dossier_id, name, payload))
            )

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(settings["readers"])]
    threads += [threading.Thread(target=commenter, args=(i,)) for i in range(commenters)]
    threads.append(threading.Thread(target=mover))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start

    def times(kind):
        return [ms for k, ms, status in records if k == kind and status and status < 500]

    statuses = Counter(status for _kind, _ms, status in records)
    floor, page = times("floor"), times("page")
    floor_p50, floor_p99 = percentile(floor, 0.5), percentile(floor, 0.99)
    page_p50, page_p99 = percentile(page, 0.5), percentile(page, 0.99)
    return {
        "seconds": round(elapsed, 1),
        "requests": len(records),
        "requests_per_s": round(len(records) / elapsed, 1),
        "errors": sum(n for status, n in statuses.items() if status == 0 or status >= 500),
        "conflicts": statuses[409],
        "rate_limited": statuses[429],
        "other_refusals": sum(
            n for status, n in statuses.items() if 400 <= status < 500 and status not in (409, 429)
        ),
        "readers": settings["readers"],
        "comments_posted": sum(1 for k, _ms, s in records if k == "comment" and s == 201),
        "transitions_done": sum(1 for k, _ms, s in records if k == "transition" and s == 200),
        "floor_p50_ms": round(floor_p50, 2),
        "floor_p99_ms": round(floor_p99, 2),
        "anonymous_p50_ms": round(page_p50, 2),
        "anonymous_p99_ms": round(page_p99, 2),
        "anonymous_p50_ratio": round(page_p50 / floor_p50, 2),
        "anonymous_p99_ratio": round(page_p99 / floor_p99, 2),
        "statuses": {str(status): n for status, n in sorted(statuses.items())},
        "public_cache": dict(cache_answers),
        "pages": {
            path: {
                "n": len(ms),
                "p50_ms": round(percentile(ms, 0.5), 1),
                "p99_ms": round(percentile(ms, 0.99), 1),
            }
            for path, ms in by_page.items()
            if ms
        },
    }


def transition_throughput(base, keys, dossier_ids, clients):
    """``clients`` hub members, each moving its own share of dossiers through both steps."""
    outcomes = []

    def client(index):
        browser = Browser(address=f"10.3.0.{index + 1}")
        key = keys[index % len(keys)]
        for dossier_id in dossier_ids[index::clients]:
            for name, payload in STEPS:
                outcomes.append(_transition(base, browser, key, dossier_id, name, payload)[1])

    start = time.monotonic()
    _run([threading.Thread(target=client, args=(i,)) for i in range(clients)])
    elapsed = time.monotonic() - start
    done = outcomes.count(200)
    return {
        "clients": clients,
        "attempted": len(outcomes),
        "succeeded": done,
        "seconds": round(elapsed, 2),
        "transitions_per_s": round(done / elapsed, 1),
    }


def storm(base, keys, dossier_ids):
    """One client per key, released together, each performing every step on every dossier in
    the same order; then the history is checked: each success has its row, no step has two."""
    from workflows.models import DossierTransition

    outcomes = []  # (dossier_id, name, status)
    barrier = threading.Barrier(len(keys))

    def client(index, key):
        browser = Browser(address=f"10.4.0.{index + 1}")
        barrier.wait()
        for dossier_id in dossier_ids:
            for name, payload in STEPS:
                status = _transition(base, browser, key, dossier_id, name, payload)[1]
                outcomes.append((dossier_id, name, status))

    _run([threading.Thread(target=client, args=item) for item in enumerate(keys)])
    names = [name for name, _payload in STEPS]
    rows = Counter(
        DossierTransition.objects.filter(
            dossier_id__in=dossier_ids, transition__in=names
        ).values_list("dossier_id", "transition")
    )
    successes = Counter((d, n) for d, n, status in outcomes if status == 200)
    steps = [(dossier_id, name) for dossier_id in dossier_ids for name in names]
    statuses = Counter(status for _d, _n, status in outcomes)
    return {
        "workers": len(keys),
        "dossiers": len(dossier_ids),
        "attempted": len(outcomes),
        "succeeded": statuses[200],
        "conflicts": statuses[409],
        "errors": sum(n for status, n in statuses.items() if status == 0 or status >= 500),
        "other": sum(n for status, n in statuses.items() if 0 < status < 500)
        - statuses[200]
        - statuses[409],
        # A client told "done" with no history row for that step.
        "lost": sum(1 for step in steps if successes[step] and not rows[step]),
        # Two history rows for one step, or two clients told "done" for it.
        "doubled": sum(max(0, rows[step] - 1) + max(0, successes[step] - 1) for step in steps),
        "steps_not_done": sum(1 for step in steps if not rows[step]),
    }


def _run(threads):
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
