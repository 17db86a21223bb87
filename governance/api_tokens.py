"""API tokens: issued with the second factor the pages ask for, expiring, revocable.

What the pages enforce the API enforces: a person with TOTP enrolled gives its code (``otp``), or
one of its unused recovery codes, to get a token, unless the session asking already passed MFA;
staff without TOTP get none while ``REQUIRE_STAFF_MFA`` is on; and a staff token issued without a
second factor is refused.
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from governance.models import ApiToken
from governance.models.api_tokens import hash_key
from governance.roles import Role
from governance.staff_mfa import is_staff_member, must_set_up_mfa

# Scripts that ask for a token on every run do not pile rows up: the oldest go beyond this.
MAX_TOKENS_PER_USER = 10


class TokenRefused(Exception):
    message = ""

    def __str__(self):
        return str(self.message)


class MFASetupRequired(TokenRefused):
    message = gettext_lazy(
        "Staff accounts must set up two-factor authentication before using the API."
    )


class CodeRequired(TokenRefused):
    message = gettext_lazy(
        "This account uses two-factor authentication: send the 6-digit code of your "
        "authenticator app, or one of your recovery codes, in “otp”."
    )


class CodeInvalid(TokenRefused):
    message = gettext_lazy(
        "This code is wrong, expired or already used: send the current code of your "
        "authenticator app, or an unused recovery code."
    )


def totp_of(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()


def issue_token(user, *, otp="", mfa_passed=False, name=""):
    """A new token for ``user`` and its key; raises ``TokenRefused`` when a factor is missing.

    ``mfa_passed``: the session asking already used a second factor (local TOTP, or ProConnect
    asserting MFA, see ``governance.staff_mfa.session_passed_mfa``).
    """
    if must_set_up_mfa(user) and not mfa_passed:
        raise MFASetupRequired
    authenticator = totp_of(user)
    if authenticator is not None and not mfa_passed:
        if not otp:
            raise CodeRequired
        used = _second_factor_accepting(user, authenticator, otp)
        if used is None:
            raise CodeInvalid
        used.record_usage()
        mfa_passed = True
    token, key = ApiToken.create_for(user, with_mfa=mfa_passed, name=name)
    _prune(user)
    return token, key


def _second_factor_accepting(user, totp, code):
    """The authenticator ``code`` is good for: the TOTP, else the recovery codes (the one used is
    spent), as allauth's own sign-in form accepts them; None when neither takes it."""
    if TOTP(totp).validate_code(code):
        return totp
    recovery = Authenticator.objects.filter(
        user=user, type=Authenticator.Type.RECOVERY_CODES
    ).first()
    if recovery is not None and RecoveryCodes(recovery).validate_code(code):
        return recovery
    return None


def _prune(user):
    ApiToken.objects.filter(user=user, expires_at__lte=timezone.now()).delete()
    beyond = ApiToken.objects.filter(user=user).values_list("pk", flat=True)[MAX_TOKENS_PER_USER:]
    ApiToken.objects.filter(pk__in=list(beyond)).delete()


def tokens_of(user):
    return ApiToken.objects.filter(user=user)


def revoke_token(user, pk):
    """Revoke one of ``user``'s tokens; False when it is not theirs (or gone already)."""
    deleted, _rows = ApiToken.objects.filter(user=user, pk=pk).delete()
    return bool(deleted)


def revoke_all(users):
    ApiToken.objects.filter(user__in=users).delete()


def refusal_for(token):
    """Why this token may not be used now, or None."""
    if not token.user.is_active:
        return _("Invalid token.")
    if token.is_expired:
        return _("This token has expired: ask for a new one.")
    if settings.REQUIRE_STAFF_MFA and not token.created_with_mfa and is_staff_member(token.user):
        return _(
            "Staff tokens must be issued with two-factor authentication: ask for a new one "
            "with your code."
        )
    return None


class ApiTokenAuthentication(TokenAuthentication):
    """DRF's ``Authorization: Token <key>`` scheme over ``ApiToken`` (hashed, expiring keys)."""

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        if token is None:
            raise AuthenticationFailed(_("Invalid token."))
        refusal = refusal_for(token)
        if refusal:
            raise AuthenticationFailed(refusal)
        token.touch()
        return token.user, token


# Becoming staff ends the tokens one had: they were issued under a citizen's rules.


def _staff_groups():
    return Group.objects.exclude(name=Role.ENTREPRENEUR.value)


def _not_staff_yet(user_model, pks):
    return (
        user_model.objects.filter(pk__in=pks, is_superuser=False)
        .exclude(groups__in=_staff_groups())
        .values_list("pk", flat=True)
    )


def revoke_tokens_of_new_staff_on_groups(sender, instance, action, reverse, model, pk_set, **kw):
    """m2m_changed on ``User.groups``, from either side (``user.groups`` or ``group.user_set``)."""
    if action != "pre_add" or not pk_set:
        return
    if reverse:
        if instance.name == Role.ENTREPRENEUR.value:
            return
        user_model, user_pks = model, pk_set
    else:
        if not _staff_groups().filter(pk__in=pk_set).exists():
            return
        user_model, user_pks = type(instance), [instance.pk]
    revoke_all(list(_not_staff_yet(user_model, user_pks)))


def revoke_tokens_on_totp_removal(sender, user, authenticator, **kwargs):
    """allauth's authenticator_removed: tokens vouched for by that factor end with it."""
    if authenticator.type == Authenticator.Type.TOTP:
        revoke_all([user.pk])


def note_superuser_promotion(sender, instance, update_fields=None, **kwargs):
    """pre_save on the user model: remember whether this save makes a non-staff a superuser."""
    instance._becomes_staff = bool(
        instance.pk
        and instance.is_superuser
        and (update_fields is None or "is_superuser" in update_fields)
        and _not_staff_yet(sender, [instance.pk]).exists()
    )


def revoke_tokens_of_new_superuser(sender, instance, created, **kwargs):
    if getattr(instance, "_becomes_staff", False):
        instance._becomes_staff = False
        revoke_all([instance.pk])
