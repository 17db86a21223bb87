"""Read paths of the workflow: querysets already joined, filtered to what the user may see."""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.roles import user_groups
from workflows import access
from workflows.models import (
    FINAL_STATES,
    NON_FINAL_STATES,
    CorrectionRequest,
    Dossier,
    DossierGroupObjectPermission,
    DossierState,
    DossierTransition,
    ExpertReview,
    FollowUpObligation,
)
from workflows.pagination import capped_count

S = DossierState
REVIEW_STATES = (S.SUBMITTED, S.HUB_REVIEW, S.EXPERT_REVIEW, S.AWAITING_DECISION)
FOLLOW_UPS_SHOWN = 10
OVERDUE_COUNT_CAP = 1_000

# Reviewers' queue tabs: URL slug (French, it shows in the address bar) and label.
QUEUES = {
    "mes-dossiers": _("My dossiers"),
    "a-traiter": _("To handle"),
    "en-cours": _("In progress"),
    "attente-porteur": _("Waiting for the entrepreneur"),
    "en-retard": _("Overdue"),
    "termines": _("Done"),
}
DEFAULT_QUEUE = "a-traiter"


def queue_clock():
    """Now, to the minute: the overdue tab and counts read the same SQL for a minute, so their
    remembered counts serve (``workflows.pagination``)."""
    return timezone.now().replace(second=0, microsecond=0)


def _base():
    return Dossier.objects.select_related("region", "hub", "organisation", "owner", "assignee")


def visible_dossiers(user):
    """Every dossier ``user`` may see (own dossiers, or those routed to them)."""
    return access.filter_granted(user, [access.VIEW], _base())


def applicant_dossiers(user):
    """The dossiers ``user`` files or co-edits (the entrepreneur's list)."""
    return access.filter_granted(user, [access.ACT_AS_APPLICANT], visible_dossiers(user))


def dossier_for(user, pk):
    """The dossier ``pk`` if ``user`` may see it, else ``None`` (the caller answers 404)."""
    dossier = _base().filter(pk=pk).first() if str(pk).isdigit() else None
    if dossier is None or not access.can_view(user, dossier):
        return None
    return dossier


def acting_on(user, dossiers=None):
    """The dossiers (of ``dossiers``, all by default) on which ``user`` currently holds a
    reviewer's act permission."""
    dossiers = Dossier.objects.all() if dossiers is None else dossiers
    return access.filter_granted(user, access.REVIEWER_ACT_PERMISSIONS, dossiers)


def queue_for(user, tab, *, region=None, pathway=None, state=None, q=None, assignee=None, now=None):
    """The reviewer's queue ``tab`` (see QUEUES; any other value: every visible dossier, drafts
    included, as the API lists them), filtered and searched.

    ``assignee`` is a username, ``"me"`` or ``"none"`` (nobody assigned). Each dossier carries
    ``corrected`` (it was resubmitted after a correction request) and
    ``review_assigned_to_me`` (a running expert review of it is assigned to ``user``).
    """
    now = now or timezone.now()
    dossiers = visible_dossiers(user)
    if tab in QUEUES:
        dossiers = dossiers.exclude(state=S.DRAFT)
    if tab == "mes-dossiers":
        dossiers = dossiers.filter(_assigned_to(user), state__in=NON_FINAL_STATES)
    elif tab == "a-traiter":
        dossiers = acting_on(user, dossiers.filter(state__in=REVIEW_STATES))
    elif tab == "en-cours":
        in_review = dossiers.filter(state__in=REVIEW_STATES)
        dossiers = (
            in_review.none()
            if user.is_superuser
            else in_review.exclude(access.granted(user, access.REVIEWER_ACT_PERMISSIONS))
        )
    elif tab == "attente-porteur":
        dossiers = dossiers.filter(state=S.CORRECTION_REQUESTED)
    elif tab == "en-retard":
        dossiers = dossiers.overdue(now)
    elif tab == "termines":
        dossiers = dossiers.filter(state__in=FINAL_STATES)
    if region:
        dossiers = dossiers.filter(region__slug=region)
    if pathway:
        dossiers = dossiers.filter(pathway=pathway)
    if state:
        dossiers = dossiers.filter(state=state)
    if assignee == "me":
        dossiers = dossiers.filter(_assigned_to(user))
    elif assignee == "none":
        dossiers = dossiers.filter(assignee__isnull=True)
    elif assignee:
        dossiers = dossiers.filter(_assigned_to(assignee))
    if q:
        q = q.strip()
        dossiers = dossiers.filter(Q(reference__iexact=q) | Q(title__icontains=q))
    answered = CorrectionRequest.objects.filter(dossier=OuterRef("pk"), answered_at__isnull=False)
    my_reviews = ExpertReview.objects.running().filter(dossier=OuterRef("pk"), assignee=user)
    order = "stage_due_at" if tab in ("mes-dossiers", "a-traiter", "en-retard") else "-created_at"
    return dossiers.annotate(
        corrected=Exists(answered), review_assigned_to_me=Exists(my_reviews)
    ).order_by(order, "-pk")


