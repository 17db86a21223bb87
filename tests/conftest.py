import os
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from tests.factories import UserFactory


@pytest.fixture(scope="session", autouse=True)
def _database_engine_is_the_one_asked_for(django_db_setup, django_db_blocker):
    """CI sets REQUIRE_POSTGRES: never let it pass silently on SQLite."""
    if os.environ.get("REQUIRE_POSTGRES"):
        with django_db_blocker.unblock():
            assert connection.vendor == "postgresql", "CI must run against PostgreSQL"


@pytest.fixture(autouse=True)
def _fresh_cache():
    from cms.routing import forget_sites
    from cms.templatetags.comments import VISITOR_SECTIONS

    cache.clear()
    forget_sites()  # a test's rolled-back sites are not saved or deleted for the signals
    VISITOR_SECTIONS.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def as_user(client):
    """Sign a Django test client in as the given user: ``as_user(user)``."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@contextmanager
def rows_for_the_module(django_db_blocker):
    """Rows built once for a module's tests, inside a transaction rolled back after its last test
    (each test still runs in a savepoint of its own, as Django's ``setUpTestData`` does)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
