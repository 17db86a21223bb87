import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# last_used_at is written at most this often per token, not on every request.
LAST_USED_PRECISION = timedelta(minutes=1)


def hash_key(key):
    """Keys are 160 random bits: a plain SHA-256 suffices to keep them unusable at rest."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """An API key sent as ``Authorization: Token <key>`` (jeton d'API).

    The project's own model rather than ``rest_framework.authtoken``: that one keeps the key in
    clear as primary key, allows one per user and never expires, while here keys are hashed at
    rest, expire after ``API_TOKEN_LIFETIME_DAYS``, a person may hold several (one per script)
    and each records whether it was issued with a second factor, which staff keys need.
    Wagtail's own ``APIToken`` serves Wagtail's API and has neither expiry nor that record.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="platform_api_tokens",
        verbose_name=_("user"),
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("beginning of the key"), max_length=8, editable=False)
    name = models.CharField(_("name"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"), db_index=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    created_with_mfa = models.BooleanField(_("issued with a second factor"), default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="apitoken_user_created")]

    def __str__(self):
        return f"{self.prefix}…"

    @classmethod
    def create_for(cls, user, *, with_mfa, name=""):
        """A new token and its key, which is shown once and never stored."""
        key = secrets.token_hex(20)
        now = timezone.now()
        token = cls.objects.create(
            user=user,
            key_hash=hash_key(key),
            prefix=key[:8],
            name=name,
            created_at=now,
            expires_at=now + timedelta(days=settings.API_TOKEN_LIFETIME_DAYS),
            created_with_mfa=with_mfa,
        )
        return token, key

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    def touch(self):
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
