"""Many people acting at once, then every invariant still holds (PostgreSQL, real threads).

Eight workers, each on its own database connection, run more than a thousand actions in a
shuffled order: contested dossier transitions, progress publications (two publishers per
draft), comment votes and reports. Afterwards each applied action left exactly one log row,
every counter equals its rows, and every history chain verifies. A second test kills the
database connection in the middle of a request and finds nothing half-written.
"""

import queue
import random
import threading
from collections import Counter
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, connections
from django.db.models import Count, Q
from rest_framework.test import APIClient

from cms.comments import services as comments
from cms.models import REPORTS_TO_HIDE, Comment, CommentState, ModerationAction
from governance import errors, history, services
from governance.models import ProgressUpdate, Recommendation
from tests.cms.comments.factories import consultation_page, published_comments
from tests.factories import Role, UserFactory, recommendation, user_with_role
from tests.governance.factories import MilestoneFactory, ProgressUpdateFactory, ministry_user
from tests.workflows.factories import VALID_INPUTS, Cast, dossier_in_state
from workflows import services as workflows
from workflows.models import Decision, Dossier, DossierState, DossierTransition

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WORKERS = 8
DOSSIERS = 24
DRAFTS = 48
COMMENTS = 30
CITIZENS = 24
VOTES = 560
REPORTS = 240

# Refusals the rules promise (409, 403, one report per person): anything else is a failure.
EXPECTED_REFUSALS = (
    errors.Conflict,
    errors.NotPermitted,
    errors.NotVisible,
    PermissionDenied,
)


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks and real concurrency")


def run_workers(actions):
    """Run ``actions`` (kind, callable) on WORKERS threads; Counter of (kind, outcome)."""
    work = queue.Queue()
    for action in actions:
        work.put(action)
    outcomes, unexpected = Counter(), []
    lock = threading.Lock()
    start = threading.Barrier(WORKERS)

    def worker():
        try:
            start.wait(timeout=30)
            while True:
                try:
                    kind, call = work.get_nowait()
                except queue.Empty:
                    return
                try:
                    call()
                    outcome = "applied"
                except EXPECTED_REFUSALS:
                    outcome = "refused"
                except Exception as error:  # reported below, with the action it broke
                    with lock:
                        unexpected.append((kind, repr(error)))
                    continue
                with lock:
                    outcomes[kind, outcome] += 1
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not unexpected, unexpected[:5]
    return outcomes


def dossier_actions(rng):
    cast = Cast()
    hubs = [cast.hub, Cast().hub]
    deciders = [user_with_role(Role.DECISION_MAKER) for _ in range(2)]
    dossiers = [dossier_in_state(DossierState.SUBMITTED, cast) for _ in range(DOSSIERS)]
    actions = []
    for dossier in dossiers:
        attempts = [
            *(("take_charge", user) for user in hubs),
            *((rng.choice(["hand_off", "close"]), user) for user in hubs),
            *((rng.choice(["approve", "reject"]), user) for user in deciders),
            ("withdraw", cast.owner),
        ]
        for name, user in attempts:
            actions.append(
                (
                    "transition",
                    lambda d=dossier, n=name, u=user: workflows.perform(
                        Dossier.objects.get(pk=d.pk), n, u, **VALID_INPUTS[n]
                    ),
                )
            )
    return dossiers, actions


def publication_actions(rng):
    author, publishers = ministry_user(), [ministry_user(), ministry_user()]
    numbers = list(range(1, 19))
    drafts = [
        ProgressUpdateFactory(
            author=author, recommendation=recommendation(rng.choice(numbers)), progress=i % 101
        )
        for i in range(DRAFTS)
    ]
    return drafts, [
        (
            "publication",
            lambda d=draft, u=user: services.publish_update(
                ProgressUpdate.objects.get(pk=d.pk), u, version=d.version
            ),
        )
        for draft in drafts
        for user in publishers
    ]


def participation_actions(rng):
    consultation = consultation_page()
    author = UserFactory()
    targets = published_comments(consultation, author, COMMENTS)
    citizens = [UserFactory() for _ in range(CITIZENS)]
    votes = [
        ("vote", rng.choice(targets), rng.choice(citizens), rng.choice([1, -1]))
        for _ in range(VOTES)
    ]
    # Reports crowd onto a few comments, so several of them reach the hiding threshold.
    reports = [
        ("report", rng.choice(targets[:8]), rng.choice(citizens), rng.choice(["spam", "offensive"]))
        for _ in range(REPORTS)
    ]
    act = {"vote": comments.vote, "report": comments.report}
    actions = [
        (kind, lambda k=kind, c=comment, u=user, v=value: act[k](c, u, v))
        for kind, comment, user, value in votes + reports
    ]
    return targets, actions


