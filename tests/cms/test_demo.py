"""The CMS demo: recommendation bodies and an open, a closed (with synthesis) and an upcoming
consultation; a second run creates nothing."""

import io

import pytest

from cms import demo
from cms.models import ConsultationPage, ConsultationStatus, RecommendationPage

pytestmark = pytest.mark.django_db


def test_demo_seeds_consultations_of_each_status_and_is_idempotent(client):
    demo.seed(io.StringIO())
    counts = (ConsultationPage.objects.count(), RecommendationPage.objects.count())
    demo.seed(io.StringIO())
    assert (ConsultationPage.objects.count(), RecommendationPage.objects.count()) == counts
    statuses = {page.status for page in ConsultationPage.objects.live()}
    assert statuses == set(ConsultationStatus)
    closed = ConsultationPage.objects.with_status(ConsultationStatus.CLOSED).get()
    html = client.get(closed.url).content.decode()
    assert 'id="synthese"' in html
    assert closed.synthesis_answers.count() >= 2
    assert RecommendationPage.objects.get(recommendation__number=8).body
