"""The applicant's and the reviewers' journeys read right: what to do leads the page, final
actions are confirmed, messages say what happened and what comes next, refused forms come
back with their errors, the submission is acknowledged, each role lands where it works, and
the decision letter carries what an administrative decision needs.

Pages are read in English (the msgids), so the assertions hold whatever the translations say.
"""

import io
import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from governance.roles import Role
from tests.factories import UserFactory, user_with_role
from tests.workflows.factories import VALID_INPUTS, dossier, dossier_in_state, settle_reviews
from workflows import letters, services
from workflows.models import DossierState, DossierTransition, Pathway

pytestmark = pytest.mark.django_db
S = DossierState


def client_for(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def flash(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# 1. The correction request leads the applicant's page; the list says "action required". ----


def test_the_open_correction_request_leads_the_page_next_to_the_answer_and_the_upload(cast):
    asked = dossier_in_state(S.CORRECTION_REQUESTED, cast)
    page = client_for(cast.owner).get(f"/dossiers/{asked.pk}/").text
    request_at = page.index("Merci de préciser le marquage CE.")
    lead = page[: page.index('id="content-title"')]
    assert request_at < page.index(f"/dossiers/{asked.pk}/transitions/resubmit/")
    assert f"/dossiers/{asked.pk}/transitions/resubmit/" in lead
    assert f"/dossiers/{asked.pk}/pieces/" in lead
    assert page.index('id="action-required-title"') < request_at
    assert page.count('name="file"') == 1


def test_the_applicants_list_says_action_required_on_dossiers_awaiting_their_answer(cast):
    asked = dossier_in_state(S.CORRECTION_REQUESTED, cast)
    waiting = dossier_in_state(S.SUBMITTED, cast)
    page = client_for(cast.owner).get("/dossiers/").text
    rows = {
        ref: row
        for row in page.split("<tr>")
        for ref in (asked.reference, waiting.reference)
        if ref in row
    }
    assert "Action required" in rows[asked.reference]
    assert "Action required" not in rows[waiting.reference]


def test_a_suspensive_reservation_to_lift_is_an_action_required(cast):
    listed = dossier(cast.owner, pathway=Pathway.MON_ESPACE_SANTE)
    for name in ("submit", "take_charge", "refer_for_review"):
        listed = services.perform(listed, name, cast.actor_for(name, listed), **VALID_INPUTS[name])
    reserved = settle_reviews(
        listed, cast, opinion="favourable_with_suspensive_reservations", comment="Lever la réserve."
    )
    assert reserved.state == S.CORRECTION_REQUESTED
    client = client_for(cast.owner)
    assert "Action required" in client.get("/dossiers/").text
    page = client.get(f"/dossiers/{reserved.pk}/").text
    assert page.index("Lever la réserve.") < page.index('id="content-title"')


# 2. Final actions need an explicit confirmation. ---------------------------------------------


FINAL = ["approve", "reject", "close", "withdraw"]


@pytest.mark.parametrize("name", FINAL)
def test_a_final_action_posted_without_confirmation_applies_nothing_and_asks(cast, name):
    state = {"approve": S.AWAITING_DECISION, "reject": S.AWAITING_DECISION}.get(name, S.SUBMITTED)
    current = dossier_in_state(state, cast)
    actor = cast.actor_for(name, current)
    client = client_for(actor)
    url = f"/instruction/{current.pk}/transitions/{name}/"
    comment = VALID_INPUTS[name]["comment"]
    asked = client.post(url, {f"{name}-comment": comment})
    assert asked.status_code == 200
    assert "This action is final" in asked.text
    assert f'name="{name}-comment" value="{comment}"' in asked.text
    assert 'name="confirmed" value="1"' in asked.text
    current.refresh_from_db()
    assert current.state == state
    assert not DossierTransition.objects.filter(dossier=current, transition=name).exists()
    done = client.post(url, {f"{name}-comment": comment, "confirmed": "1"})
    assert done.status_code == 302
    current.refresh_from_db()
    assert current.is_final


def test_the_dossier_page_offers_a_confirmation_modal_for_final_actions_only(cast):
    submitted = dossier_in_state(S.SUBMITTED, cast)
    page = client_for(cast.hub).get(f"/instruction/{submitted.pk}/").text
    assert 'aria-controls="confirm-close"' in page
    assert re.search(r'<dialog id="confirm-close" class="fr-modal"', page)
    assert 'aria-controls="confirm-take_charge"' not in page
    assert "workflows/confirm.js" in page


def test_declarations_ask_confirmation_for_every_action_that_ends_the_dossier():
    from workflows.transitions import TRANSITIONS

    assert {name for name, spec in TRANSITIONS.items() if spec.needs_confirmation} == set(FINAL)


def test_review_declarations_ask_confirmation_for_filing_and_declining_only():
    from workflows.transitions import REVIEW_TRANSITIONS

    confirmed = {name for name, spec in REVIEW_TRANSITIONS.items() if spec.needs_confirmation}
    assert confirmed == {"submit", "decline"}


def _accepted_has_review(cast):
    current = dossier_in_state(S.EXPERT_REVIEW, cast)
    (review,) = [r for r in current.reviews.all() if r.body == "has"]
    services.perform_review(review, "accept", cast.has_adviser)
    return current, review


@pytest.mark.parametrize("name", ["submit", "decline"])
def test_a_final_review_step_posted_without_confirmation_applies_nothing_and_asks(cast, name):
    current, review = _accepted_has_review(cast)
    client = client_for(cast.has_adviser)
    url = f"/instruction/{current.pk}/avis/{review.pk}/{name}/"
    prefix = f"review{review.pk}-{name}"
    data = {f"{prefix}-comment": "Avis motivé."}
    if name == "submit":
        data[f"{prefix}-opinion"] = "favourable"
    asked = client.post(url, data)
    assert asked.status_code == 200
    assert "This action is final" in asked.text
    assert f'name="{prefix}-comment" value="Avis motivé."' in asked.text
    review.refresh_from_db()
    assert review.state == "accepted"
    done = client.post(url, {**data, "confirmed": "1"})
    assert done.status_code == 302
    assert done["Location"] == f"/instruction/{current.pk}/#reviews"
    review.refresh_from_db()
    assert review.state == {"submit": "submitted", "decline": "declined"}[name]


def test_filing_the_last_review_says_where_the_dossier_now_stands(cast):
    current, review = _accepted_has_review(cast)
    current.reviews.exclude(pk=review.pk).delete()  # the HAS opinion is the last one due
    client = client_for(cast.has_adviser)
    prefix = f"review{review.pk}-submit"
    done = client.post(
        f"/instruction/{current.pk}/avis/{review.pk}/submit/",
        {f"{prefix}-comment": "Avis motivé.", f"{prefix}-opinion": "favourable", "confirmed": "1"},
    )
    current.refresh_from_db()
    assert current.state == S.AWAITING_DECISION
    (message,) = [str(m) for m in get_messages(done.wsgi_request)]
    assert f"“{current.get_state_display()}”" in message


def test_the_review_confirmation_page_shows_the_opinion_and_asks_for_the_file_again(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.workflows.files import pdf_bytes

    current, review = _accepted_has_review(cast)
    prefix = f"review{review.pk}-submit"
    upload = SimpleUploadedFile("etude.pdf", pdf_bytes(), content_type="application/pdf")
    asked = client_for(cast.has_adviser).post(
        f"/instruction/{current.pk}/avis/{review.pk}/submit/",
        {f"{prefix}-opinion": "favourable", f"{prefix}-comment": "Avis.", f"{prefix}-file": upload},
    )
    assert asked.status_code == 200
    assert "Favourable" in asked.text
    assert 'enctype="multipart/form-data"' in asked.text
    assert f'name="{prefix}-file"' in asked.text
    assert "etude.pdf" in asked.text


def test_an_invalid_review_is_refused_before_any_confirmation_is_asked(cast):
    current, review = _accepted_has_review(cast)
    refused = client_for(cast.has_adviser).post(
        f"/instruction/{current.pk}/avis/{review.pk}/submit/",
        {f"review{review.pk}-submit-opinion": "favourable"},
    )
    assert refused.status_code == 302
    assert refused["Location"] == f"/instruction/{current.pk}/#review{review.pk}-submit-title"


def test_the_dossier_page_offers_a_confirmation_modal_for_filing_a_review(cast):
    current, review = _accepted_has_review(cast)
    page = client_for(cast.has_adviser).get(f"/instruction/{current.pk}/").text
    assert f'<dialog id="confirm-review{review.pk}-submit" class="fr-modal"' in page
    assert f'<dialog id="confirm-review{review.pk}-decline" class="fr-modal"' in page


# 3. Messages say what happened; refused forms redirect back with their errors. ---------------


def test_the_success_message_says_what_happened_and_what_comes_next(cast):
    draft = dossier(cast.owner)
    response = client_for(cast.owner).post(f"/dossiers/{draft.pk}/transitions/submit/")
    assert response.status_code == 302
    (message,) = flash(response)
    draft.refresh_from_db()
    assert draft.reference in message
    assert draft.hub.name in message
    assert "emailed" in message
    assert "Done:" not in message


def test_every_declaration_has_its_own_done_message():
    from workflows.transitions import REVIEW_TRANSITIONS, TRANSITIONS

    for spec in [*TRANSITIONS.values(), *REVIEW_TRANSITIONS.values()]:
        assert spec.done_message and str(spec.done_message) != str(spec.label), spec.name


def test_a_refused_form_redirects_to_the_dossier_with_its_errors_and_input_once(cast):
    current = dossier_in_state(S.HUB_REVIEW, cast)
    client = client_for(cast.hub)
    refused = client.post(
        f"/instruction/{current.pk}/transitions/request_correction/",
        {"request_correction-comment": "  ", "request_correction-reason": "incomplete"},
    )
    assert refused.status_code == 302
    assert refused["Location"] == f"/instruction/{current.pk}/#action-request_correction"
    page = client.get(refused["Location"])
    assert page.status_code == 200
    assert 'aria-describedby="id_request_correction-comment-errors"' in page.text
    assert "This comment is required." in page.text
    assert "This field is required." not in page.text  # said once, by the service
    again = client.get(refused["Location"])
    assert "id_request_correction-comment-errors" not in again.text


def test_typed_input_survives_the_redirect(cast):
    current = dossier_in_state(S.HUB_REVIEW, cast)
    client = client_for(cast.hub)
    client.post(
        f"/instruction/{current.pk}/transitions/request_correction/",
        {"request_correction-comment": "Préciser", "request_correction-reason": "bogus"},
    )
    page = client.get(f"/instruction/{current.pk}/").text
    assert "Préciser</textarea>" in page


def test_an_action_no_longer_possible_goes_back_to_the_dossier_saying_so(cast):
    submitted = dossier_in_state(S.SUBMITTED, cast)
    client = client_for(cast.hub)
    url = f"/instruction/{submitted.pk}/transitions/close/"
    data = {"close-comment": "Hors champ.", "confirmed": "1"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 302
    assert again["Location"] == f"/instruction/{submitted.pk}/"
    message = flash(again)[-1]  # after the first post's success, not yet shown
    assert "Nothing was applied" in message
    assert "Closed" in message
    page = client.get(again["Location"])
    assert page.status_code == 200
    assert "Nothing was applied" in page.text
    assert DossierTransition.objects.filter(dossier=submitted, transition="close").count() == 1


def test_an_action_that_lost_a_race_says_someone_else_may_have_acted_and_the_state_now(
    cast, monkeypatch
):
    from governance.errors import Conflict

    submitted = dossier_in_state(S.SUBMITTED, cast)

    def lost_the_race(*args, **kwargs):
        raise Conflict

    monkeypatch.setattr(services, "perform", lost_the_race)
    response = client_for(cast.hub).post(f"/instruction/{submitted.pk}/transitions/take_charge/")
    assert response.status_code == 302
    assert response["Location"] == f"/instruction/{submitted.pk}/"
    (message,) = flash(response)
    assert "someone else may have acted" in message
    assert "Submitted" in message
    assert "Reload the page" not in message


def test_a_review_step_no_longer_possible_goes_back_to_the_dossier_once(cast):
    current, review = _accepted_has_review(cast)
    client = client_for(cast.has_adviser)
    prefix = f"review{review.pk}-submit"
    url = f"/instruction/{current.pk}/avis/{review.pk}/submit/"
    data = {f"{prefix}-opinion": "favourable", f"{prefix}-comment": "Avis.", "confirmed": "1"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 302
    assert again["Location"] == f"/instruction/{current.pk}/"
    message = flash(again)[-1]  # after the first post's success, not yet shown
    assert "Nothing was applied" in message
    assert "Submitted" in message
    assert "Nothing was applied" in client.get(again["Location"]).text
    logs = DossierTransition.objects.filter(dossier=current, transition="submit_has_review")
    assert logs.count() == 1


# 4. Validation errors name the choices by their labels. --------------------------------------


def test_a_bad_opinion_is_refused_with_the_labels_of_the_scale(cast):
    current = dossier_in_state(S.EXPERT_REVIEW, cast)
    (review,) = [r for r in current.reviews.all() if r.body == "has"]
    client = client_for(cast.has_adviser)
    base = f"/instruction/{current.pk}/avis/{review.pk}/"
    client.post(f"{base}accept/")
    prefix = f"review{review.pk}-submit"
    refused = client.post(
        f"{base}submit/", {f"{prefix}-opinion": "maybe", f"{prefix}-comment": "Avis."}
    )
    assert refused.status_code == 302
    page = client.get(refused["Location"]).text
    assert "Favourable with reservations" in page
    assert "favourable_with_reservations" not in page.split("Choose one of:")[1][:300]


def test_choice_errors_of_the_service_use_labels():
    from governance.errors import InvalidInput
    from workflows.transitions import TRANSITIONS

    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        TRANSITIONS["return_for_review"].clean({"comment": "x", "to": "nowhere"})
    (message,) = refused.value.errors["to"]
    assert "Hub review" in message or "hub review" in message.lower()
    assert "hub_review" not in message and "expert_review" not in message


# 5. The submission is acknowledged. -----------------------------------------------------------


def test_submitting_emails_the_applicant_a_receipt_with_what_comes_next_and_the_deadline(
    cast, django_capture_on_commit_callbacks
):
    draft = dossier(cast.owner)
    hub_member = cast.hub
    with django_capture_on_commit_callbacks(execute=True):
        submitted = services.perform(draft, "submit", cast.owner)
    receipts = [m for m in mail.outbox if cast.owner.email in m.to]
    assert len(receipts) == 1
    (receipt,) = receipts
    assert submitted.reference in receipt.subject
    assert submitted.reference in receipt.body
    assert submitted.hub.name in receipt.body
    due = submitted.stage_due_at
    with translation.override("fr"):
        from django.utils import formats, timezone

        assert formats.date_format(timezone.localtime(due), "DATE_FORMAT") in receipt.body
    assert f"/dossiers/{submitted.pk}/" in receipt.body
    addresses = {address for m in mail.outbox for address in m.to}
    assert addresses == {cast.owner.email, hub_member.email}


def test_a_resubmission_sends_no_second_receipt(cast, django_capture_on_commit_callbacks):
    asked = dossier_in_state(S.CORRECTION_REQUESTED, cast)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.perform(asked, "resubmit", cast.owner, **VALID_INPUTS["resubmit"])
    assert all("Receipt" not in m.subject and "Accusé" not in m.subject for m in mail.outbox)


# 6. Each role lands where it works after signing in. -----------------------------------------


@pytest.mark.parametrize(
    "make, landing",
    [
        (lambda cast: cast.hub, "/instruction/"),
        (lambda cast: cast.has_adviser, "/instruction/"),
        (lambda cast: cast.decision_maker, "/instruction/"),
        (lambda cast: cast.owner, "/dossiers/"),
        (lambda cast: user_with_role(Role.MODERATOR), "/admin/"),
        (lambda cast: UserFactory(), "/"),
    ],
)
def test_signing_in_lands_each_role_where_it_works(cast, make, landing):
    from allauth.account.models import EmailAddress

    user = make(cast)
    user.set_password("pw-journeys-123")
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    response = Client().post(
        "/accounts/login/", {"login": user.username, "password": "pw-journeys-123"}
    )
    assert response.status_code == 302
    assert response["Location"] == landing


def test_a_next_given_at_sign_in_wins(cast):
    from allauth.account.models import EmailAddress

    user = cast.hub
    user.set_password("pw-journeys-123")
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    response = Client().post(
        "/accounts/login/?next=/compte/", {"login": user.username, "password": "pw-journeys-123"}
    )
    assert response["Location"] == "/compte/"


# 7. The decision letter is an administrative decision; the decision leads the page. ---------


def _letter_text(decision):
    with translation.override("en"):
        content = letters.render_decision_letter(decision)
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.mark.parametrize("name", ["approve", "reject"])
def test_the_decision_letter_carries_what_an_administrative_decision_needs(cast, name):
    waiting = dossier_in_state(S.AWAITING_DECISION, cast)
    decided = services.perform(waiting, name, cast.decision_maker, **VALID_INPUTS[name])
    text = _letter_text(decided.decision)
    assert "Ministry responsible for health and social security" in text
    assert "For the ministers responsible for health and social security, by delegation" in text
    assert cast.decision_maker.display_name in text
    assert "Having regard to the review of HAS (Haute Autorité de santé)" in text
    assert "Favourable" in text
    assert "Bénéfice clinique plausible." in text
    assert "Reasons" in text and VALID_INPUTS[name]["comment"] in text
    assert "Routes and time limits for appeal" in text
    appeal = ("recours gracieux", "recours hiérarchique", "two months", "tribunal administratif",
              "Télérecours citoyens", "www.telerecours.fr")  # fmt: skip
    for part in appeal:
        assert part in text, part


def test_an_article_51_letter_is_issued_by_the_regional_health_agency(cast):
    waiting = dossier_in_state(S.AWAITING_DECISION, cast, pathway=Pathway.ARTICLE_51)
    decided = services.perform(waiting, "approve", cast.decision_maker, **VALID_INPUTS["approve"])
    text = _letter_text(decided.decision)
    assert f"Regional health agency (ARS) {decided.region.name}" in text
    assert "director general of the regional health agency" in text
    assert "ARS (regional health agency)" in text


def test_the_decision_leads_the_dossier_page_with_its_letter(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approved = dossier_in_state(S.APPROVED, cast)
    approved.decision.refresh_from_db()
    page = client_for(cast.owner).get(f"/dossiers/{approved.pk}/").text
    top = page[: page.index('id="content-title"')]
    assert 'id="decision"' in top
    assert "Financement accordé." in top
    assert "Ministry responsible for health and social security" in top
    assert "For the ministers responsible for health and social security, by delegation" in top
    assert "Having regard to the review of HAS (Haute Autorité de santé)" in top
    assert "Routes and time limits for appeal" in top
    assert "tribunal administratif" in top
    assert f"/dossiers/{approved.pk}/pieces/{approved.decision.letter_id}/" in top
