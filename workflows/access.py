"""Object permissions on dossiers, read once per (user, dossier) and prefetched for lists.

Guardian answers ``user.has_perm(perm, dossier)`` with two queries per call; list pages and the
permission callables of the state machine read the codenames cached on the dossier instance
instead, so a page of fifty dossiers costs two queries, not a hundred.
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
