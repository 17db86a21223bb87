"""GDPR rights from "Mon compte": export everything, delete the account, keep the threads."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from cms.comments import services as comments
from governance import api_tokens
from governance.models import ApiToken
from tests.cms.comments.factories import consultation_page
from tests.factories import UserFactory, enrol_totp, totp_code
from tests.workflows.factories import dossier, entrepreneur
from workflows import membership

pytestmark = pytest.mark.django_db

EMAIL = "camille.martin@example.org"
NOT_TEXT = {
    "AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField",
    "SmallIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
    "PositiveBigIntegerField", "FloatField", "DecimalField", "BooleanField", "DateField",
    "DateTimeField", "TimeField", "DurationField", "UUIDField", "BinaryField",
}  # fmt: skip


@pytest.fixture
def citizen():
    return UserFactory(username="camille", email=EMAIL, public_name="Camille des Vosges")


@pytest.fixture
def participation(citizen):
    consultation = consultation_page()
    other = UserFactory()
    mine = comments.post_comment(consultation, citizen, "Je soutiens la recommandation 4.")
    theirs = comments.post_comment(consultation, other, "Je ne suis pas d'accord.")
    reply = comments.post_comment(consultation, other, "Pourquoi ?", parent=mine)
    comments.vote(theirs, citizen, 1)
    comments.report(theirs, citizen, "off_topic")
    comments.vote(mine, other, 1)
    return consultation, mine, reply


def _rows_holding(text):
    """(table, column) pairs where any text column of any table holds ``text``."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            for column in connection.introspection.get_table_description(cursor, table):
                try:
                    kind = connection.introspection.get_field_type(column.type_code, column)
                except KeyError:  # untyped columns (SQLite's full-text search tables)
                    kind = "TextField"
                if kind in NOT_TEXT:
                    continue
                name = connection.ops.quote_name(column.name)
                cursor.execute(
                    f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} "  # noqa: S608
                    f"WHERE LOWER(CAST({name} AS TEXT)) LIKE %s",
                    [f"%{text.lower()}%"],
                )
                if cursor.fetchone()[0]:
                    found.append((table, column.name))
    return found


