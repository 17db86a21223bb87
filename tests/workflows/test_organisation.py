"""SIRET numbers are checked by their Luhn key; La Poste's establishments by their own rule."""

import pytest
from django.core.exceptions import ValidationError

from tests.workflows.factories import valid_siret
from workflows.models import validate_siret


@pytest.mark.parametrize("siret", ["73282932000074", "35600000000056", valid_siret(7)])
def test_valid_siret_numbers_pass(siret):
    validate_siret(siret)


@pytest.mark.parametrize(
    "siret",
    [
        "73282932000075",
        "7328293200007",
        "732829320000745",
        "7328293200007A",
        "",
        # Full-width digits pass str.isdigit() and int(), and their Luhn key holds.
        "７３２８２９３２００００７４",
        "٧٣٢٨٢٩٣٢٠٠٠٠٧٤",
    ],
)
def test_invalid_siret_numbers_are_refused(siret):
    with pytest.raises(ValidationError):
        validate_siret(siret)
