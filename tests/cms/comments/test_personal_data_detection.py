"""A NIR with a valid key, an email address or a French phone number is spotted in any spelling."""

import pytest

from cms.comments.personal_data import PersonalDataKind, detect_personal_data, nir_key_is_valid

NIR = PersonalDataKind.NIR
EMAIL = PersonalDataKind.EMAIL
PHONE = PersonalDataKind.PHONE


@pytest.mark.parametrize(
    "text",
    [
        "185057800608491",
        "1 85 05 78 006 084 91",
        "Mon numéro : 1.85.05.78.006.084.91.",
        "2-69-05-99-350-123-84",
        "sécu 2 90 02 2A 123 456 78 merci",
        "2 90 02 2B 123 456 08",
        "2900218123456 08",
    ],
)
def test_nir_with_a_valid_key_is_detected(text):
    assert detect_personal_data(text) == [NIR]


@pytest.mark.parametrize(
    "text",
    [
        "185057800608492",  # wrong key
        "2 90 02 2A 123 456 79",  # wrong key for Corsica
        "1850578006084",  # no key: too short to be sure
        "ref 1850578006084911",  # longer run of digits
        "5 85 05 78 006 084 91",  # no such first digit
        "un budget de 1 200 000 euros sur 3 ans",
    ],
)
def test_numbers_that_are_not_a_nir_are_left_alone(text):
    assert NIR not in detect_personal_data(text)


@pytest.mark.parametrize(
    ("nir", "valid"),
    [
        ("185057800608491", True),
        ("290021912345678", True),
        ("290021812345608", True),
        ("185057800608490", False),
    ],
)
def test_nir_key_is_97_minus_the_number_modulo_97(nir, valid):
    assert nir_key_is_valid(nir) is valid


def test_corsican_departments_are_read_as_19_and_18():
    assert nir_key_is_valid("290022A12345678")
    assert nir_key_is_valid("290022B12345608")


@pytest.mark.parametrize(
    "text",
    [
        "écrivez-moi à lea.petit@example.org",
        "Contact: jean+sante@hopital-paris.fr.",
        "LEA_P@Mail.Example.COM",
    ],
)
def test_email_address_is_detected(text):
    assert detect_personal_data(text) == [EMAIL]


@pytest.mark.parametrize(
    "text",
    [
        "06 12 34 56 78",
        "0612345678",
        "06.12.34.56.78",
        "06-12-34-56-78",
        "appelez le 01 23 45 67 89 !",
        "+33 6 12 34 56 78",
        "+33612345678",
        "+33 (0)6 12 34 56 78",
        "0033 1 23 45 67 89",
    ],
)
def test_french_phone_number_is_detected(text):
    assert detect_personal_data(text) == [PHONE]


@pytest.mark.parametrize(
    "text",
    [
        "Le rapport de 2020 compte 18 recommandations.",
        "Voir https://www.example.org/rapport-2020",
        "12 34 56",
        "le 12/06/2020 à 10h30",
        "@ministere",
        "",
    ],
)
def test_ordinary_text_has_no_personal_data(text):
    assert detect_personal_data(text) == []


def test_every_kind_found_is_reported_once_in_a_stable_order():
    text = "06 12 34 56 78, a@b.fr, 185057800608491, 07 00 00 00 00"
    assert detect_personal_data(text) == [NIR, EMAIL, PHONE]
