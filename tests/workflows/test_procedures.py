"""Each pathway runs its own procedure, end to end through the API, with the demo's cast."""

import pytest
from rest_framework.test import APIClient

from governance.roles import Role, ars_group_name
from tests.factories import hub_staff, user_with_role
from tests.workflows.factories import COMPLETE_FIELDS, entrepreneur

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    """The demo's users, by username."""
    return {
        "entrepreneur": entrepreneur("ile-de-france", username="entrepreneur"),
        "entrepreneur2": entrepreneur("occitanie", username="entrepreneur2"),
        "hub-idf": hub_staff("ile-de-france", username="hub-idf"),
        "hub-occ": hub_staff("occitanie", username="hub-occ"),
        "has-adviser": user_with_role(Role.HAS_ADVISER, username="has-adviser"),
        "ans-expert": user_with_role(Role.ANS_EXPERT, username="ans-expert"),
        "ars-idf": user_with_role(ars_group_name("ile-de-france"), username="ars-idf"),
        "ars-occ": user_with_role(ars_group_name("occitanie"), username="ars-occ"),
        "decideur": user_with_role(Role.DECISION_MAKER, username="decideur"),
    }


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def post(user, url, data=None):
    return api(user).post(url, data or {}, format="json")


def referred(demo, pathway, owner="entrepreneur", hub="hub-idf", **fields):
    """A dossier filed, taken in charge and referred for review; its API url."""
    created = post(
        demo[owner],
        "/api/v1/dossiers/",
        {"title": "Dispositif", "pathway": pathway, "region": "ile-de-france",
         **COMPLETE_FIELDS, **fields},
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    url = f"/api/v1/dossiers/{created.json()['id']}/"
    assert post(demo[owner], f"{url}transitions/submit/").status_code == 200
    assert post(demo[hub], f"{url}transitions/take_charge/").status_code == 200
    done = post(demo[hub], f"{url}transitions/refer_for_review/", {"comment": "Qualifié."})
    assert done.status_code == 200, done.json()
    assert done.json()["state"] == "expert_review"
    return url


def review_of(user, url, body):
    (review,) = [r for r in api(user).get(f"{url}reviews/").json() if r["body"] == body]
    return review


def act(user, review, name, **data):
    return post(user, f"/api/v1/reviews/{review['id']}/transitions/{name}/", data)


def test_pathways_endpoint_lists_each_procedure():
    rows = {row["slug"]: row for row in APIClient().get("/api/v1/pathways/").json()}
    assert rows["pecan"]["reviews"] == ["ans", "has"]
    assert rows["pecan"]["outcome"] == "decision"
    assert rows["pecan"]["stage_deadlines"]["expert_review"] == 60
    assert rows["pecan"]["stage_deadlines"]["awaiting_decision"] == 30
    assert rows["forfait-innovation"]["stage_deadlines"]["expert_review"] == 75
    assert rows["has-early-dialogue"]["outcome"] == "recommendations"
    assert rows["has-early-dialogue"]["confidential"] is True
    assert rows["article-51"]["reviews"] == ["ars"]
    assert rows["mon-espace-sante"]["reviews"] == ["ans"]


def test_pecan_waits_for_both_reviews_then_the_ministry_decides(
    demo, django_capture_on_commit_callbacks
):
    url = referred(demo, "pecan", product_kind="telemonitoring")
    reviews = api(demo["hub-idf"]).get(f"{url}reviews/").json()
    assert sorted((r["body"], r["state"]) for r in reviews) == [
        ("ans", "requested"), ("has", "requested"),
    ]  # fmt: skip

    ans = review_of(demo["ans-expert"], url, "ans")
    has = review_of(demo["has-adviser"], url, "has")
    assert act(demo["ans-expert"], has, "accept").status_code == 404  # another body's review
    assert act(demo["ans-expert"], ans, "accept").status_code == 200
    wrong_scale = act(demo["ans-expert"], ans, "submit", opinion="favourable", comment="?")
    assert wrong_scale.status_code == 400
    assert act(
        demo["ans-expert"], ans, "submit", opinion="compliant_with_reservations",
        comment="Interopérabilité à compléter.",
    ).status_code == 200  # fmt: skip

    assert api(demo["entrepreneur"]).get(url).json()["state"] == "expert_review"
    assert api(demo["decideur"]).get(url).status_code == 404
    assert (
        act(demo["ans-expert"], ans, "submit", opinion="compliant", comment="x").status_code == 409
    )

    assert act(demo["has-adviser"], has, "accept").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        done = act(demo["has-adviser"], has, "submit", opinion="favourable", comment="Bénéfice.")
    assert done.status_code == 200
    dossier = api(demo["decideur"]).get(url).json()
    assert dossier["state"] == "awaiting_decision"
    assert [(r["body"], r["opinion"]) for r in dossier["reviews"]] == [
        ("ans", "compliant_with_reservations"), ("has", "favourable"),
    ]  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        approved = post(demo["decideur"], f"{url}transitions/approve/", {"comment": "Accordé."})
    assert approved.status_code == 200
    follow_ups = {row["kind"]: row["due_at"][:10] for row in approved.json()["follow_ups"]}
    decided = approved.json()["decision"]["decided_at"][:10]
    assert set(follow_ups) == {"common_law_filing", "cover_ends"}
    assert follow_ups["cover_ends"][:4] == str(int(decided[:4]) + 1)
    assert api(demo["entrepreneur"]).get(url).json()["decision"]["letter"] is not None

    history = api(demo["entrepreneur"]).get(f"{url}history/").json()["results"]
    assert [(row["transition"], row["by"]) for row in history] == [
        ("submit", "entrepreneur"),
        ("take_charge", "hub-idf"),
        ("refer_for_review", "hub-idf"),
        ("accept_ans_review", "ans-expert"),
        ("submit_ans_review", "ans-expert"),
        ("accept_has_review", "has-adviser"),
        ("submit_has_review", "has-adviser"),
        ("conclude_reviews", "has-adviser"),
        ("approve", "decideur"),
    ]


def test_with_only_the_ans_review_in_the_decision_is_a_409(demo):
    url = referred(demo, "pecan")
    ans = review_of(demo["ans-expert"], url, "ans")
    act(demo["ans-expert"], ans, "accept")
    act(demo["ans-expert"], ans, "submit", opinion="compliant", comment="Conforme.")
    decision_maker = user_with_role(Role.DECISION_MAKER)
    # The decision-makers cannot see it yet; a superuser who can still gets a conflict.
    assert post(decision_maker, f"{url}transitions/approve/", {"comment": "x"}).status_code == 404
    admin = user_with_role(Role.DECISION_MAKER, is_superuser=True)
    assert post(admin, f"{url}transitions/approve/", {"comment": "x"}).status_code == 409


def test_pecan_common_law_filing_is_due_sooner_for_a_digital_therapeutic(demo):
    from datetime import date

    months = {}
    for kind in ("digital_therapeutic", "telemonitoring"):
        url = referred(demo, "pecan", product_kind=kind)
        for body, user in (("ans", "ans-expert"), ("has", "has-adviser")):
            review = review_of(demo[user], url, body)
            act(demo[user], review, "accept")
            opinion = "compliant" if body == "ans" else "favourable"
            act(demo[user], review, "submit", opinion=opinion, comment="Avis.")
        body = post(demo["decideur"], f"{url}transitions/approve/", {"comment": "Oui."}).json()
        decided = date.fromisoformat(body["decision"]["decided_at"][:10])
        (filing,) = [f for f in body["follow_ups"] if f["kind"] == "common_law_filing"]
        due = date.fromisoformat(filing["due_at"][:10])
        months[kind] = (due.year - decided.year) * 12 + due.month - decided.month
    assert months == {"digital_therapeutic": 6, "telemonitoring": 9}


def test_early_dialogue_ends_in_recommendations_no_decision_maker_sees(demo):
    url = referred(demo, "has-early-dialogue")
    assert api(demo["decideur"]).get(url).status_code == 404
    review = review_of(demo["has-adviser"], url, "has")
    assert review["confidential"] is True
    assert act(demo["has-adviser"], review, "accept").status_code == 200
    done = act(demo["has-adviser"], review, "submit", comment="Prévoir un essai multicentrique.")
    assert done.status_code == 200
    assert done.json()["opinion"] is None
    body = api(demo["entrepreneur"]).get(url).json()
    assert body["state"] == "recommendations_issued"
    assert body["transitions"] == []
    assert body["reviews"][0]["comment"] == "Prévoir un essai multicentrique."
    assert api(demo["hub-idf"]).get(f"{url}reviews/").json()[0]["comment"]
    for outsider in ("decideur", "ans-expert", "ars-idf", "hub-occ", "entrepreneur2"):
        assert api(demo[outsider]).get(url).status_code == 404
        assert api(demo[outsider]).get(f"{url}reviews/").status_code == 404
        assert act(demo[outsider], review, "submit", comment="x").status_code == 404


def test_article_51_goes_to_the_ars_of_the_region(demo):
    url = referred(demo, "article-51")
    for outsider in ("hub-occ", "ars-occ", "has-adviser", "ans-expert"):
        assert api(demo[outsider]).get(url).status_code == 404
    review = review_of(demo["ars-idf"], url, "ars")
    assert act(demo["ars-occ"], review, "accept").status_code == 404
    assert act(demo["hub-idf"], review, "accept").status_code == 403
    assert act(demo["ars-idf"], review, "accept").status_code == 200
    wrong = act(demo["ars-idf"], review, "submit", opinion="compliant", comment="?")
    assert wrong.status_code == 400
    assert (
        act(demo["ars-idf"], review, "submit", opinion="favourable", comment="Pertinent.").json()[
            "state"
        ]
        == "submitted"
    )
    assert api(demo["decideur"]).get(url).json()["state"] == "awaiting_decision"
    assert (
        post(demo["decideur"], f"{url}transitions/approve/", {"comment": "Oui."}).status_code == 200
    )
    assert api(demo["ars-idf"]).get(url).status_code == 200  # keeps read access


def test_a_suspensive_reservation_holds_the_decision_until_the_applicant_resubmits(demo):
    url = referred(demo, "mon-espace-sante")
    review = review_of(demo["ans-expert"], url, "ans")
    act(demo["ans-expert"], review, "accept")
    held = act(
        demo["ans-expert"], review, "submit",
        opinion="favourable_with_suspensive_reservations", comment="Hébergement HDS à certifier.",
    )  # fmt: skip
    assert held.status_code == 200
    body = api(demo["entrepreneur"]).get(url).json()
    assert body["state"] == "correction_requested"
    assert body["corrections"][-1]["comment"] == "Hébergement HDS à certifier."
    assert post(demo["decideur"], f"{url}transitions/approve/", {"comment": "x"}).status_code == 409
    assert body["transitions"] == ["resubmit", "withdraw"]
    lifted = post(demo["entrepreneur"], f"{url}transitions/resubmit/", {"comment": "Certifié HDS."})
    assert lifted.json()["state"] == "awaiting_decision"
    assert (
        post(demo["decideur"], f"{url}transitions/approve/", {"comment": "Référencé."}).json()[
            "state"
        ]
        == "approved"
    )


def test_a_non_suspensive_reservation_goes_straight_to_the_decision(demo):
    url = referred(demo, "mon-espace-sante")
    review = review_of(demo["ans-expert"], url, "ans")
    act(demo["ans-expert"], review, "accept")
    act(
        demo["ans-expert"], review, "submit",
        opinion="favourable_with_non_suspensive_reservations", comment="Accessibilité à revoir.",
    )  # fmt: skip
    assert api(demo["entrepreneur"]).get(url).json()["state"] == "awaiting_decision"


def test_a_body_asks_a_correction_and_its_review_resumes_after(demo):
    url = referred(demo, "pecan")
    ans = review_of(demo["ans-expert"], url, "ans")
    act(demo["ans-expert"], ans, "accept")
    asked = post(demo["ans-expert"], f"{url}transitions/request_correction/", {"comment": "INS ?"})
    assert asked.json()["state"] == "correction_requested"
    has = review_of(demo["has-adviser"], url, "has")
    assert act(demo["has-adviser"], has, "accept").status_code == 409  # paused
    post(demo["entrepreneur"], f"{url}transitions/resubmit/", {"comment": "INS intégré."})
    assert api(demo["entrepreneur"]).get(url).json()["state"] == "expert_review"
    assert act(demo["has-adviser"], has, "accept").status_code == 200


def test_a_declined_review_settles_the_round(demo):
    url = referred(demo, "forfait-innovation")
    review = review_of(demo["has-adviser"], url, "has")
    assert act(demo["has-adviser"], review, "decline").status_code == 400
    assert (
        act(demo["has-adviser"], review, "decline", comment="Conflit d'intérêts.").status_code
        == 200
    )
    assert api(demo["entrepreneur"]).get(url).json()["state"] == "awaiting_decision"


def test_unknown_review_transition_and_review_are_404(demo):
    url = referred(demo, "forfait-innovation")
    review = review_of(demo["has-adviser"], url, "has")
    assert act(demo["has-adviser"], review, "publish").status_code == 404
    assert (
        post(demo["has-adviser"], "/api/v1/reviews/999999/transitions/accept/").status_code == 404
    )


def test_the_review_file_is_checked_like_attachments(demo):
    from tests.workflows.files import EXE, pdf_bytes, upload

    url = referred(demo, "has-early-dialogue")
    review = review_of(demo["has-adviser"], url, "has")
    act(demo["has-adviser"], review, "accept")
    client = api(demo["has-adviser"])
    endpoint = f"/api/v1/reviews/{review['id']}/transitions/submit/"
    fake = client.post(
        endpoint,
        {"comment": "Recommandations.", "file": upload("notes.pdf", EXE)},
        format="multipart",
    )
    assert fake.status_code == 400 and "file" in fake.json()
    ok = client.post(
        endpoint,
        {"comment": "Recommandations.", "file": upload("notes.pdf", pdf_bytes())},
        format="multipart",
    )
    assert ok.status_code == 200, ok.json()
