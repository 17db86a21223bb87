"""Spot personal data a citizen should not publish: a French NIR, an email address, a phone number.

Health consultations draw people to tell their own story; this keeps their social security
number or contact details from being published by mistake. Detection is deliberately narrow
(the NIR key must check out) so ordinary numbers in a comment are not flagged.
"""

import re

from django.db.models import TextChoices
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class PersonalDataKind(TextChoices):
    NIR = "nir", _("a social security number")
    EMAIL = "email", _("an email address")
    PHONE = "phone", _("a phone number")


_SEPARATOR = r"[ .\-]?"

# 15 characters (sex, year, month, department, commune, order, key), separators allowed
# between any two of them; the strict shape and the key are checked afterwards.
_NIR_CANDIDATE = re.compile(rf"(?<!\w)[1-478](?:{_SEPARATOR}[0-9ABab]){{14}}(?!\w)")
_NIR_SHAPE = re.compile(r"^[1-478]\d{2}\d{2}(?:\d{2}|2[AB])\d{6}\d{2}$")

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?!\w)")

# 0X XX XX XX XX, +33 X XX XX XX XX, 0033…, +33 (0)X…, with spaces, dots or dashes.
_PHONE = re.compile(
    rf"(?<![\w+])(?:(?:\+|00)33{_SEPARATOR}(?:\(0\){_SEPARATOR})?|0)[1-9](?:{_SEPARATOR}\d{{2}}){{4}}(?!\d)"
)


def nir_key_is_valid(nir):
    """``nir``: 15 characters without separators; Corsica's 2A/2B count as 19/18."""
    body, key = nir[:13].upper(), int(nir[13:])
    body = body[:5] + body[5:7].replace("2A", "19").replace("2B", "18") + body[7:]
    return key == 97 - int(body) % 97


def _contains_nir(text):
    for match in _NIR_CANDIDATE.finditer(text):
        compact = re.sub(r"[ .\-]", "", match.group()).upper()
        if _NIR_SHAPE.match(compact) and nir_key_is_valid(compact):
            return True
    return False


def detect_personal_data(text):
    """The kinds of personal data found in ``text``, in a stable order (empty when none)."""
    found = []
    if _contains_nir(text):
        found.append(PersonalDataKind.NIR)
    if _EMAIL.search(text):
        found.append(PersonalDataKind.EMAIL)
    if _PHONE.search(text):
        found.append(PersonalDataKind.PHONE)
    return found


def personal_data_message(kinds):
    """What the author reads: what was found and what to do about it."""
    found = ", ".join(str(PersonalDataKind(kind).label) for kind in kinds)
    return gettext(
        "We detected what looks like %(found)s in your comment. It will not be published "
        "as it is: edit your comment to remove it."
    ) % {"found": found}
