"""GET /api/v1/consultations/{id}/comments/: published comments only, paginated, for anyone."""

import pytest
from django.urls import reverse

from cms.comments import moderation, services
from governance import public_cache
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_list_holds_published_comments_with_the_contract_fields(
    api_client, citizen, other_citizen, consultation, moderator
):
    first = services.post_comment(consultation, citizen, "Publié")
    reply = services.post_comment(consultation, other_citizen, "Réponse", parent=first)
    services.post_comment(consultation, citizen, "Appelez le 06 12 34 56 78")
    hidden = services.post_comment(consultation, other_citizen, "Masqué")
    moderation.hide(hidden, moderator, "spam", "Publicité")
    deleted = services.post_comment(consultation, citizen, "Supprimé")
    services.delete_comment(deleted, citizen)

    response = api_client.get(reverse("api-consultation-comments", args=[consultation.pk]))
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"count", "next", "previous", "results"}
    assert data["count"] == 2
    results = {item["id"]: item for item in data["results"]}
    assert set(results) == {first.pk, reply.pk}
    assert {"id", "body", "author", "created_at", "parent"} <= set(results[first.pk])
    assert results[first.pk]["author"] == citizen.public_label != citizen.username
    assert results[first.pk]["parent"] is None
    assert results[reply.pk]["parent"] == first.pk
    assert "email" not in response.content.decode()
    assert citizen.email not in response.content.decode()


def test_unknown_consultation_is_a_404(api_client):
    assert api_client.get(reverse("api-consultation-comments", args=[999999])).status_code == 404


def test_publishing_a_comment_refreshes_the_public_pages(
    citizen, consultation, django_capture_on_commit_callbacks
):
    scope = public_cache.consultation_scope(consultation.pk)
    before = public_cache.versions([scope])[scope]
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(consultation, citizen, "Nouveau")
    assert public_cache.versions([scope])[scope] > before


def test_a_waiting_comment_does_not_refresh_the_public_pages(
    citizen, consultation, django_capture_on_commit_callbacks
):
    scope = public_cache.consultation_scope(consultation.pk)
    before = public_cache.versions([scope])[scope]
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(consultation, citizen, "a@b.fr")
    assert public_cache.versions([scope])[scope] == before


def test_moderator_menu_item_only_for_moderators(client, moderator):
    client.force_login(moderator)
    assert reverse("comment-moderation-queue") in client.get("/admin/").content.decode()
    client.force_login(UserFactory(roles=["editors"]))
    assert reverse("comment-moderation-queue") not in client.get("/admin/").content.decode()
