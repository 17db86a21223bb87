"""How many filed dossiers link each recommendation (the barometer's figure), counted again
after each change that can move it, and read from one small table.

Counting the links of 100,000 dossiers and leaving out the drafts' joins every link to its
dossier: about 20 ms at national scale, on every first visit of the barometer. The count of a
recommendation moves only when a dossier that links it leaves the draft state (it is filed) or
when a filed dossier's links change (a filed dossier is never deleted: its transition log
protects it, and retention archives it); the signals below
(connected in ``workflows/apps.py``) count the recommendations concerned again once the change
commits, under a row lock, so the last count taken sees every change committed before it.

A recommendation without a row yet is counted live (``filed_counts``): a database never
counted, a test whose transaction never commits. ``python manage.py count_linked_dossiers``
counts every recommendation (after loading data in bulk, or to check the figures).
"""

from functools import partial

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from workflows.models import Dossier, DossierState, LinkedDossierCount

Link = Dossier.recommendations.through


def live_counts(recommendation_ids):
    """``{id: filed dossiers}`` counted from the links: every link, less the drafts' (two
    counts that indexes answer)."""
    links = Link.objects.filter(recommendation_id__in=recommendation_ids)

    def per_recommendation(rows):
        return dict(
            rows.values("recommendation_id")
            .annotate(n=Count("*"))
            .values_list("recommendation_id", "n")
        )

    found = per_recommendation(links)
    drafts = per_recommendation(links.filter(dossier__state=DossierState.DRAFT))
    return {pk: found.get(pk, 0) - drafts.get(pk, 0) for pk in recommendation_ids}


def filed_counts(recommendation_ids):
    """``{id: filed dossiers}``: the kept counts, the others counted live."""
    kept = dict(
        LinkedDossierCount.objects.filter(recommendation_id__in=recommendation_ids).values_list(
            "recommendation_id", "dossiers"
        )
    )
    missing = [pk for pk in recommendation_ids if pk not in kept]
    if missing:
        kept.update(live_counts(missing))
    return kept


def count_again(recommendation_ids):
    """Count the filed dossiers of ``recommendation_ids`` and keep the numbers."""
    ids = sorted(set(recommendation_ids))
    if not ids:
        return
    with transaction.atomic():
        LinkedDossierCount.objects.bulk_create(
            [LinkedDossierCount(recommendation_id=pk) for pk in ids], ignore_conflicts=True
        )
        # Counts of the same recommendation take turns: the last one counts after the others.
        list(LinkedDossierCount.objects.select_for_update().filter(recommendation_id__in=ids))
        counts, now = live_counts(ids), timezone.now()
        rows = [
            LinkedDossierCount(recommendation_id=pk, dossiers=counts[pk], counted_at=now)
            for pk in ids
        ]
        LinkedDossierCount.objects.bulk_update(rows, ["dossiers", "counted_at"])


def count_again_after_commit(recommendation_ids):
    ids = sorted(set(recommendation_ids))
    if ids:
        transaction.on_commit(partial(count_again, ids))


def _links_of(dossier):
    return list(dossier.recommendations.values_list("pk", flat=True))


def dossier_transitioned(sender, instance, name, source, target, **kwargs):
    """A dossier filed: it leaves the draft state (no transition leads back there)."""
    if source == DossierState.DRAFT and target != DossierState.DRAFT:
        count_again_after_commit(_links_of(instance))


def links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if reverse:  # recommendation.dossiers changed
        count_again_after_commit([instance.pk])
    elif _filed(instance):
        count_again_after_commit(_links_of(instance) if action == "pre_clear" else pk_set)


def _filed(dossier):
    """Read from the database: the instance at hand may predate its transition."""
    return Dossier.objects.filter(pk=dossier.pk).exclude(state=DossierState.DRAFT).exists()
