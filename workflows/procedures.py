"""The five procedures, one declaration each: who reviews a dossier after the hub's
qualification (in parallel), on which opinion scale, within how many days, and how it ends.

Routing, deadlines, forms, the API, the demo and the permission matrix read this module; adding
a procedure means adding one ``Procedure`` here (and its pathway to ``Pathway``). Stage
deadlines below are defaults: the days in force are the ``StageDeadline`` rows, editable in
the Wagtail admin (migration 0003 loads them from here).
"""

import calendar
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from governance.roles import Role, ars_group_name
from workflows.models import (
    ClockedStage,
    DossierState,
    FollowUpKind,
    Pathway,
    ProductKind,
    ReviewBody,
    StageDeadline,
)
from workflows.models import ReviewOpinion as O

S = DossierState


@dataclass(frozen=True)
class Body:
    """An expert body and how to find the group that reviews a given dossier for it."""

    slug: ReviewBody
    group_name_for: object  # callable(dossier) -> group name

    def group_name(self, dossier):
        return self.group_name_for(dossier)


HAS = Body(ReviewBody.HAS, lambda dossier: Role.HAS_ADVISER)
ANS = Body(ReviewBody.ANS, lambda dossier: Role.ANS_EXPERT)
ARS = Body(ReviewBody.ARS, lambda dossier: ars_group_name(dossier.region.slug))
BODIES = {body.slug: body for body in (HAS, ANS, ARS)}

HAS_SCALE = (O.FAVOURABLE, O.FAVOURABLE_WITH_RESERVATIONS, O.UNFAVOURABLE)
ANS_CONFORMITY_SCALE = (O.COMPLIANT, O.COMPLIANT_WITH_RESERVATIONS, O.NOT_COMPLIANT)
ARS_SCALE = (O.FAVOURABLE, O.UNFAVOURABLE)
LISTING_SCALE = (
    O.FAVOURABLE,
    O.FAVOURABLE_WITH_NON_SUSPENSIVE_RESERVATIONS,
    O.FAVOURABLE_WITH_SUSPENSIVE_RESERVATIONS,
    O.UNFAVOURABLE,
)


@dataclass(frozen=True)
class Review:
    """One review the procedure asks for. An empty scale means written recommendations."""

    body: Body
    scale: tuple = ()
    suspensive: tuple = ()  # opinions the applicant must lift before the decision
    file_allowed: bool = True

    @property
    def has_scale(self):
        return bool(self.scale)


def _months_later(moment, months):
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@dataclass(frozen=True)
class FollowUp:
    """An obligation an approval creates, due ``months`` later (or per the dossier)."""

    kind: FollowUpKind
    months: object  # int, or callable(dossier) -> int

    def due_at(self, dossier, decided_at):
        months = self.months(dossier) if callable(self.months) else self.months
        return _months_later(decided_at, months)


@dataclass(frozen=True)
class Authority:
    """Who issues the procedure's decision: the institution heading the letter and the role
    in which the decision-maker signs (``institution`` may depend on the dossier)."""

    institution: object  # text, or callable(dossier) -> text
    role: str

    def institution_for(self, dossier):
        return self.institution(dossier) if callable(self.institution) else self.institution


MINISTERS = Authority(
    _("Ministry responsible for health and social security"),
    _("For the ministers responsible for health and social security, by delegation"),
)


def _regional_agency(dossier):
    return _("Regional health agency (ARS) %(region)s") % {"region": dossier.region.name}


class Outcome:
    DECISION = "decision"
    RECOMMENDATIONS = "recommendations"


DEFAULT_STAGE_DAYS = {
    ClockedStage.SUBMITTED: 15,
    ClockedStage.HUB_REVIEW: 30,
    ClockedStage.EXPERT_REVIEW: 60,
    ClockedStage.AWAITING_DECISION: 60,
}


