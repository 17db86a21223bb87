"""Two reviewers taking charge of the same dossier at once: one wins, the other gets 409."""

import threading

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

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
