"""The demo seeds one dossier per procedure at each meaningful stage through the real service,
and only once."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model

from governance import demo as governance_demo
from workflows import demo
from workflows.models import Dossier, DossierState, DossierTransition, ExpertReview, Pathway

pytestmark = pytest.mark.django_db


def test_demo_covers_every_state_and_every_procedure_and_is_idempotent():
    governance_demo.seed(StringIO())
    demo.seed(StringIO())
    states = set(Dossier.objects.values_list("state", flat=True))
    assert states == set(DossierState.values)
    assert set(Dossier.objects.values_list("pathway", flat=True)) == set(Pathway.values)
    counts = (
        Dossier.objects.count(),
        DossierTransition.objects.count(),
        ExpertReview.objects.count(),
    )
    demo.seed(StringIO())
    assert (
        Dossier.objects.count(),
        DossierTransition.objects.count(),
        ExpertReview.objects.count(),
    ) == counts
    assert DossierTransition.objects.filter(actor__username="hub-occ").exists()


def test_demo_shows_each_procedure_at_its_meaningful_stage():
    governance_demo.seed(StringIO())
    demo.seed(StringIO())
    users = get_user_model().objects.filter(username__in=["ans-expert", "ars-idf"])
    assert {(u.username, *u.groups.values_list("name", flat=True)) for u in users} == {
        ("ans-expert", "ans-experts"),
        ("ars-idf", "ars:ile-de-france"),
    }
    pecan = Dossier.objects.get(title="Thérapie numérique de l'insomnie")
    assert pecan.state == DossierState.EXPERT_REVIEW
    assert dict(pecan.reviews.values_list("body", "state")) == {
        "ans": "submitted",
        "has": "accepted",
    }
    early = Dossier.objects.get(pathway=Pathway.HAS_EARLY_DIALOGUE)
    assert early.state == DossierState.RECOMMENDATIONS_ISSUED
    held = Dossier.objects.get(title="Agenda vaccinal familial")
    assert held.state == DossierState.CORRECTION_REQUESTED
    assert held.reviews.get().opinion == "favourable_with_suspensive_reservations"
    approved = Dossier.objects.get(state=DossierState.APPROVED)
    assert approved.follow_ups.count() == 2
