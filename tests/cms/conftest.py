import pytest

from cms.models import AxisPage, HomePage, RecommendationIndexPage, RecommendationPage
from tests.cms.factories import translate


@pytest.fixture
def english_rec_8(db):
    """The English home, index, axis 2 and recommendation 8, as an editor would leave them."""
    translate(HomePage.objects.get(), title="Digital health", hero_title="Digital health")
    translate(RecommendationIndexPage.objects.get(), title="The 18 recommendations")
    translate(AxisPage.objects.get(axis__number=2), title="Axis 2: Innovation")
    return translate(
        RecommendationPage.objects.get(recommendation__number=8),
        title="Recommendation 8: Give the HAS an advisory mission",
        search_description="The HAS advises entrepreneurs before any evaluation.",
    )
