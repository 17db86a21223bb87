"""Who joins an organisation, and only with consent: invitations and requests to join.

An owner invites a colleague by email; the colleague accepts or declines (the link in the email
carries a secret token) before it lapses. A person whose company is already registered asks to
join; the owner accepts or refuses. Nothing is granted until the answer is yes.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.models.organisation import Organisation


def new_token():
    return secrets.token_urlsafe(32)


class InvitationState(models.TextChoices):
    PENDING = "pending", _("Awaiting an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Invitation(models.Model):
    """An owner's invitation to co-edit the organisation's dossiers, sent to an email address."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("email address"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.CASCADE,
        related_name="invitations_sent",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=InvitationState.choices, default=InvitationState.PENDING
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_answered",
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["email", "state"], name="invitation_by_email")]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    def is_open(self, now=None):
        return self.state == InvitationState.PENDING and self.expires_at > (now or timezone.now())


class JoinRequestState(models.TextChoices):
    PENDING = "pending", _("Awaiting the owner")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class JoinRequest(models.Model):
    """A person asks to work on the dossiers of an organisation already registered."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=JoinRequestState.choices,
        default=JoinRequestState.PENDING,
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=models.Q(state="pending"),
                name="one_pending_join_request",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.organisation}"
