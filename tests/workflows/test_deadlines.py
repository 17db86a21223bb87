"""Stage deadlines per pathway, the clock's pause during corrections, and overdue flags."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.workflows.factories import VALID_INPUTS, dossier
from workflows import services
from workflows.models import ClockedStage, Dossier, DossierState, Pathway, StageDeadline

pytestmark = pytest.mark.django_db
S = DossierState
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Clock:
    """A hand-moved clock: transitions receive ``now`` from it, nothing sleeps."""

    def __init__(self, start=T0):
        self.now = start

    def advance(self, **delta):
        self.now += timedelta(**delta)
        return self.now


def act(current, name, user, clock):
    return services.perform(current, name, user, now=clock.now, **VALID_INPUTS[name])


def to_expert_review(cast, clock, pathway):
    current = dossier(cast.owner, pathway=pathway)
    for name in ("submit", "take_charge", "refer_for_review"):
        current = act(current, name, cast.actor_for(name, current), clock)
    return current


def test_the_default_deadlines_are_loaded_by_migration():
    days = dict(StageDeadline.objects.filter(stage=S.EXPERT_REVIEW).values_list("pathway", "days"))
    assert days[Pathway.FORFAIT_INNOVATION] == 75
    assert days[Pathway.PECAN] == 60
    assert StageDeadline.objects.count() == len(Pathway) * 4
    assert set(StageDeadline.objects.values_list("stage", flat=True)) == set(ClockedStage)


@pytest.mark.parametrize(
    ("pathway", "days"), [(Pathway.FORFAIT_INNOVATION, 75), (Pathway.PECAN, 60)]
)
def test_expert_review_deadline_follows_the_pathway(cast, pathway, days):
    clock = Clock()
    in_review = to_expert_review(cast, clock, pathway)
    assert in_review.stage_due_at == clock.now + timedelta(days=days)


def test_deadlines_are_editable_per_pathway(cast):
    StageDeadline.objects.filter(pathway=Pathway.ARTICLE_51, stage=S.SUBMITTED).update(days=3)
    clock = Clock()
    submitted = act(dossier(cast.owner, pathway=Pathway.ARTICLE_51), "submit", cast.owner, clock)
    assert submitted.stage_due_at == T0 + timedelta(days=3)


def test_each_stage_starts_a_fresh_clock(cast):
    clock = Clock()
    current = act(dossier(cast.owner, pathway=Pathway.PECAN), "submit", cast.owner, clock)
    assert current.stage_due_at == T0 + timedelta(days=15)
    clock.advance(days=10)
    current = act(current, "take_charge", cast.hub, clock)
    assert current.stage_started_at == clock.now
    assert current.stage_due_at == clock.now + timedelta(days=30)


def test_the_clock_pauses_during_a_correction_and_resumes_where_it_stopped(cast):
    clock = Clock()
    current = to_expert_review(cast, clock, Pathway.FORFAIT_INNOVATION)
    due = current.stage_due_at
    clock.advance(days=70)
    current = act(current, "request_correction", cast.has_adviser, clock)
    assert current.clock_paused_at == clock.now
    clock.advance(days=40)  # the entrepreneur takes 40 days; the HAS clock does not run
    assert not current.is_overdue(clock.now)
    assert Dossier.objects.overdue(clock.now).count() == 0
    current = act(current, "resubmit", cast.owner, clock)
    assert current.state == S.EXPERT_REVIEW
    assert current.clock_paused_at is None
    assert current.stage_due_at == due + timedelta(days=40)
    assert current.days_left(clock.now) == 5
    clock.advance(days=6)
    assert current.is_overdue(clock.now)
    assert list(Dossier.objects.overdue(clock.now)) == [current]


def test_final_states_have_no_deadline(cast):
    clock = Clock()
    current = act(dossier(cast.owner), "submit", cast.owner, clock)
    current = act(current, "close", cast.hub, clock)
    assert current.stage_due_at is None
    assert not current.is_overdue(clock.now + timedelta(days=999))


def test_the_overdue_flag_shows_in_the_api(cast):
    from rest_framework.test import APIClient

    clock = Clock(datetime(2020, 1, 1, tzinfo=UTC))
    current = act(dossier(cast.owner), "submit", cast.owner, clock)
    client = APIClient()
    client.force_authenticate(cast.hub)
    listed = client.get("/api/v1/dossiers/").json()["results"]
    assert [(row["id"], row["overdue"]) for row in listed] == [(current.pk, True)]


def test_stage_deadline_rows_are_unique_per_pathway_and_stage():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        StageDeadline.objects.create(pathway=Pathway.PECAN, stage=S.SUBMITTED, days=3)


def test_each_review_of_a_pecan_dossier_has_its_own_60_day_deadline(cast):
    clock = Clock()
    in_review = to_expert_review(cast, clock, Pathway.PECAN)
    reviews = list(in_review.reviews.order_by("body"))
    assert [(r.body, r.due_at) for r in reviews] == [
        ("ans", clock.now + timedelta(days=60)),
        ("has", clock.now + timedelta(days=60)),
    ]


def test_the_review_deadline_is_the_one_set_in_the_admin(cast):
    StageDeadline.objects.filter(pathway=Pathway.ARTICLE_51, stage=S.EXPERT_REVIEW).update(days=20)
    clock = Clock()
    in_review = to_expert_review(cast, clock, Pathway.ARTICLE_51)
    assert in_review.reviews.get().due_at == clock.now + timedelta(days=20)


def test_a_correction_asked_by_one_body_pauses_every_running_review_clock(cast):
    clock = Clock()
    current = to_expert_review(cast, clock, Pathway.PECAN)
    due = {r.body: r.due_at for r in current.reviews.all()}
    clock.advance(days=10)
    current = act(current, "request_correction", cast.ans_expert, clock)
    assert set(current.reviews.values_list("paused_at", flat=True)) == {clock.now}
    clock.advance(days=25)
    current = act(current, "resubmit", cast.owner, clock)
    assert current.state == S.EXPERT_REVIEW
    for review in current.reviews.all():
        assert review.paused_at is None
        assert review.due_at == due[review.body] + timedelta(days=25)


def test_reviews_past_their_deadline_expire_and_can_still_be_submitted(cast):
    from workflows.models import ReviewState
    from workflows.tasks import expire_reviews

    clock = Clock()
    current = to_expert_review(cast, clock, Pathway.FORFAIT_INNOVATION)
    assert expire_reviews.enqueue((clock.now + timedelta(days=74)).isoformat()).return_value == 0
    assert expire_reviews.enqueue((clock.now + timedelta(days=76)).isoformat()).return_value == 1
    review = current.reviews.select_related("group").get()
    assert review.state == ReviewState.EXPIRED
    services.perform_review(
        review, "submit", cast.has_adviser, opinion="favourable", comment="En retard, mais là."
    )
    current.refresh_from_db()
    assert current.state == S.AWAITING_DECISION
