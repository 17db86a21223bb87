"""Stage deadlines are edited in the Wagtail admin; rows are neither added nor deleted there."""

import pytest

from tests.factories import UserFactory
from workflows.models import Pathway, StageDeadline

pytestmark = pytest.mark.django_db


def test_a_superuser_edits_the_days_of_a_stage(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    row = StageDeadline.objects.get(pathway=Pathway.PECAN, stage="expert_review")
    assert client.get("/admin/stage_deadlines/").status_code == 200
    response = client.post(f"/admin/stage_deadlines/edit/{row.pk}/", {"days": "45"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.days == 45
    assert client.get("/admin/stage_deadlines/new/").status_code in (302, 403)


def test_a_reviewer_cannot_reach_the_deadlines(client):
    from tests.factories import hub_staff

    client.force_login(hub_staff())
    assert client.get("/admin/stage_deadlines/").status_code in (302, 403)
