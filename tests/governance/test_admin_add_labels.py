"""The admin's add buttons read as French sentences, not Wagtail's "Ajouter un(e) …"."""

import pytest

from tests.cms.factories import consultation
from tests.factories import UserFactory
from tests.governance.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_progress_update_list_offers_to_add_a_progress_update(admin_client):
    html = admin_client.get("/admin/avancement/points/").content.decode()
    assert "Ajouter un point d&#x27;avancement" in html
    assert "Ajouter un(e)" not in html


def test_indicator_form_offers_to_add_a_measured_value(admin_client):
    indicator = IndicatorFactory()
    html = admin_client.get(f"/admin/avancement/indicateurs/edit/{indicator.pk}/").content.decode()
    assert "Ajouter une valeur mesurée" in html
    assert "Ajouter un(e)" not in html


def test_consultation_form_offers_questions_documents_and_answers(admin_client):
    page = consultation("open")
    html = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    for label in ("Ajouter une question", "Ajouter un document", "Ajouter une réponse officielle"):
        assert label in html
    assert "Ajouter un(e)" not in html
