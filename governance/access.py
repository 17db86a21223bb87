"""Who may see or act on an object: the rule every view and API endpoint goes through.

A user who may not see an object gets 404 (its existence does not leak); a user who may see it
but not perform an action gets 403. Object permissions come from django-guardian; superusers
pass every check.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from guardian.shortcuts import get_objects_for_user


def visible_to(user, perm, queryset):
    """The objects of ``queryset`` on which ``user`` holds ``perm`` (directly or by group)."""
    if not user.is_authenticated:
        return queryset.none()
    return get_objects_for_user(
        user, perm, klass=queryset, accept_global_perms=False, with_superuser=True
    )


def get_visible_or_404(user, perm, queryset, **lookup):
    """The one object matching ``lookup`` that ``user`` may see, or 404 for anything else."""
    try:
        obj = queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    if not can(user, perm, obj):
        raise Http404
    return obj


def can(user, perm, obj):
    return user.is_authenticated and user.is_active and user.has_perm(perm, obj)


def require(user, perm, obj):
    """403 unless ``user`` holds ``perm`` on ``obj``."""
    if not can(user, perm, obj):
        raise PermissionDenied
