"""The platform's roles: Django groups, with the model permissions each one carries.

Object permissions (which dossier a hub may see, for instance) are granted by django-guardian
as objects move; the groups here only say who someone is. ``sync_roles`` is idempotent and runs
after every ``migrate``, so production gets the same groups as the demo.
"""

import logging

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

HUB_GROUP_PREFIX = "hub:"
ARS_GROUP_PREFIX = "ars:"


class Role(TextChoices):
    ENTREPRENEUR = "entrepreneurs", _("Entrepreneur")
    HAS_ADVISER = "has-advisers", _("HAS adviser")
    ANS_EXPERT = "ans-experts", _("ANS expert")
    DECISION_MAKER = "decision-makers", _("Decision-maker")
    MINISTRY = "ministry", _("Ministry staff")
    MODERATOR = "moderators", _("Moderator")
    EDITOR = "editors", _("Editor")


# Model permissions per role, as "app_label.codename". Apps add theirs here as they grow;
# a permission whose app is not installed yet is skipped with a warning.
ROLE_PERMISSIONS = {
    # Dossier access itself is per object (workflows.routing); entrepreneurs may file them.
    Role.ENTREPRENEUR: ["workflows.add_dossier"],
    Role.HAS_ADVISER: [],
    Role.ANS_EXPERT: [],
    Role.DECISION_MAKER: [],
    Role.MINISTRY: [
        "wagtailadmin.access_admin",
        "governance.view_recommendation",
        "governance.change_recommendation",
        *(
            f"governance.{action}_{model}"
            for model in ("milestone", "indicator", "indicatorvalue", "progressupdate")
            for action in ("add", "change", "delete", "view")
        ),
    ],
    Role.MODERATOR: [
        "wagtailadmin.access_admin",
        "cms.moderate_comment",
        "cms.export_comments",
        "cms.view_comment",
        "cms.view_moderationaction",
    ],
    Role.EDITOR: [
        "wagtailadmin.access_admin",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        # Translate pages (wagtail-localize's "Translate this page").
        "wagtail_localize.submit_translation",
    ],
}
HUB_PERMISSIONS = []


def hub_group_name(region_slug):
    return f"{HUB_GROUP_PREFIX}{region_slug}"


def ars_group_name(region_slug):
    """The staff group of a regional health agency (agence régionale de santé)."""
    return f"{ARS_GROUP_PREFIX}{region_slug}"


def _permissions(apps, names):
    permission_model = apps.get_model("auth", "Permission")
    found = []
    for name in names:
        app_label, codename = name.split(".", 1)
        try:
            found.append(
                permission_model.objects.get(content_type__app_label=app_label, codename=codename)
            )
        except permission_model.DoesNotExist:
            logger.warning("Role permission %s does not exist yet; skipped", name)
    return found


def sync_roles(apps=global_apps):
    """Create every role group, hub group and ARS group, and give each its model permissions."""
    group_model = apps.get_model("auth", "Group")
    hub_model = apps.get_model("governance", "RegionalHub")
    region_model = apps.get_model("governance", "Region")
    for role in Role:
        group, _created = group_model.objects.get_or_create(name=role.value)
        group.permissions.add(*_permissions(apps, ROLE_PERMISSIONS[role]))
    hub_permissions = _permissions(apps, HUB_PERMISSIONS)
    for hub in hub_model.objects.select_related("region", "group"):
        name = hub_group_name(hub.region.slug)
        if hub.group is None or hub.group.name != name:
            hub.group, _created = group_model.objects.get_or_create(name=name)
            hub.save(update_fields=["group"])
        hub.group.permissions.add(*hub_permissions)
    for slug in region_model.objects.values_list("slug", flat=True):
        group_model.objects.get_or_create(name=ars_group_name(slug))


def sync_roles_after_migrate(sender, apps=global_apps, using="default", verbosity=1, **kwargs):
    # Permissions of every app must exist before they are handed to groups.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using, apps=global_apps)
    sync_roles()


def _read_groups(user):
    if not hasattr(user, "_role_names"):
        rows = list(user.groups.values_list("pk", "name"))
        user._groups = tuple(rows)
        user._group_ids = tuple(sorted(pk for pk, _name in rows))
        user._role_names = frozenset(name for _pk, name in rows)


def user_roles(user):
    """The role names and hub group names of ``user``, read once per request and cached."""
    if not user.is_authenticated:
        return frozenset()
    _read_groups(user)
    return user._role_names


def user_groups(user):
    """(id, name) of ``user``'s groups, from the same cached query as ``user_roles``."""
    if not user.is_authenticated:
        return ()
    _read_groups(user)
    return user._groups


def user_group_ids(user):
    """The ids of ``user``'s groups, read with the role names (same query, same cache)."""
    if not user.is_authenticated:
        return ()
    _read_groups(user)
    return user._group_ids


def has_role(user, role):
    return role in user_roles(user)


def hub_region_slugs(user):
    """Slugs of the regions whose hub ``user`` works for."""
    return sorted(
        name.removeprefix(HUB_GROUP_PREFIX)
        for name in user_roles(user)
        if name.startswith(HUB_GROUP_PREFIX)
    )


def is_hub_staff(user, region_slug=None):
    slugs = hub_region_slugs(user)
    return bool(slugs) if region_slug is None else region_slug in slugs


def is_ars_staff(user):
    return any(name.startswith(ARS_GROUP_PREFIX) for name in user_roles(user))


def is_reviewer(user):
    """Hub staff, expert bodies (HAS, ANS, ARS) and decision-makers: the reviewers' space."""
    roles = user_roles(user)
    return bool(
        user.is_superuser
        or is_hub_staff(user)
        or is_ars_staff(user)
        or {Role.HAS_ADVISER, Role.ANS_EXPERT, Role.DECISION_MAKER} & roles
    )
