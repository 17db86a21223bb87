"""Factories for the dossier workflow: organisations, dossiers in any state, the demo's cast."""

import itertools

from django.utils import timezone

from governance.roles import Role, ars_group_name
from tests.factories import UserFactory, hub_staff, region, user_with_role
from workflows import routing, services
from workflows.models import (
    Dossier,
    DossierState,
    ExpertReview,
    MemberRole,
    Membership,
    Organisation,
    Pathway,
    RegulatoryStatus,
    ReviewState,
)
from workflows.procedures import procedure_of
from workflows.transitions import Step, open_reviews

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


# The shortest path from a draft to each state. "reviews" stands for every running review of
# the round accepted then submitted by a member of its body.
PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: ["submit"],
    S.HUB_REVIEW: ["submit", "take_charge"],
    S.CORRECTION_REQUESTED: ["submit", "take_charge", "request_correction"],
    S.EXPERT_REVIEW: ["submit", "take_charge", "refer_for_review"],
    S.AWAITING_DECISION: ["submit", "take_charge", "refer_for_review", "reviews"],
    S.APPROVED: ["submit", "take_charge", "refer_for_review", "reviews", "approve"],
    S.REJECTED: ["submit", "take_charge", "refer_for_review", "reviews", "reject"],
    S.RECOMMENDATIONS_ISSUED: ["submit", "take_charge", "refer_for_review", "reviews"],
    S.CLOSED: ["submit", "close"],
    S.WITHDRAWN: ["submit", "withdraw"],
}
VALID_INPUTS = {
    "submit": {},
    "take_charge": {},
    "request_correction": {"comment": "Merci de préciser le marquage CE."},
    "resubmit": {"comment": "Marquage précisé."},
    "refer_for_review": {"comment": "Dossier qualifié, éligible au forfait innovation."},
    "hand_off": {"comment": "Pas d'évaluation par un organisme expert nécessaire."},
    "approve": {"comment": "Financement accordé."},
    "reject": {"comment": "Preuves insuffisantes."},
    "return_for_review": {"comment": "Compléter l'avis.", "to": "expert_review"},
    "close": {"comment": "Hors champ."},
    "withdraw": {"comment": "Projet abandonné."},
}
REVIEW_INPUTS = {
    "accept": {},
    "submit": {"comment": "Bénéfice clinique plausible."},
    "decline": {"comment": "Hors de notre champ."},
}


def review_inputs(name, review):
    """Valid inputs of review transition ``name``: the first opinion of the review's scale."""
    inputs = dict(REVIEW_INPUTS[name])
    scale = procedure_of(review.dossier).review_for(review.body).scale
    if name == "submit" and scale:
        inputs["opinion"] = scale[0]
    return inputs


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
    def ans_expert(self):
        return self._get("ans_expert", lambda: user_with_role(Role.ANS_EXPERT))

    @property
    def ars(self):
        return self._get("ars", lambda: user_with_role(ars_group_name(self.region_slug)))

    @property
    def other_ars(self):
        return self._get("other_ars", lambda: user_with_role(ars_group_name(self.other_region)))

    def body_member(self, body):
        return {"has": self.has_adviser, "ans": self.ans_expert, "ars": self.ars}[body]

    @property
    def decision_maker(self):
        return self._get("decision_maker", lambda: user_with_role(Role.DECISION_MAKER))

    @property
    def citizen(self):
        return self._get("citizen", lambda: UserFactory())

    def actor_for(self, name, dossier):
        if name in ("submit", "resubmit", "withdraw"):
            return self.owner
        if name == "request_correction" and dossier.state == S.EXPERT_REVIEW:
            return self.body_member(procedure_of(dossier).reviews[0].body.slug)
        if name in ("take_charge", "refer_for_review", "hand_off", "close", "request_correction"):
            return self.hub
        return self.decision_maker


def running_reviews(current):
    return list(
        ExpertReview.objects.filter(dossier=current, round=current.review_round)
        .select_related("group", "dossier__hub__group", "dossier__region")
        .exclude(state__in=(ReviewState.SUBMITTED, ReviewState.DECLINED))
    )


def settle_reviews(current, cast, names=("accept", "submit"), **inputs):
    """Each running review of ``current`` taken through ``names`` by a member of its body."""
    for review in running_reviews(current):
        for name in names:
            review = services.perform_review(
                review,
                name,
                cast.body_member(review.body),
                **{**review_inputs(name, review), **inputs},
            )
    return Dossier.objects.select_related("hub__group", "region").get(pk=current.pk)


def default_pathway(state):
    return Pathway.HAS_EARLY_DIALOGUE if state == S.RECOMMENDATIONS_ISSUED else None


def dossier_in_state(state, cast=None, **fields):
    """A dossier moved to ``state`` through the real service, by the right people."""
    cast = cast or Cast()
    if default_pathway(state) and "pathway" not in fields:
        fields["pathway"] = default_pathway(state)
    current = dossier(cast.owner, **fields)
    for name in PATHS[state]:
        if name == "reviews":
            current = settle_reviews(current, cast)
            continue
        current = services.perform(
            current, name, cast.actor_for(name, current), **VALID_INPUTS[name]
        )
    return current


FORCED_TARGETS = {
    "submit": S.SUBMITTED,
    "take_charge": S.HUB_REVIEW,
    "request_correction": S.CORRECTION_REQUESTED,
    "refer_for_review": S.EXPERT_REVIEW,
    "reviews": S.AWAITING_DECISION,
    "approve": S.APPROVED,
    "reject": S.REJECTED,
    "close": S.CLOSED,
    "withdraw": S.WITHDRAWN,
}


def force_state(state, owner, region_slug="ile-de-france", **fields):
    """A dossier put in ``state`` directly, with the routing and reviews it would have had
    (fast, no log). For matrices and big lists; the real path is covered by ``dossier_in_state``.
    """
    if default_pathway(state) and "pathway" not in fields:
        fields["pathway"] = default_pathway(state)
    draft = dossier(owner, region_slug=region_slug, **fields)
    hub = draft.region.hub if state != S.DRAFT else None
    return_state = S.HUB_REVIEW if state == S.CORRECTION_REQUESTED else ""
    now = timezone.now()
    for name in PATHS[state]:
        target = FORCED_TARGETS[name]
        if name == "reviews":
            target = procedure_of(draft).after_reviews
        updates = {"state": target, "hub": hub, "correction_return_state": return_state}
        if name == "refer_for_review":
            updates["review_round"] = 1
        Dossier.objects.filter(pk=draft.pk).update(**updates)
        current = Dossier.objects.select_related("hub__group", "region").get(pk=draft.pk)
        if name == "refer_for_review":
            open_reviews(Step(current, None, {}, now, S.HUB_REVIEW))
        if name == "reviews":
            ExpertReview.objects.filter(dossier=current).update(
                state=ReviewState.SUBMITTED, opinion="", comment="Avis.", submitted_at=now
            )
        routing.route(current)
    return Dossier.objects.select_related("hub__group", "region").get(pk=draft.pk)
