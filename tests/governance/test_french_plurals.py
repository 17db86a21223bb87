"""Every French message with a plural reads in French whatever the number: French declares three
plural forms (one, millions, other), and a message missing one falls back to English."""

import gettext

from django.conf import settings
from django.utils import translation
from django.utils.translation import ngettext

PLURALS = [
    ("%(counter)s dossier done.", "%(counter)s dossiers done."),
    ("%(counter)s dossier exported.", "%(counter)s dossiers exported."),
    (
        "%(counter)s contribution from %(participants)s participants.",
        "%(counter)s contributions from %(participants)s participants.",
    ),
]


def test_every_plural_message_has_each_french_form():
    with (settings.BASE_DIR / "locale" / "fr" / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    forms = {}
    for key in catalog:
        if isinstance(key, tuple):
            forms.setdefault(key[0], set()).add(key[1])
    assert forms, "no plural message in the French catalogue"
    assert {msgid: found for msgid, found in forms.items() if found != {0, 1, 2}} == {}


def test_counts_of_several_read_in_french():
    with translation.override("fr"):
        for singular, plural in PLURALS:
            for number in (0, 1, 2, 5, 1_000_000):
                worded = ngettext(singular, plural, number)
                assert worded not in (singular, plural), (singular, number)
