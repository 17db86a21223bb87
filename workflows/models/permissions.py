"""Guardian's direct-FK object permission tables for dossiers (fast joins on big tables).

Two indexes serve the two directions: guardian's unique (holder, permission, dossier) reads
what a user or group holds; (dossier, holder, permission) answers "does this group hold it on
this dossier" while a list walks dossiers in its order (``workflows.access.granted``).
"""

from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from workflows.models.dossier import Dossier


class DossierUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Dossier, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False
        indexes = [
            models.Index(
                fields=["content_object", "user", "permission"], name="dossier_user_perm_probe"
            )
        ]


class DossierGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Dossier, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False
        indexes = [
            models.Index(
                fields=["content_object", "group", "permission"], name="dossier_group_perm_probe"
            )
        ]
