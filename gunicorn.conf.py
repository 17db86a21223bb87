"""Gunicorn's settings in production, read from the working directory by ``gunicorn``.

Sync workers, one database connection each, kept between requests (``DJANGO_CONN_MAX_AGE``).
Several workers need the cache they share (``REDIS_URL``): without it gunicorn refuses to start.
"""

import os

wsgi_app = "governance.wsgi"
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", "1"))


def on_starting(server):
    """Refuse more than one worker on a cache private to each process."""
    if server.cfg.workers <= 1:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "governance.settings")
    from governance.checks import process_local_cache_problem

    problem = process_local_cache_problem()
    if problem is not None:
        raise SystemExit(
            f"Refusing to start {server.cfg.workers} workers: {problem} Set REDIS_URL."
        )