def _assigned_to(user):
    """Dossiers assigned to ``user`` (a user or a username), or with a running expert review
    assigned to them."""
    field = "assignee" if hasattr(user, "pk") else "assignee__username"
    reviews = ExpertReview.objects.running().filter(**{field: user}).values("dossier_id")
    return Q(**{field: user}) | Q(pk__in=reviews)


def overdue_by_group(user, now=None):
    """(group name, count) of the overdue dossiers each of ``user``'s reviewing groups acts on
    now; a count stops at ``OVERDUE_COUNT_CAP`` (the callout then says "or more")."""
    overdue = Dossier.objects.overdue(now or timezone.now())
    acting = access.permission_ids(access.REVIEWER_ACT_PERMISSIONS)
    names = dict(user_groups(user))
    counts = []
    for group_id in sorted(access.reviewing_group_ids(user), key=names.get):
        # A group holds one act permission per dossier at a time: no DISTINCT needed.
        rows = DossierGroupObjectPermission.objects.filter(
            group_id=group_id, permission_id__in=acting, content_object__in=overdue
        )
        count = capped_count(rows, OVERDUE_COUNT_CAP)
        if count:
            counts.append(
                (names[group_id], min(count, OVERDUE_COUNT_CAP), count > OVERDUE_COUNT_CAP)
            )
    return counts


def assignable_members(user):
    """The colleagues ``user`` may filter the queue by: members of the user's reviewer groups."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(groups__in=user.groups.all(), is_active=True)
        .distinct()
        .order_by("username")
    )


def history(dossier, user=None):
    """The dossier's log as ``user`` may read it: the applicant does not see assignments."""
    from workflows import workbench

    rows = DossierTransition.objects.filter(dossier=dossier).select_related("actor")
    if user is not None and not workbench.sees_assignments(user, dossier):
        rows = rows.exclude(workbench.ASSIGNMENT_ROWS)
    return rows


def reviews_for(user, dossier):
    """The dossier's expert reviews ``user`` may see, latest round first, bodies side by side."""
    reviews = (
        ExpertReview.objects.filter(dossier=dossier)
        .select_related("group", "accepted_by", "submitted_by", "assignee")
        .order_by("-round", "body", "pk")
    )
    visible = []
    for review in reviews:
        review.dossier = dossier
        if access.can_view_review(user, review):
            visible.append(review)
    return visible


def review_for(user, pk):
    """The review ``pk`` if ``user`` may see it, else ``None`` (the caller answers 404)."""
    if not str(pk).isdigit():
        return None
    review = (
        ExpertReview.objects.select_related(
            "group", "assignee", "dossier__hub__group", "dossier__region", "dossier__organisation",
            "dossier__owner",
        )
        .filter(pk=pk)
        .first()
    )  # fmt: skip
    if review is None or not access.can_view_review(user, review):
        return None
    return review


def follow_ups_for(user, now=None):
    """The pending follow-up obligations of the dossiers ``user`` sees, soonest first."""
    follow_ups = FollowUpObligation.objects.pending()
    if not user.is_superuser:
        follow_ups = follow_ups.filter(access.granted(user, [access.VIEW], field="dossier_id"))
    return follow_ups.select_related("dossier").order_by("due_at", "pk")[:FOLLOW_UPS_SHOWN]


def detail(dossier, user):
    """What the dossier page shows besides the dossier: timeline, files, messages, records."""
    from workflows import workbench

    return {
        "history": workbench.describe_assignments(history(dossier, user)),
        "attachments": list(dossier.attachments.select_related("uploaded_by")),
        "dossier_messages": list(
            dossier.messages.select_related("author").prefetch_related("files")
        ),
        "corrections": list(
            dossier.corrections.select_related("requested_by", "answered_by").prefetch_related(
                "files"
            )
        ),
        "reviews": reviews_for(user, dossier),
        "decision": getattr(dossier, "decision", None),
        "follow_ups": list(dossier.follow_ups.all()),
        "recommendations": list(dossier.recommendations.all()),
    }
