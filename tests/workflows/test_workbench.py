"""The reviewers' workbench: assignment, private notes, versions, batch actions, exports and
deadline alerts."""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from openpyxl import load_workbook
from rest_framework.test import APIClient

from governance import history
from tests.factories import hub_staff
from tests.workflows.factories import VALID_INPUTS, dossier_in_state, force_state
from workflows import services, workbench
from workflows.models import DossierState, DossierTransition, Pathway
from workflows.tasks import send_deadline_alerts

pytestmark = pytest.mark.django_db
S = DossierState


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


# Assignment -------------------------------------------------------------------------------------


def test_hub_assigns_a_colleague_logged_in_the_chained_history(
    cast, django_capture_on_commit_callbacks
):
    current = dossier_in_state(S.HUB_REVIEW, cast)
    colleague = hub_staff()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = api(cast.hub).post(
            f"/api/v1/dossiers/{current.pk}/assignment/",
            {"assignee": colleague.username},
            format="json",
        )
    assert response.status_code == 200, response.content
    assert response.json()["assignee"] == colleague.username
    row = DossierTransition.objects.filter(dossier=current).last()
    assert (row.transition, row.source, row.target, row.actor, row.comment) == (
        "assign", S.HUB_REVIEW, S.HUB_REVIEW, cast.hub, colleague.username
    )  # fmt: skip
    assert history.first_break(DossierTransition) is None
    assert [message.to for message in mail.outbox] == [[colleague.email]]
    assert current.reference in mail.outbox[0].subject


def test_take_it_myself_and_the_my_dossiers_filter(cast):
    current = dossier_in_state(S.HUB_REVIEW, cast)
    other = dossier_in_state(S.HUB_REVIEW, cast)
    client = api(cast.hub)
    assert (
        client.post(
            f"/api/v1/dossiers/{current.pk}/assignment/", {"assignee": "me"}, format="json"
        ).status_code
        == 200
    )
    listed = client.get("/api/v1/dossiers/?assignee=me").json()["results"]
    assert [row["id"] for row in listed] == [current.pk]
    assert other.pk not in [row["id"] for row in listed]


def test_assigning_someone_outside_the_acting_group_is_a_400(cast):
    current = dossier_in_state(S.HUB_REVIEW, cast)
    for outsider in (cast.other_hub, cast.has_adviser, cast.owner):
        response = api(cast.hub).post(
            f"/api/v1/dossiers/{current.pk}/assignment/",
            {"assignee": outsider.username},
            format="json",
        )
        assert response.status_code == 400
    assert not DossierTransition.objects.filter(dossier=current, transition="assign").exists()


def test_the_applicant_may_not_assign_403_and_another_hub_gets_404(cast):
    current = dossier_in_state(S.HUB_REVIEW, cast)
    url = f"/api/v1/dossiers/{current.pk}/assignment/"
    assert api(cast.owner).post(url, {"assignee": "me"}, format="json").status_code == 403
    assert api(cast.other_hub).post(url, {"assignee": "me"}, format="json").status_code == 404


def test_a_dossier_handed_to_another_group_loses_its_assignee(cast):
    current = dossier_in_state(S.HUB_REVIEW, cast)
    workbench.assign(current, cast.hub, "me")
    moved = services.perform(current, "hand_off", cast.hub, **VALID_INPUTS["hand_off"])
    moved.refresh_from_db()
    assert moved.assignee is None


def test_the_my_dossiers_tab_lists_what_is_assigned_to_me(client, cast):
    mine = dossier_in_state(S.HUB_REVIEW, cast)
    dossier_in_state(S.HUB_REVIEW, cast, title="Pas à moi")
    workbench.assign(mine, cast.hub, "me")
    client.force_login(cast.hub)
    page = client.get("/instruction/?onglet=mes-dossiers").content.decode()
    assert mine.reference in page
    assert "Pas à moi" not in page


def _row_and_card(page, reference):
    """The table row and the card (small screens) of ``reference`` on a queue page."""
    row = re.search(rf'<tr class="queue-row" data-reference="{reference}">(.*?)</tr>', page, re.S)
    card = re.search(rf'<li class="[^"]*" data-reference="{reference}"[^>]*>(.*?)</li>', page, re.S)
    return row.group(1), card.group(1)


