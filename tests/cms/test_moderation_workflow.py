"""Editors submit pages; a second editor approves; the submitter may never approve their own."""

import pytest
from django.core.exceptions import PermissionDenied
from wagtail.models import Page

from cms.models import SecondEditorApprovalTask
from governance.roles import Role
from tests.cms.factories import recommendation_page
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted():
    """Recommendation 8's page, edited and submitted for moderation by an editor."""
    author = user_with_role(Role.EDITOR, is_staff=False)
    page = recommendation_page(8)
    page.listing_intro = "Nouveau chapeau"
    revision = page.save_revision(user=author)
    workflow = page.get_workflow()
    workflow_state = workflow.start(page, author)
    return page, author, revision, workflow_state


def test_the_page_tree_is_under_the_four_eyes_workflow():
    workflow = recommendation_page(8).get_workflow()
    assert workflow is not None
    (task,) = workflow.tasks.specific()
    assert isinstance(task, SecondEditorApprovalTask)
    assert list(task.groups.values_list("name", flat=True)) == [Role.EDITOR]


def test_submitter_is_offered_no_approval_and_cannot_approve(submitted):
    page, author, _revision, workflow_state = submitted
    task_state = workflow_state.current_task_state.specific
    task = task_state.task.specific
    assert task.get_actions(page, author) == []
    with pytest.raises(PermissionDenied):
        task.on_action(task_state, author, "approve")
    assert not task.get_task_states_user_can_moderate(author).exists()
    page.refresh_from_db()
    assert page.listing_intro == ""


def test_a_second_editor_approves_and_the_page_is_published(submitted):
    page, _author, revision, workflow_state = submitted
    reviewer = user_with_role(Role.EDITOR)
    task_state = workflow_state.current_task_state.specific
    task = task_state.task.specific
    assert "approve" in [name for name, _label, _modal in task.get_actions(page, reviewer)]
    assert task.get_task_states_user_can_moderate(reviewer).filter(pk=task_state.pk).exists()
    task.on_action(task_state, reviewer, "approve")
    page.refresh_from_db()
    assert page.listing_intro == "Nouveau chapeau"
    assert page.live_revision_id == revision.pk


def test_self_approval_through_the_admin_is_forbidden(client, submitted):
    page, author, _revision, workflow_state = submitted
    client.force_login(author)
    task_state = workflow_state.current_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert page.listing_intro == ""


def test_editors_cannot_publish_directly_from_the_editor(client):
    editor = user_with_role(Role.EDITOR)
    client.force_login(editor)
    page = recommendation_page(8)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html


def test_editors_have_page_permissions_on_the_tree():
    editor = user_with_role(Role.EDITOR)
    permissions = recommendation_page(8).permissions_for_user(editor)
    assert permissions.can_edit()
    assert Page.objects.get(depth=2).permissions_for_user(editor).can_add_subpage()
