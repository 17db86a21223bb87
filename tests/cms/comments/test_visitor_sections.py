"""A visitor's comment section is kept in each process under when its consultation's comments
last changed for visitors: a first visit after the shared cache was emptied reads one row
instead of the threads, and every change a visitor would see, a new public name or a deleted
account included, shows at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.comments import services
from governance.personal_data import erase_user
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _visit(consultation):
    """A first visit: the shared cache emptied, the threads read or not."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        html = Client().get(consultation.url).content.decode()
    read_threads = any('"thread_id" IN' in q["sql"] for q in captured)
    return html, read_threads


@pytest.fixture
def commented(consultation, citizen, django_capture_on_commit_callbacks):
    citizen.public_name = "Camille D."
    citizen.save(update_fields=["public_name"])
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(consultation, citizen, "Premier avis sur la messagerie")
    return consultation


def test_a_first_visit_reads_the_threads_once_per_change(
    commented, other_citizen, django_capture_on_commit_callbacks
):
    html, read = _visit(commented)
    assert "Premier avis sur la messagerie" in html and read
    html, read = _visit(commented)
    assert "Premier avis sur la messagerie" in html and "Camille D." in html
    assert not read  # kept: nothing a visitor sees changed

    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(commented, other_citizen, "Un second avis")
    html, read = _visit(commented)
    assert "Un second avis" in html and read


def test_a_signed_in_reader_always_reads_the_threads(commented, citizen):
    _visit(commented)
    reader = Client()
    reader.force_login(UserFactory())
    with CaptureQueriesContext(connection) as captured:
        assert reader.get(commented.url).status_code == 200
    assert any('"thread_id" IN' in q["sql"] for q in captured)


def test_a_new_public_name_shows_at_once(commented, citizen, django_capture_on_commit_callbacks):
    assert "Camille D." in _visit(commented)[0]
    author = Client()
    author.force_login(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        response = author.post(reverse("my-account"), {"public_name": "Camille Durand"})
    assert response.status_code == 302
    html = Client().get(commented.url).content.decode()  # the cached page dropped too
    assert "Camille Durand" in html and "Camille D.<" not in html


def test_a_deleted_account_shows_at_once(commented, citizen, django_capture_on_commit_callbacks):
    assert "Camille D." in _visit(commented)[0]
    with django_capture_on_commit_callbacks(execute=True):
        erase_user(citizen)
    html = Client().get(commented.url).content.decode()
    assert "Camille D." not in html
    assert "compte supprimé" in html
    assert "Premier avis sur la messagerie" in html
