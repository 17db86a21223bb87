from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

PUBLIC_NAME_MAX_LENGTH = 60


def public_label(user_id, public_name, erased_at):
    """The name others see on a person's public contributions; never the login identifier."""
    if erased_at:
        return str(_("deleted account"))
    return public_name or _("Participant no. %(id)s") % {"id": user_id}


class User(AbstractUser):
    """Every person who signs in: citizens, entrepreneurs and staff alike; roles are groups.

    The login identifier stays private: what others read next to a comment is ``public_label``,
    the public name the person chose. An erased account keeps its row, emptied of everything
    personal, so the threads, votes and logs pointing at it still hold together.
    """

    public_name = models.CharField(
        _("public name"),
        max_length=PUBLIC_NAME_MAX_LENGTH,
        blank=True,
        help_text=_(
            "Shown next to your comments, to everyone. Use a pseudonym if you prefer: "
            "your login and email address are never shown."
        ),
    )
    erased_at = models.DateTimeField(_("account deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self):
        if self.erased_at:
            return str(_("deleted account"))
        return self.get_full_name() or self.username

    @property
    def public_label(self):
        return public_label(self.pk, self.public_name, self.erased_at)
