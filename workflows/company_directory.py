"""The public company directory: who is behind a SIRET (the State's "Recherche d'entreprises").

``GET {COMPANY_DIRECTORY_URL}/search?q=<siret>`` answers the companies matching the number, with
their head office (``siege``) and the establishments that matched. The answer is normalised to
what an organisation needs, cached for a day, and asked with a short timeout: when the directory
is slow or down, people type their company's details themselves.
"""

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

# INSEE region codes (code officiel géographique) → the platform's region slugs.
REGION_SLUGS = {
    "01": "guadeloupe",
    "02": "martinique",
    "03": "guyane",
    "04": "la-reunion",
    "06": "mayotte",
    "11": "ile-de-france",
    "24": "centre-val-de-loire",
    "27": "bourgogne-franche-comte",
    "28": "normandie",
    "32": "hauts-de-france",
    "44": "grand-est",
    "52": "pays-de-la-loire",
    "53": "bretagne",
    "75": "nouvelle-aquitaine",
    "76": "occitanie",
    "84": "auvergne-rhone-alpes",
    "93": "provence-alpes-cote-d-azur",
    "94": "corse",
}


class DirectoryUnavailable(Exception):
    """The directory did not answer in time, or answered something unusable."""


class CompanyNotFound(Exception):
    """The directory knows no establishment with this SIRET."""


@dataclass(frozen=True)
class Company:
    siret: str
    name: str
    address: str
    postcode: str
    city: str
    region: str  # a region slug, empty when the directory gives none we know

    def as_dict(self):
        return asdict(self)


def lookup(siret):
    """The establishment ``siret`` (already validated) as the directory describes it."""
    key = f"company-directory:{siret}"
    cached = cache.get(key)
    if cached is not None:
        return Company(**cached)
    company = _normalise(siret, _search(siret))
    cache.set(key, company.as_dict(), settings.COMPANY_DIRECTORY_CACHE_SECONDS)
    return company


def _search(siret):
    url = f"{settings.COMPANY_DIRECTORY_URL.rstrip('/')}/search?" + urllib.parse.urlencode(
        {"q": siret}
    )
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(  # noqa: S310
            request, timeout=settings.COMPANY_DIRECTORY_TIMEOUT_SECONDS
        ) as response:
            return json.load(response)
    except (OSError, ValueError) as error:
        # URLError, HTTPError, timeouts and connection resets are OSErrors; bad JSON ValueError.
        logger.warning("Company directory unavailable for %s: %s", siret, error)
        raise DirectoryUnavailable from error


def _normalise(siret, answer):
    try:
        results = answer.get("results") or []
        for company in results:
            establishments = [
                company.get("siege") or {},
                *company.get("matching_etablissements", []),
            ]
            for establishment in establishments:
                if establishment.get("siret") == siret:
                    return Company(
                        siret=siret,
                        name=(
                            company.get("nom_complet") or company.get("nom_raison_sociale") or ""
                        )[:200],
                        address=(establishment.get("adresse") or "")[:300],
                        postcode=(establishment.get("code_postal") or "")[:10],
                        city=(establishment.get("libelle_commune") or "")[:100],
                        region=REGION_SLUGS.get(str(establishment.get("region") or ""), ""),
                    )
    except (AttributeError, TypeError) as error:
        logger.warning("Company directory answered an unexpected shape for %s", siret)
        raise DirectoryUnavailable from error
    raise CompanyNotFound
