"""Anonymous pages are served whole from the cache, and never to signed-in people; browsers and
proxies keep anonymous pages briefly and signed-in answers not at all."""

import pytest
from wagtail.models import PageViewRestriction

from governance import api_tokens, public_cache
from tests.cms.comments.factories import consultation_page
from tests.cms.factories import recommendation_page
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


def test_a_site_wide_change_drops_every_cached_page(client):
    client.get("/")
    public_cache.invalidate(public_cache.SITE, hard=True)
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


# What browsers and proxies may keep ------------------------------------------------------------


def _directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def _max_age(response):
    ages = [int(d.split("=")[1]) for d in _directives(response) if d.startswith("max-age=")]
    return ages[0] if ages else None


@pytest.fixture
def consultation_in_a_month(db):
    """The home page lists consultations: its content changes when this one opens."""
    return consultation_page(opens_in_days=30, closes_in_days=60)


def test_anonymous_page_is_kept_downstream_for_a_short_time_only(
    client, settings, consultation_in_a_month
):
    settings.PUBLIC_PAGE_MAX_AGE = 60
    for response in (client.get("/"), client.get("/")):
        assert response.status_code == 200
        assert 0 < _max_age(response) <= 60
        assert "private" not in _directives(response)
        # One URL serves signed-in people too: shared caches must key on the cookie.
        assert "Cookie" in response["Vary"]


def test_a_cached_page_never_promises_more_than_it_has_left(client, settings):
    settings.PUBLIC_PAGE_MAX_AGE = 60
    consultation_page(opens_in_days=-1, closes_in_days=20 / 86400)  # closes in 20 seconds
    first = client.get("/")
    second = client.get("/")
    assert second["X-Public-Cache"] == "hit"
    assert _max_age(first) <= 20 and _max_age(second) <= 20


def test_signed_in_pages_are_private_and_not_stored(client, consultation_in_a_month):
    client.force_login(UserFactory())
    response = client.get("/")
    assert response.status_code == 200
    assert {"private", "no-store"} <= _directives(response)
    assert _max_age(response) is None


def test_api_answers_to_a_token_holder_are_private_and_not_stored(api_client):
    _token, key = api_tokens.issue_token(UserFactory())
    response = api_client.get("/api/v1/dossiers/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert {"private", "no-store"} <= _directives(response)


def test_a_page_switched_to_login_only_leaves_the_public_cache_at_once(
    client, django_capture_on_commit_callbacks
):
    page = recommendation_page(3)
    url = page.url
    client.get(url)
    assert client.get(url)["X-Public-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.LOGIN
        )
    response = client.get(url)
    assert "X-Public-Cache" not in response
    assert response.status_code == 302 and "login" in response["Location"]

    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    response = client.get(url)
    assert response.status_code == 200 and "X-Public-Cache" not in response
