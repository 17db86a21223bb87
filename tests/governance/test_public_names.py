"""The name shown on comments is the public name the person chose, never the login identifier."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from rest_framework.test import APIClient

from cms.comments import services as comments
from tests.cms.comments.factories import consultation_page
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_sign_up_asks_for_the_public_name_and_says_it_is_public(client):
    page = client.get("/accounts/signup/")
    assert 'name="public_name"' in page.text
    assert "Ce nom est public" in page.text
    response = client.post(
        "/accounts/signup/",
        {
            "email": "lea@example.org",
            "username": "lea.dupont.75",
            "public_name": "  Léa   du 75 ",
            "password1": "un-mot-de-passe-solide",
            "password2": "un-mot-de-passe-solide",
        },
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="lea.dupont.75").public_name == "Léa du 75"
    assert len(mail.outbox) == 1  # the confirmation email


def test_comments_show_the_public_name_not_the_username(client):
    author = UserFactory(username="jean.secret", public_name="Un patient")
    nameless = UserFactory(username="login.prive", public_name="")
    consultation = consultation_page()
    comments.post_comment(consultation, author, "Mon avis.")
    comments.post_comment(consultation, nameless, "Le mien.")
    listed = APIClient().get(f"/api/v1/consultations/{consultation.pk}/comments/").json()
    authors = {c["author"] for c in listed["results"]}
    assert authors == {"Un patient", f"Participant n°{nameless.pk}"}
    page = client.get(consultation.url)
    assert "Un patient" in page.text
    assert "jean.secret" not in page.text and "login.prive" not in page.text


def test_the_account_page_edits_the_public_name(client):
    user = UserFactory(public_name="Ancien nom")
    client.force_login(user)
    page = client.get("/compte/")
    assert page.status_code == 200
    assert 'href="/compte/"' in page.text  # linked from the header
    assert client.post("/compte/", {"public_name": "Nouveau nom"}).status_code == 302
    user.refresh_from_db()
    assert user.public_name == "Nouveau nom"
    assert client.post("/compte/", {"public_name": "   "}).status_code == 400


def test_existing_users_get_a_neutral_public_name():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("governance.migrations.0005_user_public_name")
    user = UserFactory(username="ancien.login", public_name="")
    migration.default_public_names(apps, None)
    user.refresh_from_db()
    assert user.public_name == f"Participant n°{user.pk}"
