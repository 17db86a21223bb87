"""The public cache survives writes: a change drops only the cached answers that show it, a
rebuild in progress leaves the others on the previous copy, and what is hidden goes at once."""

import pytest
from django.core.cache import cache

from cms.comments import moderation, services
from governance import api_tokens, public_cache
from governance.roles import Role
from tests.cms.comments.factories import consultation_page
from tests.cms.factories import recommendation_page
from tests.factories import UserFactory, user_with_role
from tests.governance.factories import published_update

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600


@pytest.fixture
def moderator(db):
    return user_with_role(Role.MODERATOR)


@pytest.fixture
def consultations(db):
    return consultation_page(), consultation_page()


def _comments_api(consultation):
    return f"/api/v1/consultations/{consultation.pk}/comments/"


def _hit(client, url):
    return client.get(url).get("X-Public-Cache") == "hit"


def _warm(client, *urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302), url
        assert _hit(client, url), url


def _hold_rebuild(url, accept=""):
    """Act as another visitor busy rebuilding ``url``'s copy."""
    key = public_cache.entry_key("fr", "testserver", url, accept=accept)
    assert cache.add(public_cache.rebuild_lock_key(key), 1)


def test_a_comment_drops_its_consultation_only(
    client, consultations, django_capture_on_commit_callbacks
):
    a, b = consultations
    others = [
        b.url,
        _comments_api(b),
        recommendation_page(3).url,
        "/recommandations/",
        "/recommandations/3/",
        "/consultations/",
        "/",
        "/avancement/",
        "/api/v1/recommendations/",
        "/api/v1/consultations/",
        "/api/v1/pathways/",
    ]
    _warm(client, a.url, _comments_api(a), *others)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(a, UserFactory(), "Un avis tout neuf")
    for url in others:
        assert _hit(client, url), url
    page = client.get(a.url)
    assert "X-Public-Cache" not in page and "Un avis tout neuf" in page.content.decode()
    api = client.get(_comments_api(a))
    assert "X-Public-Cache" not in api
    assert [c["body"] for c in api.json()["results"]] == ["Un avis tout neuf"]


def test_the_previous_copy_is_served_while_another_visitor_rebuilds_it(
    client, consultations, django_capture_on_commit_callbacks
):
    a, _b = consultations
    _warm(client, a.url)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(a, UserFactory(), "Arrivé pendant la reconstruction")
    _hold_rebuild(a.url)
    stale = client.get(a.url)
    assert stale["X-Public-Cache"] == "stale"
    assert "Arrivé pendant la reconstruction" not in stale.content.decode()
    assert "max-age=0" in stale["Cache-Control"]  # kept by no one downstream

    cache.delete(public_cache.rebuild_lock_key(public_cache.entry_key("fr", "testserver", a.url)))
    rebuilt = client.get(a.url)
    assert "X-Public-Cache" not in rebuilt
    assert "Arrivé pendant la reconstruction" in rebuilt.content.decode()
    assert _hit(client, a.url)


def test_a_hidden_comment_leaves_the_page_and_the_api_at_once(
    client, consultations, moderator, django_capture_on_commit_callbacks
):
    a, _b = consultations
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.post_comment(a, UserFactory(), "Propos injurieux ici")
    _warm(client, a.url, _comments_api(a))
    # Even with a rebuild in progress elsewhere, nobody gets the copy showing it.
    _hold_rebuild(a.url)
    _hold_rebuild(_comments_api(a), accept="*/*")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide(comment, moderator, "offensive", "Propos injurieux.")
    page = client.get(a.url)
    assert page.get("X-Public-Cache") != "stale"
    assert "Propos injurieux ici" not in page.content.decode()
    api = client.get(_comments_api(a))
    assert api.get("X-Public-Cache") != "stale" and api.json()["results"] == []


def test_nothing_changes_before_the_commit(
    client, consultations, django_capture_on_commit_callbacks
):
    a, _b = consultations
    _warm(client, a.url)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.post_comment(a, UserFactory(), "Pas encore validé")
        assert _hit(client, a.url)
    assert callbacks


def test_a_progress_publication_drops_the_barometer_and_its_recommendation_only(
    client, consultations, django_capture_on_commit_callbacks
):
    a, _b = consultations
    changed = [
        recommendation_page(10).url,
        "/avancement/",
        "/",
        "/recommandations/",
        "/api/v1/recommendations/",
        "/api/v1/recommendations/10/",
    ]
    untouched = [recommendation_page(3).url, "/api/v1/recommendations/3/", a.url]
    _warm(client, *changed, *untouched)
    with django_capture_on_commit_callbacks(execute=True):
        published_update(progress=70)  # recommendation 10
    for url in untouched:
        assert _hit(client, url), url
    for url in changed:
        assert not _hit(client, url), url
    assert '"progress":70' in client.get("/api/v1/recommendations/10/").content.decode()


def test_publishing_a_page_drops_it_and_the_pages_listing_it_not_its_siblings(
    client, consultations, django_capture_on_commit_callbacks
):
    a, b = consultations
    sibling = recommendation_page(4)
    _warm(client, a.url, b.url, "/consultations/", sibling.url, "/recommandations/")
    b.title = "Consultation renommée"
    with django_capture_on_commit_callbacks(execute=True):
        b.save_revision().publish()
    assert "Consultation renommée" in client.get(b.url).content.decode()
    assert "Consultation renommée" in client.get("/consultations/").content.decode()
    # Its sibling and the recommendations index do not show it.
    assert _hit(client, a.url)
    assert _hit(client, "/recommandations/")
    # A recommendation page lists its consultations: it is rebuilt.
    assert not _hit(client, sibling.url)


def test_the_permalink_redirect_is_cached_until_its_page_goes(
    client, django_capture_on_commit_callbacks
):
    page = recommendation_page(5)
    first = client.get("/recommandations/5/")
    assert first.status_code == 302 and first["Location"] == page.url
    second = client.get("/recommandations/5/")
    assert second["X-Public-Cache"] == "hit" and second["Location"] == page.url
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert client.get("/recommandations/5/").status_code == 404


def test_signed_in_people_and_token_holders_never_get_a_cached_api_answer(
    client, api_client, consultations
):
    a, _b = consultations
    url = _comments_api(a)
    _warm(client, url)
    _token, key = api_tokens.issue_token(UserFactory())
    by_token = api_client.get(url, HTTP_AUTHORIZATION=f"Token {key}")
    assert by_token.status_code == 200 and "X-Public-Cache" not in by_token
    assert "private" in by_token["Cache-Control"]
    client.force_login(UserFactory())
    signed_in = client.get(url)
    assert "X-Public-Cache" not in signed_in and "private" in signed_in["Cache-Control"]
    assert "X-Public-Cache" not in client.get(a.url)


def test_the_api_keeps_one_copy_per_format(client, consultations):
    a, _b = consultations
    url = _comments_api(a)
    _warm(client, url)
    assert client.get(url, HTTP_ACCEPT="application/json").get("X-Public-Cache") != "hit"


def test_a_changed_stage_deadline_reaches_the_pathways_api_at_once(
    client, django_capture_on_commit_callbacks
):
    from workflows.models import StageDeadline

    _warm(client, "/api/v1/pathways/", "/recommandations/")
    deadline = StageDeadline.objects.first()
    with django_capture_on_commit_callbacks(execute=True):
        deadline.days = 123
        deadline.save()
    response = client.get("/api/v1/pathways/")
    assert "X-Public-Cache" not in response
    assert 123 in [days for row in response.json() for days in row["stage_deadlines"].values()]
    assert _hit(client, "/recommandations/")
