"""The entrepreneur's organisation (company) and who works on its dossiers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.models import Region

# La Poste's establishments share this SIREN; their SIRET checksum is a digit sum multiple of 5.
LA_POSTE_SIREN = "356000000"


def luhn_ok(digits):
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_siret(value):
    """A SIRET is 14 ASCII digits whose Luhn checksum holds (INSEE rule, La Poste excepted).

    ``str.isdigit`` alone would let full-width or Arabic-Indic digits through.
    """
    if len(value) != 14 or not (value.isascii() and value.isdigit()):
        raise ValidationError(_("A SIRET number has exactly 14 digits."), code="siret_format")
    if value.startswith(LA_POSTE_SIREN):
        valid = sum(int(c) for c in value) % 5 == 0
    else:
        valid = luhn_ok(value)
    if not valid:
        raise ValidationError(
            _("This SIRET number is not valid (its checksum does not match)."),
            code="siret_checksum",
        )


class Organisation(models.Model):
    """A company filing innovation dossiers (entreprise porteuse)."""

    name = models.CharField(_("name"), max_length=200)
    siret = models.CharField(
        _("SIRET number"), max_length=14, unique=True, validators=[validate_siret]
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="organisations"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        validate_siret(self.siret)
        super().save(*args, **kwargs)


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    CO_EDITOR = "co_editor", _("Co-editor")


class Membership(models.Model):
    """A user working for an organisation: its owner, or a co-editor the owner invited.

    A user belongs to one organisation at most, so "my organisation" is never ambiguous.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="organisation_membership",
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(role="owner"),
                name="organisation_one_owner",
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation}"
