"""The demo seeds dossiers in every state through the real service, and only once."""

from io import StringIO

import pytest

from governance import demo as governance_demo
from workflows import demo
from workflows.models import Dossier, DossierState, DossierTransition

pytestmark = pytest.mark.django_db


def test_demo_covers_every_state_and_is_idempotent():
    governance_demo.seed(StringIO())
    demo.seed(StringIO())
    states = set(Dossier.objects.values_list("state", flat=True))
    assert states == set(DossierState.values)
    counts = (Dossier.objects.count(), DossierTransition.objects.count())
    demo.seed(StringIO())
    assert (Dossier.objects.count(), DossierTransition.objects.count()) == counts
    assert DossierTransition.objects.filter(actor__username="hub-occ").exists()
