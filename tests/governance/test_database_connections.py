"""The demo server (threaded runserver, debug on) holds no idle database connection after a
burst of parallel visits: it once left one per client thread (82 on a 100-connection server)."""

import http.client
import threading
from urllib.parse import urlsplit

import pytest
from django.db import connection, connections

from tests.governance.test_settings import load_settings

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
CLIENTS = 8
VISITS_PER_CLIENT = 3


def _idle_connections_to_the_test_database():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND state = 'idle' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_a_burst_of_parallel_visits_leaves_no_idle_connection_behind(live_server, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("Counts PostgreSQL's connections")
    demo = load_settings(
        monkeypatch, DJANGO_DEBUG="1", DATABASE_URL="postgres://demo@127.0.0.1:5432/demo"
    )
    # The live server runs the demo's connection policy (threads read this on connecting).
    monkeypatch.setitem(
        connections.settings["default"],
        "CONN_MAX_AGE",
        demo["DATABASES"]["default"]["CONN_MAX_AGE"],
    )
    address = urlsplit(live_server.url)
    barrier = threading.Barrier(CLIENTS + 1)
    statuses = []

    def visitor():
        # One keep-alive connection per visitor, still open when the connections are counted.
        socket = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        try:
            for _visit in range(VISITS_PER_CLIENT):
                socket.request("GET", "/api/v1/recommendations/")
                response = socket.getresponse()
                response.read()
                statuses.append(response.status)
            barrier.wait(timeout=60)  # counted here
            barrier.wait(timeout=60)  # released after the count
        finally:
            socket.close()

    threads = [threading.Thread(target=visitor) for _client in range(CLIENTS)]
    for thread in threads:
        thread.start()
    barrier.wait(timeout=60)
    try:
        idle = _idle_connections_to_the_test_database()
    finally:
        barrier.wait(timeout=60)
        for thread in threads:
            thread.join(timeout=60)
    assert statuses == [200] * CLIENTS * VISITS_PER_CLIENT
    assert idle == 0
