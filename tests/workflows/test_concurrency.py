"""Races: two reviewers taking charge of the same dossier at once (one wins, the other gets
409); two bodies submitting their reviews at once (both count, the dossier moves on once)."""

import threading
from functools import partial

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from tests.races import race
from tests.workflows.factories import Cast, dossier_in_state
from workflows.models import DossierState, DossierTransition

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_simultaneous_take_charge_gives_one_200_one_409_and_one_log_row():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL")
    cast = Cast()
    dossier = dossier_in_state(DossierState.SUBMITTED, cast)
    colleague = type(cast)().hub  # a second staff member of the same hub
    barrier = threading.Barrier(2)
    statuses = []

    def take_charge(user):
        client = APIClient()
        client.force_authenticate(user)
        barrier.wait()
        try:
            response = client.post(f"/api/v1/dossiers/{dossier.pk}/transitions/take_charge/")
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take_charge, args=(u,)) for u in (cast.hub, colleague)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [200, 409]
    assert DossierTransition.objects.filter(dossier=dossier, transition="take_charge").count() == 1
    dossier.refresh_from_db()
    assert dossier.state == DossierState.HUB_REVIEW


def test_two_reviews_submitted_at_the_same_instant_advance_the_dossier_exactly_once():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL")
    from tests.workflows.factories import review_inputs, running_reviews
    from workflows import services
    from workflows.models import Pathway

    cast = Cast()
    current = dossier_in_state(DossierState.EXPERT_REVIEW, cast, pathway=Pathway.PECAN)
    reviews = running_reviews(current)
    for review in reviews:
        services.perform_review(review, "accept", cast.body_member(review.body))
    barrier = threading.Barrier(2)
    statuses = []

    def submit(review):
        client = APIClient()
        client.force_authenticate(cast.body_member(review.body))
        barrier.wait()
        try:
            response = client.post(
                f"/api/v1/reviews/{review.pk}/transitions/submit/",
                review_inputs("submit", review),
                format="json",
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(review,)) for review in reviews]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [200, 200]
    concluded = DossierTransition.objects.filter(dossier=current, transition="conclude_reviews")
    assert concluded.count() == 1
    current.refresh_from_db()
    assert current.state == DossierState.AWAITING_DECISION


def test_dossiers_filed_at_the_same_instant_are_all_counted_on_the_barometer():
    """Each filing counts its recommendations again after it commits, one count at a time: the
    last count sees both dossiers."""
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL")
    from tests.factories import recommendation
    from tests.workflows.factories import dossier
    from workflows import services
    from workflows.models import LinkedDossierCount

    cast = Cast()
    five = recommendation(5)
    drafts = [dossier(cast.owner, recommendations=[five]) for _ in range(4)]
    outcomes = race(*(partial(services.perform, draft, "submit", cast.owner) for draft in drafts))
    assert outcomes == ["ok"] * 4
    assert LinkedDossierCount.objects.get(recommendation=five).dossiers == 4
