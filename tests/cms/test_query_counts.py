"""Public lists cost a fixed number of queries, whatever the number of pages they show."""

import pytest

from governance.models import Recommendation
from tests.cms.factories import consultation

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 30


def _consultations(count):
    linked = [Recommendation.objects.get(number=1)]
    for number in range(count):
        status = ["open", "closed", "upcoming"][number % 3]
        consultation(status, title=f"Consultation {number}", recommendations=linked)


def _count_queries(django_assert_max_num_queries, client, url, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("url", "limit"),
    [
        # A page is found in two queries at any depth, its site kept (cms.routing); the page
        # then lists its translations (hreflang), public ones in that same query.
        ("/", 7),
        ("/recommandations/", 5),
        ("/consultations/", 8),
        # Its consultations, grouped by status; the recommendation read once.
        ("/recommandations/axe-1/recommandation-1/", 7),
        ("/api/v1/consultations/", 4),
        ("/api/v1/consultations/?status=open", 4),
        ("/consultations/flux/", 1),
    ],
)
def test_query_count_does_not_grow_with_the_number_of_consultations(
    client, django_assert_max_num_queries, url, limit
):
    _consultations(SMALL)
    client.get(url)  # warms the site-root cache shared by every later request
    small = _count_queries(django_assert_max_num_queries, client, url, limit)
    _consultations(LARGE - SMALL)
    large = _count_queries(django_assert_max_num_queries, client, url, limit)
    assert large == small
