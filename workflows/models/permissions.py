"""Guardian's direct-FK object permission tables for dossiers (fast joins on big tables)."""

from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from workflows.models.dossier import Dossier


class DossierUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Dossier, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False


class DossierGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Dossier, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False
