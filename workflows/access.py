"""Object permissions on dossiers, read once per (user, dossier) and prefetched for lists.

Guardian answers ``user.has_perm(perm, dossier)`` with two queries per call; list pages and the
permission callables of the state machine read the codenames cached on the dossier instance
instead, so a page of fifty dossiers costs two queries, not a hundred.

Lists filter by ``granted``: the ids of the dossiers a user holds a permission on, read from the
two direct-FK permission tables by their (holder, permission, dossier) unique indexes, so a
list costs what the user holds, not how many dossiers exist.
"""

from guardian.core import ObjectPermissionChecker

VIEW = "view_dossier"
ACT_AS_APPLICANT = "act_as_applicant"
ACT_AS_HUB = "act_as_hub"
ACT_AS_EXPERT = "act_as_expert"
ACT_AS_DECISION_MAKER = "act_as_decision_maker"
ACT_PERMISSIONS = (ACT_AS_APPLICANT, ACT_AS_HUB, ACT_AS_EXPERT, ACT_AS_DECISION_MAKER)
REVIEWER_ACT_PERMISSIONS = (ACT_AS_HUB, ACT_AS_EXPERT, ACT_AS_DECISION_MAKER)


def _cache(dossier):
    return dossier.__dict__.setdefault("_user_perms", {})


def perms_for(user, dossier):
    """The codenames ``user`` holds on ``dossier`` (directly or through a group)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cache = _cache(dossier)
    if user.pk not in cache:
        cache[user.pk] = frozenset(ObjectPermissionChecker(user).get_perms(dossier))
    return cache[user.pk]


def prefetch_perms(user, dossiers):
    """Load the permissions of ``user`` on every dossier of ``dossiers`` in two queries."""
    dossiers = list(dossiers)
    if not dossiers or user is None or not user.is_authenticated or not user.is_active:
        return dossiers
    checker = ObjectPermissionChecker(user)
    checker.prefetch_perms(dossiers)
    for dossier in dossiers:
        _cache(dossier)[user.pk] = frozenset(checker.get_perms(dossier))
    return dossiers


_permission_ids = {}


def permission_ids(codenames):
    """The ids of the dossier permissions ``codenames``, read once per process: literal ids let
    PostgreSQL use its statistics on the permission tables (how many rows a hub holds), which a
    join to ``auth_permission`` hides. ``post_migrate`` (a test database flushed) forgets them."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from workflows.models import Dossier

    if not _permission_ids:
        content_type = ContentType.objects.get_for_model(Dossier)
        _permission_ids.update(
            Permission.objects.filter(content_type=content_type).values_list("codename", "pk")
        )
    return sorted(_permission_ids[codename] for codename in codenames)


def forget_permission_ids(**kwargs):
    _permission_ids.clear()


def reviewing_group_ids(user):
    """The ids of ``user``'s groups that routing gives dossiers to: hubs, regional agencies,
    the national expert bodies and the decision-makers (``routing.ACTING``). The other roles
    (entrepreneurs, ministry, moderators, editors) never hold a dossier permission."""
    from governance.roles import ARS_GROUP_PREFIX, HUB_GROUP_PREFIX, Role, user_groups

    national = {Role.HAS_ADVISER, Role.ANS_EXPERT, Role.DECISION_MAKER}
    return tuple(
        pk
        for pk, name in sorted(user_groups(user))
        if name in national or name.startswith((HUB_GROUP_PREFIX, ARS_GROUP_PREFIX))
    )


def granted(user, codenames, field="pk"):
    """A filter on dossiers: ``user`` holds one of ``codenames`` on it, directly or through a
    reviewing group. ``field`` names the dossier's id in the filtered model (``dossier_id``
    for a model that points to dossiers).

    Shaped for the indexes: a reviewer's groups hold thousands of dossiers, so their rows are
    probed per dossier (``EXISTS`` on the (dossier, group, permission) index) while a list walks
    its sort index and stops after a page; a person's own rows are few (the dossiers they file),
    so they are read first (``IN`` on the (user, permission, dossier) index). Neither depends
    on how many dossiers exist. Guardian's ``get_objects_for_user`` ORs two ``IN`` subqueries
    instead, which PostgreSQL answers by reading every dossier.
    """
    from django.db.models import Exists, OuterRef, Q

    from workflows.models import DossierGroupObjectPermission, DossierUserObjectPermission

    permissions = permission_ids(codenames)
    own = DossierUserObjectPermission.objects.filter(
        user_id=user.pk, permission_id__in=permissions
    ).values("content_object_id")
    groups = reviewing_group_ids(user)
    if not groups:
        return Q(**{f"{field}__in": own})
    shared = Exists(
        DossierGroupObjectPermission.objects.filter(
            content_object_id=OuterRef(field), group_id__in=groups, permission_id__in=permissions
        )
    )
    # A reviewer rarely holds rows of their own: read them (one small query) so that, when
    # there are none, the plan is the group probe alone.
    if not hasattr(user, "_own_dossier_rows"):
        user._own_dossier_rows = list(
            DossierUserObjectPermission.objects.filter(user_id=user.pk).values_list(
                "content_object_id", "permission_id"
            )
        )
    own_ids = sorted({pk for pk, permission in user._own_dossier_rows if permission in permissions})
    return shared | Q(**{f"{field}__in": own_ids}) if own_ids else shared


def filter_granted(user, codenames, dossiers):
    """The dossiers of ``dossiers`` on which ``user`` holds one of ``codenames`` (superusers:
    all of them; anonymous and inactive users: none, as ``perms_for`` answers)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return dossiers.none()
    if user.is_superuser:
        return dossiers
    return dossiers.filter(granted(user, codenames))


def forget_perms(dossier):
    """Drop cached permissions after routing changed them."""
    dossier.__dict__.pop("_user_perms", None)


def can_view(user, dossier):
    return VIEW in perms_for(user, dossier)


def holds(codename):
    """A permission callable for ``@transition``: ``user`` holds ``codename`` on the dossier."""

    def permission(dossier, user):
        return codename in perms_for(user, dossier)

    permission.__name__ = f"holds_{codename}"
    return permission


def can_view_review(user, review):
    """Who sees an expert review: whoever sees its dossier, except the members of the other
    expert bodies (parallel reviews stay independent); a confidential review only its body,
    the applicant and the hub that referred it. ``review.dossier`` and the groups are joined.
    """
    from governance.roles import Role, is_ars_staff, user_roles

    dossier = review.dossier
    if not can_view(user, dossier):
        return False
    if user.is_superuser:
        return True
    roles = user_roles(user)
    if review.group.name in roles:
        return True
    if is_ars_staff(user) or {Role.HAS_ADVISER, Role.ANS_EXPERT} & roles:
        return False
    if not review.confidential:
        return True
    hub_group = dossier.hub.group.name if dossier.hub_id else None
    return ACT_AS_APPLICANT in perms_for(user, dossier) or hub_group in roles
