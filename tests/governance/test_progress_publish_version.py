"""The second person publishes exactly the version they checked, never a later edit."""

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError

from governance import services
from governance.models import ProgressUpdate
from governance.wagtail_hooks import ProgressUpdatePolicy
from tests.factories import recommendation
from tests.governance.factories import ProgressUpdateFactory, ministry_user

pytestmark = pytest.mark.django_db

PUBLISH_PAGE = "/admin/avancement/points/publish/{}/"
EDIT_PAGE = "/admin/avancement/points/edit/{}/"


def edit_form(update, **changes):
    data = {
        "recommendation": update.recommendation_id,
        "status": update.status,
        "progress": update.progress,
        "rag": update.rag,
        "rag_reason": update.rag_reason,
        "comment": update.comment,
        "evidence_url": update.evidence_url,
    }
    return {**data, **changes}


def levels(response):
    return [message.level for message in get_messages(response.wsgi_request)]


def test_each_edit_of_a_draft_makes_a_new_version():
    draft = ProgressUpdateFactory()
    assert draft.version == 1
    draft.comment = "Précisé"
    draft.save()
    assert ProgressUpdate.objects.get(pk=draft.pk).version == 2


def test_api_refuses_to_publish_a_draft_changed_since_the_version_checked(api_client):
    draft = ProgressUpdateFactory(progress=40, comment="Version relue")
    draft.progress, draft.comment = 95, "Version modifiée après relecture"
    draft.save()
    api_client.force_authenticate(ministry_user())
    response = api_client.post(
        f"/api/v1/updates/{draft.pk}/publish/", {"version": 1}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["version"] == 2
    draft.refresh_from_db()
    assert not draft.is_published
    assert recommendation(10).progress == 0


def test_api_publishes_the_version_checked(api_client):
    draft = ProgressUpdateFactory(progress=40)
    api_client.force_authenticate(ministry_user())
    response = api_client.post(
        f"/api/v1/updates/{draft.pk}/publish/", {"version": draft.version}, format="json"
    )
    assert response.status_code == 200
    assert recommendation(10).progress == 40


def test_api_rejects_a_version_that_is_not_a_number(api_client):
    draft = ProgressUpdateFactory()
    api_client.force_authenticate(ministry_user())
    response = api_client.post(
        f"/api/v1/updates/{draft.pk}/publish/", {"version": "latest"}, format="json"
    )
    assert response.status_code == 400
    assert "version" in response.json()


def test_draft_api_answers_with_the_version_to_publish(api_client):
    api_client.force_authenticate(ministry_user())
    response = api_client.post(
        "/api/v1/recommendations/10/updates/",
        {"status": "in_progress", "progress": 30, "comment": "Point"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["version"] == 1


def test_admin_publishes_what_the_publisher_saw_not_an_edit_made_after(client):
    author, publisher = ministry_user(), ministry_user()
    draft = ProgressUpdateFactory(author=author, progress=40, comment="Version relue")
    client.force_login(publisher)
    page = client.get(PUBLISH_PAGE.format(draft.pk)).content.decode()
    assert 'name="version" value="1"' in page

    client.force_login(author)
    edited = client.post(
        EDIT_PAGE.format(draft.pk), edit_form(draft, progress=95, comment="Glissée après")
    )
    assert edited.status_code == 302

    client.force_login(publisher)
    response = client.post(PUBLISH_PAGE.format(draft.pk), {"version": "1"})
    draft.refresh_from_db()
    assert not draft.is_published
    assert recommendation(10).progress == 0
    assert levels(response)[-1] == messages.WARNING
    assert response["Location"] == PUBLISH_PAGE.format(draft.pk)
    again = client.get(response["Location"]).content.decode()
    assert 'name="version" value="2"' in again


def test_admin_publication_without_the_version_publishes_nothing(client):
    draft = ProgressUpdateFactory()
    client.force_login(ministry_user())
    client.post(PUBLISH_PAGE.format(draft.pk))
    draft.refresh_from_db()
    assert not draft.is_published


def test_a_copy_loaded_before_publication_cannot_turn_it_back_into_a_draft():
    draft = ProgressUpdateFactory(comment="Version relue")
    stale = ProgressUpdate.objects.get(pk=draft.pk)
    services.publish_update(draft, ministry_user(), version=1)
    stale.comment = "Réécrit"
    with pytest.raises(ValidationError):
        stale.save()
    published = ProgressUpdate.objects.get(pk=draft.pk)
    assert published.is_published and published.comment == "Version relue"
    assert services.history_is_intact(recommendation(10))


def test_a_copy_loaded_before_publication_cannot_delete_it():
    draft = ProgressUpdateFactory()
    stale = ProgressUpdate.objects.get(pk=draft.pk)
    services.publish_update(draft, ministry_user())
    with pytest.raises(ValidationError):
        stale.delete()
    assert ProgressUpdate.objects.filter(pk=draft.pk, published_at__isnull=False).exists()


def test_a_deleted_draft_is_not_brought_back_by_a_late_save():
    draft = ProgressUpdateFactory()
    stale = ProgressUpdate.objects.get(pk=draft.pk)
    draft.delete()
    stale.comment = "Réécrit"
    with pytest.raises(ProgressUpdate.DoesNotExist):
        stale.save()
    assert not ProgressUpdate.objects.filter(pk=draft.pk).exists()


def test_publishing_a_draft_deleted_meanwhile_gives_404(api_client):
    draft = ProgressUpdateFactory()
    api_client.force_authenticate(ministry_user())
    ProgressUpdate.objects.filter(pk=draft.pk).delete()
    assert api_client.post(f"/api/v1/updates/{draft.pk}/publish/").status_code == 404


@pytest.fixture
def colleague_publishes_after_the_permission_check(monkeypatch):
    """The author's request passed the admin's permission check; a colleague publishes then."""
    real_check = ProgressUpdatePolicy.user_has_permission_for_instance

    def check_then_publish(self, user, action, instance):
        allowed = real_check(self, user, action, instance)
        if action in ("change", "delete") and not instance.is_published:
            monkeypatch.setattr(
                ProgressUpdatePolicy, "user_has_permission_for_instance", real_check
            )
            services.publish_update(ProgressUpdate.objects.get(pk=instance.pk), ministry_user())
        return allowed

    monkeypatch.setattr(
        ProgressUpdatePolicy, "user_has_permission_for_instance", check_then_publish
    )


@pytest.mark.usefixtures("colleague_publishes_after_the_permission_check")
def test_admin_edit_racing_a_publication_gets_a_clear_message(client):
    author = ministry_user()
    draft = ProgressUpdateFactory(author=author, comment="Version relue")
    client.force_login(author)
    response = client.post(EDIT_PAGE.format(draft.pk), edit_form(draft, comment="Réécrit"))
    assert response.status_code == 302
    assert levels(response) == [messages.ERROR]
    published = ProgressUpdate.objects.get(pk=draft.pk)
    assert published.is_published and published.comment == "Version relue"
    assert services.history_is_intact(recommendation(10))


@pytest.mark.usefixtures("colleague_publishes_after_the_permission_check")
def test_admin_delete_racing_a_publication_gets_a_clear_message(client):
    author = ministry_user()
    draft = ProgressUpdateFactory(author=author)
    client.force_login(author)
    response = client.post(f"/admin/avancement/points/delete/{draft.pk}/")
    assert response.status_code == 302
    assert levels(response) == [messages.ERROR]
    assert ProgressUpdate.objects.filter(pk=draft.pk, published_at__isnull=False).exists()
