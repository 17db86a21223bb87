"""The applicant edits a draft or a dossier under correction and keeps its region."""

import pytest

from tests.workflows.factories import COMPLETE_FIELDS, dossier, dossier_in_state
from workflows.models import Dossier, DossierState

pytestmark = pytest.mark.django_db
S = DossierState


def _form_data(current, **changes):
    """What the browser posts: every field the page shows, with the user's changes."""
    data = {
        "title": current.title,
        "pathway": current.pathway,
        **COMPLETE_FIELDS,
        "recommendations": [r.pk for r in current.recommendations.all()],
    }
    data.update(changes)
    return data


def test_a_dossier_under_correction_saves_with_its_region_shown_read_only(cast, client):
    asked = dossier_in_state(S.CORRECTION_REQUESTED, cast)
    client.force_login(cast.owner)
    page = client.get(f"/dossiers/{asked.pk}/modifier/")
    assert page.status_code == 200
    assert 'name="region"' not in page.text
    assert 'value="Île-de-France" readonly' in page.text
    # A disabled select is not submitted by browsers: the post carries no region.
    response = client.post(
        f"/dossiers/{asked.pk}/modifier/", _form_data(asked, summary="Classe IIa précisée.")
    )
    assert response.status_code == 302
    saved = Dossier.objects.get(pk=asked.pk)
    assert saved.summary == "Classe IIa précisée."
    assert saved.region.slug == "ile-de-france"


def test_a_dossier_under_correction_ignores_a_posted_region(cast, client):
    asked = dossier_in_state(S.CORRECTION_REQUESTED, cast)
    client.force_login(cast.owner)
    response = client.post(
        f"/dossiers/{asked.pk}/modifier/", _form_data(asked, region="occitanie", title="Neuf")
    )
    assert response.status_code == 302
    saved = Dossier.objects.get(pk=asked.pk)
    assert (saved.title, saved.region.slug) == ("Neuf", "ile-de-france")


def test_a_draft_edit_shows_and_keeps_its_region(cast, client):
    draft = dossier(cast.owner)
    client.force_login(cast.owner)
    page = client.get(f"/dossiers/{draft.pk}/modifier/")
    assert '<option value="ile-de-france" selected>' in page.text
    response = client.post(
        f"/dossiers/{draft.pk}/modifier/",
        _form_data(draft, region="ile-de-france", title="Télésuivi v2"),
    )
    assert response.status_code == 302
    saved = Dossier.objects.get(pk=draft.pk)
    assert (saved.title, saved.region.slug) == ("Télésuivi v2", "ile-de-france")


def test_a_draft_may_still_move_to_another_region(cast, client):
    draft = dossier(cast.owner)
    client.force_login(cast.owner)
    response = client.post(f"/dossiers/{draft.pk}/modifier/", _form_data(draft, region="occitanie"))
    assert response.status_code == 302
    assert Dossier.objects.get(pk=draft.pk).region.slug == "occitanie"