def _short_date(value):
    return date_format(timezone.localtime(value), "SHORT_DATE_FORMAT")


def test_a_queue_row_shows_the_same_values_in_the_table_and_on_its_card(client, cast):
    late = dossier_in_state(S.HUB_REVIEW, cast, title="Télésuivi en retard")
    due = timezone.now() - timedelta(days=1)
    type(late).objects.filter(pk=late.pk).update(stage_due_at=due)
    workbench.assign(late, cast.hub, "me")
    waiting = dossier_in_state(S.CORRECTION_REQUESTED, cast, title="Télésuivi à corriger")
    client.force_login(cast.hub)
    page = client.get("/instruction/?onglet=a-traiter").content.decode()
    details = f"{late.organisation.name} · {late.region.name} · {late.get_pathway_display()}"
    for part in _row_and_card(page, late.reference):
        assert f'href="/instruction/{late.pk}/"' in part
        assert f'name="dossiers" value="{late.pk}"' in part
        assert f"Sélectionner {late.reference}" in part
        assert escape(late.title) in part and escape(details) in part
        assert "Instruction régionale" in part and "En retard" in part
        assert _short_date(late.submitted_at) in part and _short_date(due) in part
        assert escape(cast.hub.display_name) in part
    page = client.get("/instruction/?onglet=attente-porteur").content.decode()
    for part in _row_and_card(page, waiting.reference):
        assert "Correction demandée" in part and "suspendue" in part and "En retard" not in part
        assert "—" in part  # nobody assigned


def test_the_queue_filters_select_draws_what_django_draws_once(monkeypatch):
    from django import forms as django_forms
    from django.utils import translation

    from governance.fragments import Fragments
    from workflows import forms

    monkeypatch.setattr(forms, "SELECTS", Fragments(100))
    choices = [("", "Tous"), ("a", "A"), ("b", "B & C"), *Pathway.choices]
    attrs = {"class": "fr-select", "id": "id_f"}
    for value in ("", "a", "b", "pecan", "inconnu", "a", ""):
        drawn = forms.Select(choices=choices).render("f", value, attrs)
        assert drawn == django_forms.Select(choices=choices).render("f", value, attrs)
    assert len(forms.SELECTS._items) == 5  # the same value again: drawn once
    assert 'aria-invalid="true"' in forms.Select(choices=choices).render(
        "f", "a", {**attrs, "aria-invalid": "true"}
    )
    assert "D &amp; E" in forms.Select(choices=[("a", "D & E")]).render("f", "a", attrs)
    with translation.override("en"):
        assert "Article 51 experiment" in forms.Select(choices=Pathway.choices).render("f", "")
    assert "Expérimentation article 51" in forms.Select(choices=Pathway.choices).render("f", "")


# Private notes ----------------------------------------------------------------------------------

SECRET = "Note interne : le porteur a déjà échoué en 2024"


def test_the_applicant_sees_no_note_by_any_path(client, cast, django_capture_on_commit_callbacks):
    current = dossier_in_state(S.HUB_REVIEW, cast)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            api(cast.hub)
            .post(f"/api/v1/dossiers/{current.pk}/notes/", {"body": SECRET}, format="json")
            .status_code
            == 201
        )
        correction = VALID_INPUTS["request_correction"]
        services.perform(current, "request_correction", cast.hub, **correction)
    # The reviewers read it.
    assert api(cast.hub).get(f"/api/v1/dossiers/{current.pk}/notes/").json()[0]["body"] == SECRET
    client.force_login(cast.hub)
    assert SECRET in client.get(f"/instruction/{current.pk}/").content.decode()
    # The applicant, by no path.
    owner_api = api(cast.owner)
    assert owner_api.get(f"/api/v1/dossiers/{current.pk}/notes/").status_code == 404
    assert owner_api.post(
        f"/api/v1/dossiers/{current.pk}/notes/", {"body": "x"}, format="json"
    ).status_code == 404  # fmt: skip
    for path in (
        f"/api/v1/dossiers/{current.pk}/",
        f"/api/v1/dossiers/{current.pk}/history/",
        f"/api/v1/dossiers/{current.pk}/versions/",
        "/api/v1/dossiers/",
        "/api/v1/me/export/",
    ):
        assert SECRET not in owner_api.get(path).content.decode(), path
    client.force_login(cast.owner)
    assert SECRET not in client.get(f"/dossiers/{current.pk}/").content.decode()
    assert all(SECRET not in message.body for message in mail.outbox)
    assert mail.outbox, "the correction request emailed the applicant"
    # Nor in the reviewers' exports.
    client.force_login(cast.hub)
    for fmt in ("csv", "xlsx"):
        assert SECRET.encode() not in client.get(f"/instruction/export.{fmt}?onglet=tous").content


