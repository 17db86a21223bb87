"""Ministry staff in the Wagtail admin: viewsets, exports, the four-eyes publish view, the panel."""

import datetime

import pytest
from django.utils import timezone

from governance.models import ProgressUpdate, Recommendation
from tests.factories import UserFactory, recommendation
from tests.governance.factories import (
    IndicatorFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
    ministry_user,
    published_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ministry_client(client):
    user = ministry_user()
    client.force_login(user)
    client.user = user
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/admin/avancement/recommandations/",
        "/admin/avancement/jalons/",
        "/admin/avancement/indicateurs/",
        "/admin/avancement/points/",
        "/admin/avancement/points/new/",
        "/admin/avancement/indicateurs/new/",
        "/admin/avancement/import/",
        "/admin/",
    ],
)
def test_ministry_staff_reach_the_progress_admin(ministry_client, path):
    MilestoneFactory()
    IndicatorFactory()
    ProgressUpdateFactory()
    assert ministry_client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/admin/avancement/points/", "/admin/avancement/import/"])
def test_citizens_are_kept_out(client, path):
    client.force_login(UserFactory())
    assert client.get(path).status_code in (302, 403)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_viewsets_export_as_wagtail_provides(ministry_client, fmt):
    published_update()
    response = ministry_client.get(f"/admin/avancement/points/?export={fmt}")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]


def test_recommendations_cannot_be_added_or_deleted_nor_their_progress_edited(ministry_client):
    rec = recommendation(3)
    assert ministry_client.get("/admin/avancement/recommandations/new/").status_code in (302, 403)
    assert ministry_client.get(
        f"/admin/avancement/recommandations/delete/{rec.pk}/"
    ).status_code in (
        302,
        403,
    )
    page = ministry_client.get(f"/admin/avancement/recommandations/edit/{rec.pk}/").content.decode()
    assert 'name="progress"' not in page
    assert 'name="lead_institutions"' in page


def test_admin_draft_is_authored_by_the_signed_in_user(ministry_client):
    response = ministry_client.post(
        "/admin/avancement/points/new/",
        {
            "recommendation": recommendation(12).pk,
            "status": "in_progress",
            "progress": "20",
            "rag": "amber",
            "rag_reason": "Adhésion des professionnels encore faible",
            "comment": "Campagne d'information lancée",
            "evidence_url": "",
        },
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(recommendation__number=12)
    assert update.author == ministry_client.user
    assert not update.is_published
    assert Recommendation.objects.get(number=12).progress == 0


def test_publish_view_enforces_four_eyes(client):
    author, colleague = ministry_user(), ministry_user()
    draft = ProgressUpdateFactory(author=author, progress=55)
    url = f"/admin/avancement/points/publish/{draft.pk}/"

    client.force_login(author)
    client.post(url, {"version": draft.version})
    draft.refresh_from_db()
    assert not draft.is_published

    client.force_login(colleague)
    assert client.get(url).status_code == 200
    assert client.post(url, {"version": draft.version}).status_code == 302
    draft.refresh_from_db()
    assert draft.published_by == colleague
    assert recommendation(10).progress == 55


def test_published_update_and_others_drafts_cannot_be_edited(ministry_client):
    published = published_update()
    other_draft = ProgressUpdateFactory()
    own_draft = ProgressUpdateFactory(author=ministry_client.user)
    edit = "/admin/avancement/points/edit/{}/"
    assert ministry_client.get(edit.format(published.pk)).status_code in (302, 403)
    assert ministry_client.get(edit.format(other_draft.pk)).status_code in (302, 403)
    assert ministry_client.get(edit.format(own_draft.pk)).status_code == 200


def test_dashboard_panel_lists_drafts_late_milestones_and_stale_recommendations(ministry_client):
    ProgressUpdateFactory(recommendation=recommendation(7))
    MilestoneFactory(title="Décret d'application", planned_date=datetime.date(2021, 1, 1))
    Recommendation.objects.exclude(number=2).update(last_published_at=timezone.now())
    page = ministry_client.get("/admin/").content.decode()
    assert "validation: 1" in page or "validation : 1" in page
    assert "Décret d&#x27;application" in page or "Décret d'application" in page
    assert f"2. {recommendation(2).title[:20]}" in page


@pytest.mark.parametrize("size", [3, 60])
def test_updates_listing_query_count_is_constant(
    ministry_client, django_assert_max_num_queries, size
):
    author = ministry_user()
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            recommendation=recommendation(1 + i % 18),
            status="in_progress",
            progress=10,
            rag="green",
            comment="x",
            author=author,
        )
        for i in range(size)
    )
    with django_assert_max_num_queries(40):
        assert ministry_client.get("/admin/avancement/points/").status_code == 200
