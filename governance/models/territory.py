from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """One of France's 18 administrative regions (13 in mainland France and 5 overseas)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class InstitutionKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry or delegation")
    AGENCY = "agency", _("National agency")
    AUTHORITY = "authority", _("Independent authority")
    INSURER = "insurer", _("Health insurance")
    REGIONAL_AGENCY = "ars", _("Regional health agency (ARS)")
    OTHER = "other", _("Other public body")


class Institution(models.Model):
    """A public body that leads or contributes to recommendations, or decides on dossiers."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=InstitutionKind.choices, db_index=True
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="institutions",
        help_text=_("Only for regional bodies such as an ARS."),
    )
    email = models.EmailField(_("contact email"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self):
        return self.acronym or self.name


class RegionalHub(models.Model):
    """The regional innovation hub (a GRADeS) that first reviews a region's dossiers.

    Its staff are the members of ``group`` (named ``hub:<region-slug>``); La Réunion and Mayotte
    share one operator but keep one hub each, so routing stays one region → one hub.
    """

    region = models.OneToOneField(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="hub"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("contact email"), blank=True)
    group = models.OneToOneField(
        Group,
        verbose_name=_("staff group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="regional_hub",
        editable=False,
    )

    class Meta:
        ordering = ["region__name"]
        verbose_name = _("regional innovation hub")
        verbose_name_plural = _("regional innovation hubs")

    def __str__(self):
        return f"{self.name} ({self.region})"