def test_a_thousand_concurrent_actions_leave_every_invariant_true():
    rng = random.Random(20201)
    dossiers, transitions = dossier_actions(rng)
    drafts, publications = publication_actions(rng)
    targets, participation = participation_actions(rng)
    actions = transitions + publications + participation
    assert len(actions) >= 1000
    rng.shuffle(actions)
    logged_before = DossierTransition.objects.count()

    outcomes = run_workers(actions)

    assert sum(outcomes.values()) == len(actions)
    # One log row per applied transition, and each dossier's log follows its states.
    assert DossierTransition.objects.count() - logged_before == outcomes["transition", "applied"]
    for dossier in Dossier.objects.filter(pk__in=[d.pk for d in dossiers]):
        rows = list(dossier.transitions.order_by("pk").values_list("source", "target"))
        assert all(rows[i][1] == rows[i + 1][0] for i in range(len(rows) - 1)), dossier.pk
        assert rows[-1][1] == dossier.state
    approved = Dossier.objects.filter(state=DossierState.APPROVED).count()
    rejected = Dossier.objects.filter(state=DossierState.REJECTED).count()
    assert Decision.objects.count() == approved + rejected
    # Each draft published exactly once; recommendations show their latest publication.
    assert outcomes["publication", "applied"] == DRAFTS
    assert ProgressUpdate.objects.published().count() == DRAFTS
    assert services.recommendation_breaks() == []
    # Counters equal rows.
    counted = Comment.objects.filter(pk__in=[c.pk for c in targets]).annotate(
        up=Count("votes", filter=Q(votes__value=1), distinct=True),
        down=Count("votes", filter=Q(votes__value=-1), distinct=True),
        reports_made=Count("reports", distinct=True),
    )
    for comment in counted:
        assert (comment.upvotes, comment.downvotes) == (comment.up, comment.down), comment.pk
        assert comment.score == comment.up - comment.down
        assert comment.report_count == comment.reports_made
        hidden = comment.state == CommentState.HIDDEN
        assert hidden == (comment.report_count >= REPORTS_TO_HIDE)
        auto_hides = ModerationAction.objects.filter(comment=comment, action="auto_hide").count()
        assert auto_hides == (1 if hidden else 0)
    assert outcomes["vote", "applied"] > 0 and outcomes["report", "refused"] > 0
    # And every history chain holds.
    assert history.all_breaks() == []


def kill_mid_request(target, method, send):
    """Run ``send`` in a thread; when it reaches ``target.method``, kill its database backend.

    The request then carries on against a dead connection, as when the database restarts or
    a proxy drops it mid-transaction. Returns what ``send`` raised.
    """
    real = getattr(target, method)
    reached, resume, seen = threading.Event(), threading.Event(), {}

    def paused(self, *args, **kwargs):
        result = real(self, *args, **kwargs)
        if "pid" not in seen:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                seen["pid"] = cursor.fetchone()[0]
            reached.set()
            resume.wait(timeout=20)
        return result

    def run():
        try:
            send()
        except Exception as error:  # the dead connection's error, checked by the caller
            seen["error"] = error
        finally:
            connections.close_all()

    with mock.patch.object(target, method, paused):
        thread = threading.Thread(target=run)
        thread.start()
        assert reached.wait(timeout=20)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [seen["pid"]])
        resume.set()
        thread.join(timeout=30)
    return seen.get("error")


def test_a_connection_killed_mid_transition_leaves_nothing_half_written():
    cast = Cast()
    dossier = dossier_in_state(DossierState.AWAITING_DECISION, cast)
    logged = dossier.transitions.count()
    client = APIClient()
    client.force_authenticate(cast.decision_maker)

    error = kill_mid_request(
        DossierTransition,
        "save",
        lambda: client.post(
            f"/api/v1/dossiers/{dossier.pk}/transitions/approve/",
            VALID_INPUTS["approve"],
            format="json",
        ),
    )

    assert error is not None
    dossier.refresh_from_db()
    assert dossier.state == DossierState.AWAITING_DECISION
    assert dossier.transitions.count() == logged
    assert not Decision.objects.filter(dossier=dossier).exists()
    assert history.all_breaks() == []
    # The dossier is not stuck: the decision can be taken again.
    workflows.perform(dossier, "approve", cast.decision_maker, **VALID_INPUTS["approve"])
    assert dossier.transitions.count() == logged + 1


def test_a_connection_killed_mid_publication_leaves_nothing_half_written():
    draft = ProgressUpdateFactory(progress=70)
    milestone = MilestoneFactory()
    publisher = ministry_user()
    client = APIClient()
    client.force_authenticate(publisher)

    error = kill_mid_request(
        ProgressUpdate,
        "save",
        lambda: client.post(
            f"/api/v1/updates/{draft.pk}/publish/", {"version": draft.version}, format="json"
        ),
    )

    assert error is not None
    draft.refresh_from_db()
    assert not draft.is_published and draft.digest == ""
    rec = Recommendation.objects.get(number=10)
    assert (rec.progress, rec.last_published_at) == (0, None)
    milestone.refresh_from_db()
    assert not milestone.is_published
    assert history.all_breaks() == [] and services.recommendation_breaks() == []
    services.publish_update(draft, publisher, version=draft.version)
    assert services.history_is_intact(recommendation(10))
