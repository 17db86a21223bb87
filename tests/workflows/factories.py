"""Factories for the dossier workflow: organisations, dossiers in any state, the demo's cast."""

import itertools

from governance.roles import Role
from tests.factories import UserFactory, hub_staff, region, user_with_role
from workflows import routing, services
from workflows.models import (
    Dossier,
    DossierState,
    MemberRole,
    Membership,
    Organisation,
    Pathway,
    RegulatoryStatus,
)

S = DossierState
_siret_numbers = itertools.count(1)


def valid_siret(seed=None):
    """A 14-digit number whose Luhn checksum holds."""
    base = f"{(seed if seed is not None else next(_siret_numbers)) + 4_000_000_000_000:013d}"[:13]
    for check in range(10):
        candidate = base + str(check)
        total = 0
        for index, char in enumerate(reversed(candidate)):
            value = int(char) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


def organisation(owner, region_slug="ile-de-france", name=None):
    org = Organisation.objects.create(
        name=name or f"Société de {owner.username}", siret=valid_siret(), region=region(region_slug)
    )
    Membership.objects.create(organisation=org, user=owner, role=MemberRole.OWNER)
    return org


def entrepreneur(region_slug="ile-de-france", **kwargs):
    """An entrepreneur with their organisation in ``region_slug``."""
    user = user_with_role(Role.ENTREPRENEUR, **kwargs)
    organisation(user, region_slug)
    return user


COMPLETE_FIELDS = {
    "summary": "Application de télésuivi des patients insuffisants cardiaques.",
    "product_description": "Capteurs connectés et tableau de bord pour l'équipe soignante.",
    "target_users": "Cardiologues, infirmiers en pratique avancée, patients.",
    "evidence": "Étude pilote sur 120 patients au CHU.",
    "regulatory_status": RegulatoryStatus.CE_CLASS_IIA,
}


def dossier(owner, region_slug=None, pathway=Pathway.FORFAIT_INNOVATION, complete=True, **fields):
    """A draft of ``owner`` (complete enough to submit unless ``complete=False``)."""
    membership = Membership.objects.select_related("organisation__region").filter(user=owner)
    org = membership.first().organisation if membership.exists() else None
    values = {
        "title": "Télésuivi cardiaque",
        "pathway": pathway,
        "region": region(region_slug or (org.region.slug if org else "ile-de-france")),
        **(COMPLETE_FIELDS if complete else {}),
        **fields,
    }
    return services.create_dossier(owner, **values)


# The shortest path from a draft to each state, as (transition, actor kind, inputs).
PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: ["submit"],
    S.HUB_REVIEW: ["submit", "take_charge"],
    S.CORRECTION_REQUESTED: ["submit", "take_charge", "request_correction"],
    S.HAS_REVIEW: ["submit", "take_charge", "refer_to_has"],
    S.AWAITING_DECISION: ["submit", "take_charge", "refer_to_has", "issue_opinion"],
    S.APPROVED: ["submit", "take_charge", "refer_to_has", "issue_opinion", "approve"],
    S.REJECTED: ["submit", "take_charge", "refer_to_has", "issue_opinion", "reject"],
    S.CLOSED: ["submit", "close"],
    S.WITHDRAWN: ["submit", "withdraw"],
}
VALID_INPUTS = {
    "submit": {},
    "take_charge": {},
    "request_correction": {"comment": "Merci de préciser le marquage CE."},
    "resubmit": {"comment": "Marquage précisé."},
    "refer_to_has": {"comment": "Dossier qualifié, éligible au forfait innovation."},
    "issue_opinion": {"opinion": "favourable", "comment": "Bénéfice clinique plausible."},
    "hand_off": {"comment": "Pas d'évaluation HAS nécessaire."},
    "approve": {"comment": "Financement accordé."},
    "reject": {"comment": "Preuves insuffisantes."},
    "return_for_review": {"comment": "Compléter l'avis.", "to": "has_review"},
    "close": {"comment": "Hors champ."},
    "withdraw": {"comment": "Projet abandonné."},
}


class Cast:
    """Users for each role, created on first use."""

    def __init__(self, region_slug="ile-de-france", other_region="occitanie"):
        self.region_slug = region_slug
        self.other_region = other_region
        self._users = {}

    def _get(self, key, make):
        if key not in self._users:
            self._users[key] = make()
        return self._users[key]

    @property
    def owner(self):
        return self._get("owner", lambda: entrepreneur(self.region_slug))

    @property
    def other_entrepreneur(self):
        return self._get("other_entrepreneur", lambda: entrepreneur(self.other_region))

    @property
    def hub(self):
        return self._get("hub", lambda: hub_staff(self.region_slug))

    @property
    def other_hub(self):
        return self._get("other_hub", lambda: hub_staff(self.other_region))

    @property
    def has_adviser(self):
        return self._get("has_adviser", lambda: user_with_role(Role.HAS_ADVISER))

    @property
    def decision_maker(self):
        return self._get("decision_maker", lambda: user_with_role(Role.DECISION_MAKER))

    @property
    def citizen(self):
        return self._get("citizen", lambda: UserFactory())

    def actor_for(self, name, dossier):
        if name in ("submit", "resubmit", "withdraw"):
            return self.owner
        if name == "request_correction" and dossier.state == S.HAS_REVIEW:
            return self.has_adviser
        if name in ("take_charge", "refer_to_has", "hand_off", "close", "request_correction"):
            return self.hub
        if name == "issue_opinion":
            return self.has_adviser
        return self.decision_maker


def dossier_in_state(state, cast=None, **fields):
    """A dossier moved to ``state`` through the real service, by the right people."""
    cast = cast or Cast()
    current = dossier(cast.owner, **fields)
    for name in PATHS[state]:
        current = services.perform(
            current, name, cast.actor_for(name, current), **VALID_INPUTS[name]
        )
    return current


def force_state(state, owner, region_slug="ile-de-france", **fields):
    """A dossier put in ``state`` directly, with the routing it would have had (fast, no log).

    For matrices and big lists; the real path is covered by ``dossier_in_state``.
    """
    draft = dossier(owner, region_slug=region_slug, **fields)
    hub = None
    visited = [S.DRAFT]
    for name in PATHS[state]:
        visited.append(
            {
                "submit": S.SUBMITTED,
                "take_charge": S.HUB_REVIEW,
                "request_correction": S.CORRECTION_REQUESTED,
                "refer_to_has": S.HAS_REVIEW,
                "issue_opinion": S.AWAITING_DECISION,
                "approve": S.APPROVED,
                "reject": S.REJECTED,
                "close": S.CLOSED,
                "withdraw": S.WITHDRAWN,
            }[name]
        )
    if state != S.DRAFT:
        hub = draft.region.hub
    return_state = S.HUB_REVIEW if state == S.CORRECTION_REQUESTED else ""
    for visited_state in visited:
        Dossier.objects.filter(pk=draft.pk).update(
            state=visited_state, hub=hub, correction_return_state=return_state
        )
        current = Dossier.objects.select_related("hub__group").get(pk=draft.pk)
        routing.route(current)
    return Dossier.objects.select_related("hub__group", "region").get(pk=draft.pk)
