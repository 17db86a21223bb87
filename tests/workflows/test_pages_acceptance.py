"""The issue's acceptance path through the HTML pages (CSRF enforced, as in a browser)."""

import re

import pytest
from django.test import Client

from governance.roles import Role
from tests.factories import UserFactory, hub_staff, user_with_role
from tests.workflows.factories import entrepreneur
from workflows.models import Dossier, DossierTransition

pytestmark = pytest.mark.django_db


def browser(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def csrf(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)


def post(client, url, form_url, data):
    return client.post(url, {"csrfmiddlewaretoken": csrf(client, form_url), **data})


def test_whole_path_through_the_pages(django_capture_on_commit_callbacks):
    owner = entrepreneur("ile-de-france", username="entrepreneur")
    other = entrepreneur("occitanie", username="entrepreneur2")
    hub = hub_staff("ile-de-france", username="hub-idf")
    other_hub = hub_staff("occitanie", username="hub-occ")
    adviser = user_with_role(Role.HAS_ADVISER, username="has-adviser")
    decider = user_with_role(Role.DECISION_MAKER, username="decideur")
    citizen = UserFactory(username="citoyen")
    me = browser(owner)

    # Saving a draft needs only the basics; submitting says what is missing.
    created = post(
        me,
        "/dossiers/nouveau/",
        "/dossiers/nouveau/",
        {"title": "Télésuivi", "summary": "Suivi à distance.", "pathway": "pecan",
         "region": "ile-de-france"},
    )  # fmt: skip
    assert created.status_code == 302
    dossier = Dossier.objects.get(owner=owner)
    page = f"/dossiers/{dossier.pk}/"
    incomplete = post(me, f"{page}transitions/submit/", page, {})
    assert incomplete.status_code == 302
    assert incomplete["Location"] == f"{page}#action-submit"
    shown = me.get(page).text
    assert "fr-alert--error" in shown or "fr-error-text" in shown
    assert Dossier.objects.get(pk=dossier.pk).state == "draft"

    completed = post(
        me,
        f"{page}modifier/",
        f"{page}modifier/",
        {
            "title": "Télésuivi",
            "summary": "Suivi à distance.",
            "pathway": "pecan",
            "region": "ile-de-france",
            "product_description": "Capteurs.",
            "target_users": "Cardiologues.",
            "evidence": "Étude pilote.",
            "regulatory_status": "ce_class_iia",
            "recommendations": ["5"],
        },
    )
    assert completed.status_code == 302
    assert post(me, f"{page}transitions/submit/", page, {}).status_code == 302
    for outsider in (other, other_hub, citizen, adviser):
        assert browser(outsider).get(page).status_code == 404
        assert browser(outsider).get(f"/instruction/{dossier.pk}/").status_code == 404

    reviewer = browser(hub)
    queue = reviewer.get("/instruction/")
    assert dossier.reference in queue.text
    hub_page = f"/instruction/{dossier.pk}/"
    assert post(reviewer, f"{hub_page}transitions/take_charge/", hub_page, {}).status_code == 302
    no_comment = post(reviewer, f"{hub_page}transitions/request_correction/", hub_page, {})
    assert no_comment.status_code == 302
    assert 'aria-describedby="id_request_correction-comment-errors"' in reviewer.get(hub_page).text
    asked = post(
        reviewer,
        f"{hub_page}transitions/request_correction/",
        hub_page,
        {"request_correction-comment": "Préciser la classe CE.",
         "request_correction-reason": "incomplete"},
    )  # fmt: skip
    assert asked.status_code == 302
    assert "Préciser la classe CE." in me.get(page).text
    answered = post(me, f"{page}transitions/resubmit/", page, {"resubmit-comment": "Fait."})
    assert answered.status_code == 302
    referred = post(
        reviewer, f"{hub_page}transitions/refer_for_review/", hub_page,
        {"refer_for_review-comment": "Éligible."},
    )  # fmt: skip
    assert referred.status_code == 302

    ans = browser(user_with_role(Role.ANS_EXPERT, username="ans-expert"))
    assert dossier.reference in ans.get("/instruction/").text
    ans_review = Dossier.objects.get(pk=dossier.pk).reviews.get(body="ans")
    ans_prefix = f"review{ans_review.pk}-submit"
    assert post(ans, f"{hub_page}avis/{ans_review.pk}/accept/", hub_page, {}).status_code == 302
    submitted = post(
        ans, f"{hub_page}avis/{ans_review.pk}/submit/", hub_page,
        {f"{ans_prefix}-opinion": "compliant", f"{ans_prefix}-comment": "Conforme.",
         "confirmed": "1"},
    )  # fmt: skip
    assert submitted.status_code == 302

    has = browser(adviser)
    assert dossier.reference in has.get("/instruction/").text
    review = Dossier.objects.get(pk=dossier.pk).reviews.get(body="has")
    review_url = f"{hub_page}avis/{review.pk}/"
    prefix = f"review{review.pk}"
    assert post(has, f"{review_url}accept/", hub_page, {}).status_code == 302
    assert post(reviewer, f"{review_url}submit/", hub_page, {}).status_code == 403
    form_page = has.get(hub_page).text
    assert f'name="{prefix}-submit-opinion"' in form_page
    bad_opinion = post(
        has, f"{review_url}submit/", hub_page,
        {f"{prefix}-submit-opinion": "maybe", f"{prefix}-submit-comment": "?"},
    )  # fmt: skip
    assert bad_opinion.status_code == 302
    assert (
        post(
            has, f"{review_url}submit/", hub_page,
            {f"{prefix}-submit-opinion": "favourable", f"{prefix}-submit-comment": "Plausible.",
             "confirmed": "1"},
        ).status_code
        == 302
    )  # fmt: skip

    decision = browser(decider)
    assert post(decision, f"{hub_page}transitions/approve/", hub_page, {}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        approved = post(
            decision,
            f"{hub_page}transitions/approve/",
            hub_page,
            {"approve-comment": "Accordé.", "confirmed": "1"},
        )
    assert approved.status_code == 302
    # The form is gone once approved; a replayed post applies nothing and goes back to the page.
    replay = decision.post(
        f"{hub_page}transitions/approve/",
        {
            "csrfmiddlewaretoken": csrf(decision, hub_page),
            "approve-comment": "Encore.",
            "confirmed": "1",
        },
    )
    assert replay.status_code == 302
    assert replay["Location"] == hub_page

    assert list(
        DossierTransition.objects.filter(dossier=dossier).values_list(
            "transition", "actor__username"
        )
    ) == [
        ("submit", "entrepreneur"),
        ("take_charge", "hub-idf"),
        ("request_correction", "hub-idf"),
        ("resubmit", "entrepreneur"),
        ("refer_for_review", "hub-idf"),
        ("accept_ans_review", "ans-expert"),
        ("submit_ans_review", "ans-expert"),
        ("accept_has_review", "has-adviser"),
        ("submit_has_review", "has-adviser"),
        ("conclude_reviews", "has-adviser"),
        ("approve", "decideur"),
    ]
    final = me.get(page)
    assert "Télécharger" in final.text or ".pdf" in final.text
    letter = Dossier.objects.get(pk=dossier.pk).decision.letter
    download = me.get(f"{page}pieces/{letter.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_posts_without_a_csrf_token_are_refused():
    owner = entrepreneur()
    client = browser(owner)
    assert client.post("/dossiers/nouveau/", {"title": "x"}).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in():
    assert Client().get("/instruction/").status_code == 302
    assert Client().get("/dossiers/nouveau/").status_code == 302
    # "Déposer un dossier" tells a visitor how to start: create an account, or sign in.
    welcome = Client().get("/dossiers/")
    assert welcome.status_code == 200
    assert "/accounts/signup/?next=/dossiers/" in welcome.text


def test_the_review_queues_are_for_reviewers_only(cast, client):
    client.force_login(cast.owner)
    assert client.get("/instruction/").status_code == 403
    client.force_login(cast.citizen)
    assert client.get("/instruction/").status_code == 403
    for reviewer in (cast.hub, cast.has_adviser, cast.ans_expert, cast.ars, cast.decision_maker):
        client.force_login(reviewer)
        assert client.get("/instruction/").status_code == 200


def test_queue_filters_and_search(cast, client):
    from tests.workflows.factories import dossier_in_state
    from workflows.models import DossierState, Pathway

    pecan = dossier_in_state(DossierState.SUBMITTED, cast, pathway=Pathway.PECAN, title="Insomnie")
    other = dossier_in_state(DossierState.SUBMITTED, cast, title="Rétinopathie")
    client.force_login(cast.hub)
    by_pathway = client.get("/instruction/?pathway=pecan").text
    assert pecan.reference in by_pathway and other.reference not in by_pathway
    by_reference = client.get(f"/instruction/?q={other.reference}").text
    assert other.reference in by_reference and pecan.reference not in by_reference
    by_title = client.get("/instruction/?q=insom").text
    assert pecan.reference in by_title and other.reference not in by_title
    assert other.reference not in client.get("/instruction/?onglet=termines").text
    assert other.reference not in client.get("/instruction/?region=occitanie").text
