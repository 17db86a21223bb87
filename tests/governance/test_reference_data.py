"""Reference data ships with the migrations, so every installation has it."""

import pytest
from django.contrib.auth.models import Group

from governance.models import Axis, Institution, Recommendation, Region, RegionalHub
from governance.roles import Role, ars_group_name, hub_group_name

pytestmark = pytest.mark.django_db


def test_four_axes_of_four_five_five_four_recommendations():
    assert Axis.objects.count() == 4
    assert Recommendation.objects.count() == 18
    per_axis = [axis.recommendations.count() for axis in Axis.objects.order_by("number")]
    assert per_axis == [4, 5, 5, 4]
    assert list(Recommendation.objects.values_list("number", flat=True)) == list(range(1, 19))


def test_recommendation_8_gives_the_has_an_advisory_mission():
    recommendation = Recommendation.objects.get(number=8)
    assert "HAS" in recommendation.title
    assert [str(i) for i in recommendation.lead_institutions.all()] == ["HAS"]


def test_eighteen_regions_each_with_one_hub_and_its_group():
    assert Region.objects.count() == 18
    assert RegionalHub.objects.count() == 18
    assert not Region.objects.filter(hub__isnull=True).exists()
    for hub in RegionalHub.objects.select_related("region", "group"):
        assert hub.group.name == hub_group_name(hub.region.slug)


def test_official_region_slugs():
    slugs = set(Region.objects.values_list("slug", flat=True))
    assert {"ile-de-france", "occitanie", "provence-alpes-cote-d-azur", "la-reunion"} <= slugs


def test_each_region_has_its_ars_and_the_national_institutions_exist():
    assert Institution.objects.filter(kind="ars").count() == 18
    acronyms = set(Institution.objects.values_list("acronym", flat=True))
    assert {"DNS", "ANS", "HAS", "CNAM", "G_NIUS", "CNIL"} <= acronyms


def test_every_role_group_exists():
    names = set(Group.objects.values_list("name", flat=True))
    assert {role.value for role in Role} <= names
    assert "ans-experts" in names


def test_every_region_has_the_group_of_its_ars():
    names = set(Group.objects.values_list("name", flat=True))
    slugs = Region.objects.values_list("slug", flat=True)
    assert {ars_group_name(slug) for slug in slugs} <= names
    assert "ars:ile-de-france" in names


def test_progress_is_constrained_in_the_database():
    from django.db import IntegrityError, transaction

    recommendation = Recommendation.objects.get(number=1)
    recommendation.progress = 140
    with pytest.raises(IntegrityError), transaction.atomic():
        recommendation.save()
