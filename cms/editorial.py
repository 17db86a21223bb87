"""The editorial set-up every installation needs: four-eyes workflow, editors' page permissions.

Run after every ``migrate`` (idempotent), once the ``editors`` group and the permissions exist.
Editors add and change pages; they publish only through the workflow, where a second editor
approves (``SecondEditorApprovalTask``); the admin hides direct publishing from them.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage, WorkflowTask
from wagtail.search import index

from cms.models import HomePage, RecommendationPage, SecondEditorApprovalTask
from governance.roles import Role

WORKFLOW_NAME = "Publication à quatre yeux"
TASK_NAME = "Relecture par un second éditeur"
# publish_page lets the approving editor publish when the workflow completes.
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def ensure_editorial_workflow():
    """The workflow and the editors' permissions on the home page of each language (an English
    home page appears when the French one is first translated: ``cms/signals.py`` calls this)."""
    homes = list(HomePage.objects.all())
    editors = Group.objects.filter(name=Role.EDITOR).first()
    if not homes or editors is None:
        return None
    task = SecondEditorApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = SecondEditorApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(editors)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=EDITOR_PAGE_PERMISSIONS
    )
    for home in homes:
        WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(
                group=editors, page=home, permission=permission
            )
    return workflow


def index_recommendation_pages():
    """Pages created by migration are indexed here, with their governance title and summary."""
    for page in RecommendationPage.objects.select_related("recommendation"):
        index.insert_or_update_object(page)


def set_up_after_migrate(sender, **kwargs):
    ensure_editorial_workflow()
    index_recommendation_pages()