def test_a_confidential_procedure_keeps_notes_within_its_parties(cast):
    current = dossier_in_state(S.EXPERT_REVIEW, cast, pathway=Pathway.HAS_EARLY_DIALOGUE)
    workbench.add_note(current, cast.hub, SECRET)
    assert api(cast.has_adviser).get(f"/api/v1/dossiers/{current.pk}/notes/").status_code == 200
    assert api(cast.decision_maker).get(f"/api/v1/dossiers/{current.pk}/notes/").status_code == 404


# Versions ---------------------------------------------------------------------------------------


def test_each_filing_freezes_a_version_and_the_changes_are_shown_field_by_field(client, cast):
    current = dossier_in_state(S.CORRECTION_REQUESTED, cast, title="Premier titre")
    services.update_dossier(current, cast.owner, title="Titre corrigé")
    services.perform(current, "resubmit", cast.owner, **VALID_INPUTS["resubmit"])
    versions = api(cast.hub).get(f"/api/v1/dossiers/{current.pk}/versions/").json()
    assert [v["number"] for v in versions] == [1, 2]
    assert versions[0]["changes"] == {}
    assert versions[1]["changes"] == {"title": {"old": "Premier titre", "new": "Titre corrigé"}}
    client.force_login(cast.hub)
    page = client.get(f"/instruction/{current.pk}/versions/?de=1&a=2").content.decode()
    assert "Premier titre" in page and "Titre corrigé" in page


# Batch actions ----------------------------------------------------------------------------------


def test_batch_take_charge_of_50_with_two_already_taken(client, cast):
    submitted = [force_state(S.SUBMITTED, cast.owner) for _ in range(50)]
    rival = hub_staff()
    for taken in submitted[:2]:
        services.perform(taken, "take_charge", rival)
    before = DossierTransition.objects.count()
    client.force_login(cast.hub)
    response = client.post(
        "/instruction/lot/",
        {"action": "take_charge", "dossiers": [str(d.pk) for d in submitted]},
    )
    assert response.status_code == 200
    assert len(response.context["succeeded"]) == 48
    failed = response.context["failed"]
    assert {d.pk for d, _reason in failed} == {d.pk for d in submitted[:2]}
    page = response.content.decode()
    for taken in submitted[:2]:
        assert taken.reference in page
    assert DossierTransition.objects.count() - before == 48


def test_batch_assign_reports_a_refusal(client, cast):
    mine = dossier_in_state(S.HUB_REVIEW, cast)
    final = dossier_in_state(S.CLOSED, cast)
    client.force_login(cast.hub)
    response = client.post(
        "/instruction/lot/", {"action": "assign", "assignee": "me", "dossiers": [mine.pk, final.pk]}
    )
    assert [d.pk for d in response.context["succeeded"]] == [mine.pk]
    assert [d.pk for d, _reason in response.context["failed"]] == [final.pk]


# Exports ----------------------------------------------------------------------------------------


def test_the_xlsx_export_follows_the_queue_view(client, cast):
    assigned = dossier_in_state(S.HUB_REVIEW, cast, title="Exporté")
    dossier_in_state(S.HUB_REVIEW, cast, title="Filtré")
    workbench.assign(assigned, cast.hub, "me")
    client.force_login(cast.hub)
    response = client.get("/instruction/export.xlsx?onglet=a-traiter&assignee=me")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][0] == assigned.reference and rows[1][1] == "Exporté"
    assert cast.hub.display_name in rows[1]


