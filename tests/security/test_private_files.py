"""Uploaded files are private: stored under random names, served only by permission-checked views.

The demo runs with debug on, where Django's static helper used to serve the whole media folder;
these tests rebuild the URL map as the demo builds it, with files on disk.
"""

import importlib
import re

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import clear_url_caches, reverse

from tests.governance.factories import ProgressUpdateFactory, ministry_user
from tests.workflows import files
from tests.workflows.factories import Cast, dossier, dossier_in_state, running_reviews
from workflows import services
from workflows.models import DossierState, Pathway

pytestmark = pytest.mark.django_db
S = DossierState
RANDOM_NAME = re.compile(r"dossiers/[0-9a-f]{32}")


@pytest.fixture
def cast():
    return Cast()


@pytest.fixture
def demo_media(settings, tmp_path):
    """Files on disk under a media folder of their own, and the URL map built with debug on."""
    import governance.urls

    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    with override_settings(DEBUG=True):
        importlib.reload(governance.urls)
    clear_url_caches()
    yield tmp_path
    importlib.reload(governance.urls)
    clear_url_caches()


@pytest.fixture
def uploaded(cast, demo_media):
    draft = dossier(cast.owner)
    return services.add_attachment(draft, cast.owner, files.upload("etude.pdf", files.pdf_bytes()))


def test_the_demo_serves_no_attachment_from_media(client, cast, uploaded, demo_media):
    assert (demo_media / uploaded.file.name).exists()
    for user in (None, cast.other_entrepreneur, cast.other_hub, cast.owner):
        if user is not None:
            client.force_login(user)
        assert client.get(f"/media/{uploaded.file.name}", follow=True).status_code == 404


def test_the_demo_serves_no_decision_letter_from_media(
    client, cast, demo_media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approved = dossier_in_state(S.APPROVED, cast)
    approved.decision.refresh_from_db()
    letter = approved.decision.letter
    assert RANDOM_NAME.fullmatch(letter.file.name)
    assert (demo_media / letter.file.name).exists()
    client.force_login(cast.other_hub)
    assert client.get(f"/media/{letter.file.name}", follow=True).status_code == 404
    client.logout()
    assert client.get(f"/media/{letter.file.name}", follow=True).status_code == 404


def test_the_demo_serves_no_draft_evidence_from_media(client, demo_media):
    draft = ProgressUpdateFactory(evidence_file=ContentFile(files.pdf_bytes(), name="preuve.pdf"))
    name = draft.evidence_file.name
    assert re.fullmatch(r"progress/evidence/[0-9a-f]{32}/preuve\.pdf", name)
    assert (demo_media / name).exists()
    assert client.get(f"/media/{name}", follow=True).status_code == 404
    assert client.get(f"/avancement/preuves/{draft.pk}/").status_code == 404


def test_published_evidence_is_offered_under_its_own_name(client, demo_media):
    from governance import services as governance_services

    draft = ProgressUpdateFactory(evidence_file=ContentFile(files.pdf_bytes(), name="preuve.pdf"))
    governance_services.publish_update(draft, ministry_user())
    response = client.get(f"/avancement/preuves/{draft.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="preuve.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_outsiders_get_404_from_the_attachment_view(client, cast, uploaded):
    url = f"/dossiers/{uploaded.dossier_id}/pieces/{uploaded.pk}/"
    for outsider in (cast.other_entrepreneur, cast.other_hub):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.get(url.replace("/dossiers/", "/instruction/")).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in_without_the_file(client, uploaded):
    response = client.get(f"/dossiers/{uploaded.dossier_id}/pieces/{uploaded.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_applicant_downloads_the_file_as_an_attachment_of_its_detected_type(
    client, cast, uploaded
):
    client.force_login(cast.owner)
    response = client.get(f"/dossiers/{uploaded.dossier_id}/pieces/{uploaded.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="etude.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    with uploaded.file.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()


def test_stored_names_say_nothing_of_the_upload_name_or_date(cast):
    draft = dossier(cast.owner)
    first, second = (
        services.add_attachment(draft, cast.owner, files.upload("etude.pdf", files.pdf_bytes()))
        for _ in range(2)
    )
    for attachment in (first, second):
        assert RANDOM_NAME.fullmatch(attachment.file.name)
        assert attachment.name == "etude.pdf"
    assert first.file.name != second.file.name


def test_wagtail_documents_are_served_by_their_view(client, demo_media):
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title="Synthèse", file=ContentFile(files.pdf_bytes(), name="synthese.pdf")
    )
    assert document.url == f"/documents/{document.pk}/synthese.pdf"
    assert client.get(document.url).status_code == 200
    assert client.get(f"/media/{document.file.name}", follow=True).status_code == 404


@pytest.fixture
def early_dialogue_with_a_file(cast):
    """An early dialogue whose HAS recommendations came with a file (a confidential review)."""
    referred = dossier_in_state(S.EXPERT_REVIEW, cast, pathway=Pathway.HAS_EARLY_DIALOGUE)
    review = running_reviews(referred)[0]
    review = services.perform_review(review, "accept", cast.has_adviser)
    review = services.perform_review(
        review,
        "submit",
        cast.has_adviser,
        comment="Nos recommandations.",
        file=files.upload("recommandations.pdf", files.pdf_bytes()),
    )
    return referred, review


def test_a_review_file_is_stored_under_a_random_name(early_dialogue_with_a_file):
    _dossier, review = early_dialogue_with_a_file
    assert RANDOM_NAME.fullmatch(review.file.name)
    assert "recommandations" not in review.file.name


def test_the_parties_of_a_confidential_review_download_its_file(
    client, cast, early_dialogue_with_a_file
):
    referred, review = early_dialogue_with_a_file
    url = reverse("workflows:review-file", args=[referred.pk, review.pk])
    for party in (cast.owner, cast.hub, cast.has_adviser):
        client.force_login(party)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith('attachment; filename="recommandations')
        assert "no-store" in response["Cache-Control"]


def test_nobody_else_gets_a_review_file(client, cast, early_dialogue_with_a_file):
    referred, review = early_dialogue_with_a_file
    url = reverse("workflows:review-file", args=[referred.pk, review.pk])
    for outsider in (cast.decision_maker, cast.other_hub, cast.ans_expert, cast.other_entrepreneur):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # sent to sign in, nothing served