@dataclass(frozen=True)
class Procedure:
    pathway: Pathway
    reviews: tuple
    outcome: str = Outcome.DECISION
    confidential: bool = False
    follow_ups: tuple = ()
    stage_days: dict = field(default_factory=dict)
    authority: Authority = MINISTERS

    @property
    def name(self):
        return self.pathway.label

    @property
    def has_decision(self):
        return self.outcome == Outcome.DECISION

    @property
    def after_reviews(self):
        """The state the dossier reaches by itself when its last review is settled."""
        return S.AWAITING_DECISION if self.has_decision else S.RECOMMENDATIONS_ISSUED

    @property
    def body_slugs(self):
        return [review.body.slug.value for review in self.reviews]

    def review_for(self, body_slug):
        return next(review for review in self.reviews if review.body.slug == body_slug)

    def default_days(self, stage):
        return self.stage_days.get(stage, DEFAULT_STAGE_DAYS[stage])


def _pecan_filing_months(dossier):
    return 9 if dossier.product_kind == ProductKind.TELEMONITORING else 6


PROCEDURES = {
    procedure.pathway: procedure
    for procedure in [
        # PECAN (L.162-1-23 CSS): HAS and ANS in parallel, 60 days each; decree within 30
        # days; one year of early cover, the common-law filing due within 6 or 9 months.
        Procedure(
            Pathway.PECAN,
            reviews=(Review(ANS, ANS_CONFORMITY_SCALE), Review(HAS, HAS_SCALE)),
            follow_ups=(
                FollowUp(FollowUpKind.COMMON_LAW_FILING, _pecan_filing_months),
                FollowUp(FollowUpKind.COVER_ENDS, 12),
            ),
            stage_days={ClockedStage.EXPERT_REVIEW: 60, ClockedStage.AWAITING_DECISION: 30},
        ),
        # Forfait innovation (L.165-1-1 CSS): HAS opinion within 75 days, the ministers decide;
        # the funded study reports on its progress (yearly by default).
        Procedure(
            Pathway.FORFAIT_INNOVATION,
            reviews=(Review(HAS, HAS_SCALE),),
            follow_ups=(FollowUp(FollowUpKind.STUDY_REPORT, 12),),
            stage_days={ClockedStage.EXPERT_REVIEW: 75},
        ),
        # Early dialogue (L.161-37 CSS): confidential, non-binding written recommendations.
        Procedure(
            Pathway.HAS_EARLY_DIALOGUE,
            reviews=(Review(HAS),),
            outcome=Outcome.RECOMMENDATIONS,
            confidential=True,
        ),
        # Article 51 (LFSS 2018): the ARS of the region, committee opinion within 3 months.
        Procedure(
            Pathway.ARTICLE_51,
            reviews=(Review(ARS, ARS_SCALE),),
            stage_days={ClockedStage.EXPERT_REVIEW: 90},
            authority=Authority(
                _regional_agency,
                _("For the director general of the regional health agency, by delegation"),
            ),
        ),
        # Mon espace santé listing (L.1111-13-1 CSP): the ANS instructs; suspensive
        # reservations go back to the applicant before the decision.
        Procedure(
            Pathway.MON_ESPACE_SANTE,
            reviews=(
                Review(ANS, LISTING_SCALE, suspensive=(O.FAVOURABLE_WITH_SUSPENSIVE_RESERVATIONS,)),
            ),
            authority=Authority(
                _("Ministerial delegation for digital health (DNS)"),
                _("For the minister responsible for health, by delegation"),
            ),
        ),
    ]
}


def procedure_of(dossier):
    return PROCEDURES[dossier.pathway]


def stage_days(pathway, stage):
    """Days of ``stage`` on ``pathway``: the admin's row, else the procedure's default."""
    days = (
        StageDeadline.objects.filter(pathway=pathway, stage=stage)
        .values_list("days", flat=True)
        .first()
    )
    return days or PROCEDURES[pathway].default_days(stage)


def due_after(pathway, stage, now):
    return now + timedelta(days=stage_days(pathway, stage))
