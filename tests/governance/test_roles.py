"""The role and access helpers every view relies on."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from guardian.shortcuts import assign_perm

from governance.access import can, get_visible_or_404, require, visible_to
from governance.models import RegionalHub
from governance.roles import Role, has_role, hub_region_slugs, is_hub_staff
from tests.factories import UserFactory, hub, hub_staff, user_with_role

pytestmark = pytest.mark.django_db

VIEW = "governance.view_regionalhub"
CHANGE = "governance.change_regionalhub"


def test_has_role_reads_group_membership():
    adviser = user_with_role(Role.HAS_ADVISER)
    assert has_role(adviser, Role.HAS_ADVISER)
    assert not has_role(adviser, Role.DECISION_MAKER)
    assert not has_role(AnonymousUser(), Role.HAS_ADVISER)


def test_hub_staff_belong_to_their_region_only():
    staff = hub_staff("occitanie")
    assert hub_region_slugs(staff) == ["occitanie"]
    assert is_hub_staff(staff)
    assert is_hub_staff(staff, "occitanie")
    assert not is_hub_staff(staff, "ile-de-france")
    assert not is_hub_staff(UserFactory())


def test_object_permission_granted_to_a_group_reaches_its_members():
    idf = hub("ile-de-france")
    staff, outsider = hub_staff("ile-de-france"), hub_staff("occitanie")
    assign_perm(VIEW, idf.group, idf)
    assert can(staff, VIEW, idf)
    assert not can(outsider, VIEW, idf)
    assert not can(AnonymousUser(), VIEW, idf)


def test_visible_or_404_hides_existence_from_those_who_may_not_see():
    idf = hub("ile-de-france")
    viewer, stranger = UserFactory(), UserFactory()
    assign_perm(VIEW, viewer, idf)
    queryset = RegionalHub.objects.all()
    assert get_visible_or_404(viewer, VIEW, queryset, pk=idf.pk) == idf
    with pytest.raises(Http404):
        get_visible_or_404(stranger, VIEW, queryset, pk=idf.pk)
    with pytest.raises(Http404):
        get_visible_or_404(viewer, VIEW, queryset, pk=999_999)
    with pytest.raises(Http404):
        get_visible_or_404(viewer, VIEW, queryset, pk="not-a-number")


def test_require_answers_403_to_a_viewer_without_the_action():
    idf = hub("ile-de-france")
    viewer = UserFactory()
    assign_perm(VIEW, viewer, idf)
    with pytest.raises(PermissionDenied):
        require(viewer, CHANGE, idf)
    assign_perm(CHANGE, viewer, idf)
    require(viewer, CHANGE, idf)


def test_inactive_users_are_denied_everything():
    idf = hub("ile-de-france")
    viewer = UserFactory(is_active=False)
    assign_perm(VIEW, viewer, idf)
    assert not can(viewer, VIEW, idf)


def test_visible_to_lists_only_permitted_objects_and_everything_for_superusers():
    idf, occ = hub("ile-de-france"), hub("occitanie")
    viewer = UserFactory()
    assign_perm(VIEW, viewer, idf)
    assert list(visible_to(viewer, VIEW, RegionalHub.objects.all())) == [idf]
    assert visible_to(AnonymousUser(), VIEW, RegionalHub.objects.all()).count() == 0
    admin = UserFactory(is_superuser=True)
    assert visible_to(admin, VIEW, RegionalHub.objects.all()).count() == 18
    assert occ in visible_to(admin, VIEW, RegionalHub.objects.all())
