"""Anonymous pages are served whole from the cache, and never to signed-in people."""

import pytest

from governance.public_cache import invalidate_public_pages
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600


def test_repeat_anonymous_visit_is_a_cache_hit_without_queries(
    client, django_assert_max_num_queries
):
    first = client.get("/")
    assert first.status_code == 200 and "X-Public-Cache" not in first
    with django_assert_max_num_queries(0):
        second = client.get("/")
    assert second["X-Public-Cache"] == "hit"
    assert second.content == first.content
    assert "Content-Security-Policy" in second


def test_publishing_anything_drops_every_cached_page(client):
    client.get("/")
    invalidate_public_pages()
    assert "X-Public-Cache" not in client.get("/")


def test_each_language_has_its_own_copy(client):
    client.get("/")
    client.cookies["django_language"] = "en"
    response = client.get("/")
    assert "X-Public-Cache" not in response
    assert '<html lang="en"' in response.content.decode()


def test_signed_in_people_never_get_a_cached_page(client):
    client.get("/")
    client.force_login(UserFactory())
    response = client.get("/")
    assert "X-Public-Cache" not in response


def test_private_spaces_are_never_cached(client):
    client.get("/healthz")
    assert "X-Public-Cache" not in client.get("/healthz")
    client.get("/accounts/login/")
    assert "X-Public-Cache" not in client.get("/accounts/login/")
