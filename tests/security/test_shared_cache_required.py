"""Production with several processes needs a shared cache: `check --deploy` and gunicorn refuse
a cache private to each process (pages hidden on one worker stayed served by the others, and
rate limits were counted per process)."""

import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.checks import run_checks

from tests.security.test_defaults import deploy_check

GUNICORN_CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}


def _deploy_errors():
    return {message.id for message in run_checks(include_deployment_checks=True)}


def test_deploy_check_fails_in_production_without_redis():
    result = deploy_check()
    assert result.returncode != 0
    assert "governance.E001" in result.stderr
    assert "REDIS_URL" in result.stderr


def test_a_declared_single_process_deployment_may_keep_the_local_cache():
    result = deploy_check(DJANGO_SINGLE_PROCESS="1")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("debug", "single_process", "caches", "refused"),
    [
        (False, False, None, True),
        (False, True, None, False),
        (False, False, REDIS, False),
        (True, False, None, False),
    ],
    ids=["production-locmem", "single-process", "redis", "debug"],
)
def test_the_check_concerns_production_on_a_process_local_cache(
    settings, debug, single_process, caches, refused
):
    settings.DEBUG = debug
    settings.SINGLE_PROCESS = single_process
    if caches:
        settings.CACHES = caches
    assert ("governance.E001" in _deploy_errors()) is refused


def _start_gunicorn(workers):
    hooks = runpy.run_path(str(GUNICORN_CONF))
    hooks["on_starting"](SimpleNamespace(cfg=SimpleNamespace(workers=workers)))


def test_gunicorn_refuses_several_workers_on_a_process_local_cache(settings):
    settings.SINGLE_PROCESS = False
    with pytest.raises(SystemExit, match="REDIS_URL"):
        _start_gunicorn(workers=4)


def test_gunicorn_starts_one_worker_or_several_sharing_redis(settings):
    settings.SINGLE_PROCESS = False
    _start_gunicorn(workers=1)
    settings.CACHES = REDIS
    _start_gunicorn(workers=4)
