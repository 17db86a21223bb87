"""Wagtail admin hooks of the CMS: pages under a workflow are published by a second editor."""

from django.core.exceptions import PermissionDenied
from wagtail import hooks


def _must_go_through_workflow(user, page):
    return not user.is_superuser and page.get_workflow() is not None


@hooks.register("construct_page_action_menu")
def hide_direct_publishing(menu_items, request, context):
    """Editors submit pages for moderation; the Publish button is the approver's, via the task."""
    page = context.get("parent_page") if context.get("view") == "create" else context.get("page")
    if page is not None and _must_go_through_workflow(request.user, page):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("before_create_page")
def refuse_direct_publishing_on_create(request, parent_page, page_class):
    if "action-publish" in request.POST and _must_go_through_workflow(request.user, parent_page):
        raise PermissionDenied


@hooks.register("before_edit_page")
def refuse_direct_publishing_on_edit(request, page):
    if "action-publish" in request.POST and _must_go_through_workflow(request.user, page):
        raise PermissionDenied


import cms.comments.admin_hooks  # noqa: E402, F401 (comment moderation queue)