def test_the_applicant_may_not_export_the_queue(client, cast):
    client.force_login(cast.owner)
    assert client.get("/instruction/export.csv").status_code == 403


# Deadline alerts --------------------------------------------------------------------------------


def test_deadline_alerts_go_to_the_assignee_seven_days_before_once(cast):
    current = dossier_in_state(S.HUB_REVIEW, cast)
    colleague = hub_staff()
    workbench.assign(current, cast.hub, colleague.username)
    current.refresh_from_db()
    alert_at = (current.stage_due_at - timedelta(days=7)).isoformat()
    mail.outbox.clear()
    assert send_deadline_alerts.call(alert_at) == 1
    assert [message.to for message in mail.outbox] == [[colleague.email]]
    assert send_deadline_alerts.call(alert_at) == 0


def test_deadline_alert_on_the_day_goes_to_the_group_when_nobody_is_assigned(cast):
    current = dossier_in_state(S.HUB_REVIEW, cast)
    colleague = hub_staff()
    mail.outbox.clear()
    assert send_deadline_alerts.call(current.stage_due_at.isoformat()) == 1
    assert {tuple(message.to) for message in mail.outbox} == {(cast.hub.email,), (colleague.email,)}


def test_no_alert_on_other_days(cast):
    current = dossier_in_state(S.HUB_REVIEW, cast)
    mail.outbox.clear()
    assert send_deadline_alerts.call((current.stage_due_at - timedelta(days=5)).isoformat()) == 0


def test_the_queue_counts_overdue_dossiers_per_group(client, cast):
    late = dossier_in_state(S.HUB_REVIEW, cast)
    type(late).objects.filter(pk=late.pk).update(stage_due_at=timezone.now() - timedelta(days=1))
    client.force_login(cast.hub)
    response = client.get("/instruction/")
    assert response.context["overdue_counts"] == [("hub:ile-de-france", 1, False)]


def test_a_large_export_runs_in_the_background_with_progress_and_a_download(
    client, cast, settings, django_capture_on_commit_callbacks
):
    settings.QUEUE_EXPORT_BACKGROUND_ROWS = 2
    dossiers = [dossier_in_state(S.HUB_REVIEW, cast) for _ in range(3)]
    client.force_login(cast.hub)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/instruction/export.xlsx?onglet=a-traiter")
    assert response.status_code == 302
    status_url = response["Location"]
    page = client.get(status_url)
    assert page.context["export"].rows_total == 3
    assert page.context["export"].percent == 100
    download = client.get(f"{status_url}fichier/")
    rows = list(load_workbook(io.BytesIO(download.content)).active.iter_rows(values_only=True))
    assert {row[0] for row in rows[1:]} == {d.reference for d in dossiers}
    client.force_login(hub_staff())
    assert client.get(status_url).status_code == 404
    assert client.get(f"{status_url}fichier/").status_code == 404


def test_the_api_list_takes_the_queue_filters(cast):
    draft = dossier_in_state(S.DRAFT, cast)
    submitted = dossier_in_state(S.SUBMITTED, cast)
    owner_rows = api(cast.owner).get("/api/v1/dossiers/?state=draft").json()["results"]
    assert [row["id"] for row in owner_rows] == [draft.pk]
    hub_rows = api(cast.hub).get(f"/api/v1/dossiers/?q={submitted.reference}").json()["results"]
    assert [row["id"] for row in hub_rows] == [submitted.pk]
    assert api(cast.hub).get("/api/v1/dossiers/?tab=a-traiter&assignee=none").json()["count"] == 1


def test_an_expert_review_submission_freezes_no_version(cast):
    from tests.workflows.factories import settle_reviews

    current = dossier_in_state(S.EXPERT_REVIEW, cast, pathway=Pathway.PECAN)
    settle_reviews(current, cast)
    assert list(current.versions.values_list("number", flat=True)) == [1]
