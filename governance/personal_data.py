"""What the platform holds about a person, and how it lets go of it (GDPR rights, retention).

governance never imports cms or workflows, so each app registers its part in its AppConfig's
``ready()``: an exporter (a JSON-ready section of the person's export), an eraser (run inside
the account deletion's transaction, before the account itself is emptied) and a retention job
(run daily by ``manage.py apply_retention``).
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Contribution:
    exporter: object = None
    eraser: object = None


_contributions = {}
_retention_jobs = {}


def register(section, *, exporter=None, eraser=None):
    """``exporter(user) -> dict | list``, ``eraser(user) -> None``; registering twice replaces."""
    _contributions[section] = Contribution(exporter, eraser)


def register_retention(name, job):
    """``job(now) -> dict`` of counts, logged by the daily command."""
    _retention_jobs[name] = job


def _iso(value):
    return value.isoformat() if value else None


def export_account(user):
    """The account's own section: identity, addresses, roles, sign-ins, API tokens."""
    from allauth.account.models import EmailAddress

    from governance.models import ApiToken

    return {
        "id": user.pk,
        "username": user.username,
        "public_name": user.public_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "sessions": [
            {
                "ip": session.ip,
                "user_agent": session.user_agent,
                "created_at": _iso(session.created_at),
                "last_seen_at": _iso(session.last_seen_at),
            }
            for session in _user_sessions(user)
        ],
        # What identifies each token to its owner; never its key, nor the key's hash.
        "api_tokens": [
            {
                "name": token.name,
                "created_at": _iso(token.created_at),
                "expires_at": _iso(token.expires_at),
                "last_used_at": _iso(token.last_used_at),
                "issued_with_second_factor": token.created_with_mfa,
            }
            for token in ApiToken.objects.filter(user=user).order_by("created_at", "pk")
        ],
    }


def _user_sessions(user):
    if not apps.is_installed("allauth.usersessions"):
        return []
    from allauth.usersessions.models import UserSession

    return list(UserSession.objects.filter(user=user).order_by("created_at"))


def export_user(user):
    """Everything the platform holds about ``user``, as one JSON-ready document."""
    document = {"exported_at": _iso(timezone.now()), "account": export_account(user)}
    for section, contribution in sorted(_contributions.items()):
        if contribution.exporter is not None:
            document[section] = contribution.exporter(user)
    return document


def erase_user(user):
    """Delete the account: apps erase or anonymise their part, then the row is emptied.

    The row stays (inactive, no usable password, no email, no names) so comments, votes,
    reports and logs that point at it keep their place and read "deleted account".
    """
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        for contribution in _contributions.values():
            if contribution.eraser is not None:
                contribution.eraser(user)
        _end_sessions(user)
        _delete_credentials(user)
        user.username = f"deleted-{user.pk}"
        user.email = ""
        user.first_name = user.last_name = user.public_name = ""
        user.set_unusable_password()
        user.is_active = user.is_staff = user.is_superuser = False
        user.last_login = None
        user.erased_at = timezone.now()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
    logger.info("Account %s deleted at its owner's request", user.pk)
    return user


def _end_sessions(user):
    """Sessions end at once: tracked ones by key, any other by the user id they carry."""
    engine = import_module(settings.SESSION_ENGINE)
    for session in _user_sessions(user):
        engine.SessionStore(session.session_key).delete()
        session.delete()
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        from django.contrib.sessions.models import Session

        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
            if session.get_decoded().get("_auth_user_id") == str(user.pk):
                session.delete()


def _delete_credentials(user):
    """Addresses, tokens, second factors, linked identities and per-object grants."""
    from allauth.account.models import EmailAddress
    from guardian.models import UserObjectPermission

    from governance.api_tokens import revoke_all

    EmailAddress.objects.filter(user=user).delete()
    revoke_all([user.pk])
    UserObjectPermission.objects.filter(user=user).delete()
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa.models import Authenticator

        Authenticator.objects.filter(user=user).delete()
    if apps.is_installed("allauth.socialaccount"):
        from allauth.socialaccount.models import SocialAccount

        SocialAccount.objects.filter(user=user).delete()
    if apps.is_installed("wagtail.users"):
        from wagtail.users.models import UserProfile

        UserProfile.objects.filter(user=user).delete()


def purge_security_metadata(now):
    """Addresses and browsers seen at sign-in are kept for security for a limited time only."""
    if not apps.is_installed("allauth.usersessions"):
        return {"sessions": 0}
    from allauth.usersessions.models import UserSession

    cutoff = now - timedelta(days=settings.RETENTION_SECURITY_METADATA_DAYS)
    deleted, _by_model = UserSession.objects.filter(last_seen_at__lt=cutoff).delete()
    return {"sessions": deleted}


register_retention("security_metadata", purge_security_metadata)


def apply_retention(now=None):
    """Run every registered retention job; return their counts by job name."""
    now = now or timezone.now()
    results = {}
    for name, job in sorted(_retention_jobs.items()):
        results[name] = job(now)
        logger.info("Retention %s: %s", name, results[name])
    return results


def identity_confirmed(request, password):
    """Deleting an account needs the password, or a re-authentication or MFA check just now."""
    from allauth.account import app_settings as account_settings
    from allauth.account.authentication import get_authentication_records

    user = request.user
    if password and user.check_password(password):
        return True
    limit = timezone.now().timestamp() - account_settings.REAUTHENTICATION_TIMEOUT
    return any(
        (record.get("reauthenticated") or record.get("method") == "mfa")
        and record.get("at", 0) > limit
        for record in get_authentication_records(request, user)
    )
