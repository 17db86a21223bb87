"""Wagtail hooks of the comment moderation queue (imported by cms/wagtail_hooks.py)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.comments import admin_views, moderation

admin_urlpatterns = [
    path("", admin_views.queue, name="comment-moderation-queue"),
    path("journal/", admin_views.log, name="comment-moderation-log"),
    path("bloques/", admin_views.blocked_users, name="comment-moderation-blocked"),
    path("<int:pk>/", admin_views.detail, name="comment-moderation-detail"),
    path("<int:pk>/publier/", admin_views.publish, name="comment-moderation-publish"),
    path("<int:pk>/masquer/", admin_views.hide, name="comment-moderation-hide"),
    path("<int:pk>/restaurer/", admin_views.restore, name="comment-moderation-restore"),
    path(
        "<int:pk>/recours/rejeter/",
        admin_views.reject_appeal,
        name="comment-moderation-reject-appeal",
    ),
    path("<int:pk>/bloquer/", admin_views.block_user, name="comment-moderation-block"),
    path("<int:pk>/debloquer/", admin_views.unblock_user, name="comment-moderation-unblock"),
    path(
        "export/<int:consultation_id>.csv",
        admin_views.export_csv,
        name="comment-moderation-export",
    ),
]


@hooks.register("register_admin_urls")
def register_comment_moderation_urls():
    return [path("commentaires/", include(admin_urlpatterns))]


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return moderation.is_moderator(request.user)


@hooks.register("register_admin_menu_item")
def register_comment_moderation_menu_item():
    return ModeratorMenuItem(
        _("Comment moderation"),
        reverse("comment-moderation-queue"),
        icon_name="comment",
        order=250,
    )
