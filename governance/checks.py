"""The platform's own deployment checks (``manage.py check --deploy``; ``make check`` in CI)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


def process_local_cache_problem():
    """Why production may not run several processes on this cache; ``None`` when it may.

    Each process would keep its own copy of the public pages (a hidden comment still served by
    the others) and its own rate-limit counters (limits never reached).
    """
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or settings.SINGLE_PROCESS or backend not in PROCESS_LOCAL_CACHES:
        return None
    return (
        f"The cache ({backend.rsplit('.', 1)[-1]}) is private to each process: with several "
        "workers, pages hidden or changed on one are still served by the others, and rate "
        "limits are counted per process."
    )


@register(Tags.caches, deploy=True)
def shared_cache_in_production(app_configs, **kwargs):
    problem = process_local_cache_problem()
    if problem is None:
        return []
    return [
        Error(
            problem,
            hint="Set REDIS_URL to a Redis shared by every worker, or declare a deployment of "
            "one process only with DJANGO_SINGLE_PROCESS=1.",
            id="governance.E001",
        )
    ]