def test_the_export_holds_my_comments_votes_reports_and_addresses(citizen, participation):
    client = Client()
    client.force_login(citizen)
    response = client.get("/compte/mes-donnees.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["account"]["public_name"] == "Camille des Vosges"
    assert document["account"]["email_addresses"][0]["email"] == EMAIL
    held = document["consultations"]
    assert [c["body"] for c in held["comments"]] == ["Je soutiens la recommandation 4."]
    assert len(held["votes"]) == 1
    assert held["reports"][0]["reason"] == "off_topic"
    assert APIClient().get("/api/v1/me/export/").status_code in (401, 403)
    api = APIClient()
    api.force_authenticate(citizen)
    assert api.get("/api/v1/me/export/").json()["consultations"] == held


def test_the_export_holds_my_dossiers_and_invitations():
    owner = entrepreneur()
    draft = dossier(owner)
    membership.invite(owner, "colleague@example.org")
    client = Client()
    client.force_login(owner)
    document = json.loads(client.get("/compte/mes-donnees.json").content)
    part = document["innovation_dossiers"]
    assert part["dossiers"][0]["title"] == draft.title
    assert part["organisation"]["role"] == "owner"
    assert part["invitations"][0]["email"] == "colleague@example.org"


def test_the_export_lists_my_api_tokens_without_their_keys(citizen):
    unused, unused_key = api_tokens.issue_token(citizen, name="Tableau de bord")
    used, key = api_tokens.issue_token(citizen, name="Script de suivi")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.get("/api/v1/me/export/")
    assert response.status_code == 200
    listed = response.json()["account"]["api_tokens"]
    assert [t["name"] for t in listed] == ["Tableau de bord", "Script de suivi"]
    assert listed[0]["created_at"] == unused.created_at.isoformat()
    assert listed[0]["expires_at"] == unused.expires_at.isoformat()
    assert listed[0]["last_used_at"] is None
    assert listed[1]["last_used_at"] is not None
    text = response.content.decode()
    for secret in (key, unused_key, used.key_hash, unused.key_hash):
        assert secret not in text


def test_deleting_needs_the_password(citizen):
    client = Client()
    client.force_login(citizen)
    response = client.post("/compte/supprimer/", {"password": "wrong"})
    assert response.status_code == 400
    citizen.refresh_from_db()
    assert citizen.is_active and citizen.email == EMAIL
    api = APIClient()
    api.force_authenticate(citizen)
    assert api.delete("/api/v1/me/", {"password": "wrong"}, format="json").status_code == 403


def test_after_deletion_threads_read_nobody_signs_in_and_no_table_holds_the_email(
    citizen, participation
):
    consultation, mine, reply = participation
    ApiToken.create_for(citizen, with_mfa=False)
    other_session = Client()
    other_session.force_login(citizen)
    client = Client()
    assert client.login(username="camille", password="password")
    assert _rows_holding(EMAIL)  # the scan does find the address while the account lives
    response = client.post("/compte/supprimer/", {"password": "password"})
    assert response.status_code == 302

    assert _rows_holding(EMAIL) == []
    assert _rows_holding("Camille des Vosges") == []
    assert not EmailAddress.objects.filter(user=citizen).exists()
    assert not ApiToken.objects.filter(user=citizen).exists()
    # Sessions end at once, the other browser's too; nobody signs in as them again.
    assert other_session.get("/compte/").status_code == 302
    assert not Client().login(username="camille", password="password")
    assert not Client().login(username=EMAIL, password="password")
    # The threads still read: the comment is there, signed "compte supprimé", its reply kept.
    listed = APIClient().get(f"/api/v1/consultations/{consultation.pk}/comments/").json()
    by_id = {c["id"]: c for c in listed["results"]}
    assert by_id[mine.pk]["author"] == "compte supprimé"
    assert by_id[mine.pk]["body"] == "Je soutiens la recommandation 4."
    assert by_id[reply.pk]["parent"] == mine.pk
    mine.refresh_from_db()
    assert mine.votes.count() == 1


def test_the_api_deletes_with_the_password(citizen, participation):
    api = APIClient()
    api.force_authenticate(citizen)
    me = api.get("/api/v1/me/").json()
    assert me["public_name"] == "Camille des Vosges"
    assert api.delete("/api/v1/me/", {"password": "password"}, format="json").status_code == 204
    citizen.refresh_from_db()
    assert not citizen.is_active and citizen.email == "" and citizen.erased_at


def test_who_passed_their_totp_minutes_ago_deletes_through_the_api_without_a_password(citizen):
    secret = enrol_totp(citizen)
    client = Client()
    signed_in = client.post("/accounts/login/", {"login": "camille", "password": "password"})
    assert signed_in["Location"].startswith("/accounts/2fa/authenticate/")
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert client.get("/api/v1/me/").json()["username"] == "camille"
    response = client.delete("/api/v1/me/", content_type="application/json")
    assert response.status_code == 204
    citizen.refresh_from_db()
    assert not citizen.is_active and citizen.erased_at


def test_a_session_without_a_recent_second_factor_still_needs_the_password(citizen):
    client = Client()
    assert client.login(username="camille", password="password")
    response = client.delete("/api/v1/me/", content_type="application/json")
    assert response.status_code == 403
    citizen.refresh_from_db()
    assert citizen.is_active


def test_an_owner_leaving_hands_the_organisation_to_a_co_editor():
    owner = entrepreneur()
    submitted = dossier(owner)
    colleague = UserFactory()
    membership.accept_invitation(membership.invite(owner, colleague.email).token, colleague)
    client = Client()
    client.force_login(owner)
    client.post("/compte/supprimer/", {"password": "password"})
    assert membership.owned_organisation(colleague) == submitted.organisation
    submitted.refresh_from_db()
    assert submitted.title  # the organisation's dossiers stay with it
