"""Background work of the dossier workflow (django.tasks): notifications, decision letters,
and the daily jobs (overdue reminders, review expiry, follow-up reminders)."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from workflows import letters, routing
from workflows.models import (
    Decision,
    Dossier,
    DossierState,
    DossierTransition,
    ExpertReview,
    FollowUpObligation,
    Message,
)
from workflows.procedures import due_after, procedure_of

FOLLOW_UP_NOTICE_DAYS = 30


def _site_url(path):
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


def _addresses(user_ids=(), groups=(), exclude=None):
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    found = set(users.filter(pk__in=list(user_ids)).values_list("email", flat=True))
    for group in groups:
        if group is not None:
            found |= set(users.filter(groups=group).values_list("email", flat=True))
    if exclude is not None:
        found.discard(exclude.email)
    return sorted(found)


def _send(subject, template, context, recipients):
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(template, context)
        subject = str(subject)
    # One message per person: recipients never see each other's addresses.
    for address in recipients:
        EmailMessage(subject, body, to=[address]).send()
    return len(recipients)


def _logged_acting_groups(log):
    """The groups whose turn the logged transition made it, whatever happened since: a
    correction request tells the stage that asked, the rest tell the stage entered."""
    state = log.source if log.target == DossierState.CORRECTION_REQUESTED else log.target
    groups, _codename = routing.acting_groups(log.dossier, state=state, at=log.at)
    return groups


@task
def notify_transition(transition_id):
    """Tell the applicants and the groups whose turn it now is that the dossier moved; on a
    submission the applicants, the submitter included, get a receipt instead."""
    log = DossierTransition.objects.select_related(
        "dossier__hub__group", "dossier__owner", "actor"
    ).get(pk=transition_id)
    dossier = log.dossier
    url = _site_url(dossier.get_absolute_url())
    receipt_to = []
    if log.transition == "submit":
        receipt_to = _addresses(routing.applicants(dossier))
        _send_receipt(log, url, receipt_to)
        recipients = _addresses(groups=_logged_acting_groups(log), exclude=log.actor)
    else:
        recipients = _addresses(
            routing.applicants(dossier), _logged_acting_groups(log), exclude=log.actor
        )
    recipients = [address for address in recipients if address not in receipt_to]
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[%(reference)s] %(state)s") % {
            "reference": dossier.reference,
            "state": log.get_target_display(),
        }
        context = {"log": log, "dossier": dossier, "url": url}
    return _send(subject, "workflows/email/transition.txt", context, recipients) + len(receipt_to)


def _send_receipt(log, url, recipients):
    """The acknowledgement of receipt (accusé de réception): reference, what comes next and
    the deadline of the stage the submission opened, as the log dates it."""
    dossier = log.dossier
    procedure = procedure_of(dossier)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[%(reference)s] Receipt: your dossier was submitted") % {
            "reference": dossier.reference
        }
        context = {
            "log": log,
            "dossier": dossier,
            "url": url,
            "hub_name": dossier.hub.name if dossier.hub_id else _("Your regional hub"),
            "due_at": due_after(dossier.pathway, log.target, log.at),
            "bodies": ", ".join(str(review.body.slug.label) for review in procedure.reviews),
            "has_decision": procedure.has_decision,
        }
    _send(subject, "workflows/email/submission_receipt.txt", context, recipients)


@task
def notify_message(message_id):
    """Tell the applicants and the reviewers involved that a message was posted."""
    message = Message.objects.select_related("dossier__hub__group", "author").get(pk=message_id)
    dossier = message.dossier
    groups, _codename = routing.acting_groups(dossier)
    recipients = _addresses(routing.applicants(dossier), groups, exclude=message.author)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[%(reference)s] New message") % {"reference": dossier.reference}
        context = {
            "message": message,
            "dossier": dossier,
            "url": _site_url(dossier.get_absolute_url()),
        }
    return _send(subject, "workflows/email/message.txt", context, recipients)


@task
def send_overdue_reminders(now=None):
    """Email each reviewer the overdue dossiers waiting on their group (run daily).

    ``now`` (ISO 8601) exists for tests; a dossier is reminded at most once a day.
    """
    now = datetime.fromisoformat(now) if now else timezone.now()
    yesterday = now - timedelta(hours=23)
    overdue = (
        Dossier.objects.overdue(now)
        .exclude(reminder_sent_at__gt=yesterday)
        .select_related("hub__group", "region")
        .order_by("stage_due_at")
    )
    by_address = defaultdict(list)
    reminded = []
    for dossier in overdue:
        groups, _codename = routing.acting_groups(dossier)
        for address in _addresses(groups=groups):
            by_address[address].append(dossier)
        reminded.append(dossier.pk)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Innovation dossiers past their deadline")
        for address, dossiers in by_address.items():
            context = {
                "dossiers": dossiers,
                "now": now,
                "url": _site_url("/instruction/?onglet=en-retard"),
            }
            body = render_to_string("workflows/email/overdue_reminder.txt", context)
            EmailMessage(str(subject), body, to=[address]).send()
    Dossier.objects.filter(pk__in=reminded).update(reminder_sent_at=now)
    return len(by_address)


@task
def write_decision_letter(decision_id):
    """Draw the decision letter once the decision is committed (queued from its row)."""
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update(of=("self",))
            .select_related("dossier__organisation", "dossier__owner", "decided_by")
            .get(pk=decision_id)
        )
        if decision.letter_id is not None:
            return decision.letter_id
        decision.letter = letters.attach_decision_letter(decision)
        decision.save(update_fields=["letter"])
    return decision.letter_id


@task
def expire_reviews(now=None):
    """Mark the reviews past their deadline as expired (run daily); they stay open to a late
    submission, and the body is reminded with the overdue dossiers."""
    now = datetime.fromisoformat(now) if now else timezone.now()
    expired = 0
    for review in ExpertReview.objects.past_due(now).select_related("dossier"):
        with transaction.atomic():
            review.expire(now)
            review.save()
        expired += 1
    return expired


@task
def send_follow_up_reminders(now=None):
    """Email the applicants of approved dossiers the obligations falling due within 30 days,
    at most once a week per obligation."""
    now = datetime.fromisoformat(now) if now else timezone.now()
    due = (
        FollowUpObligation.objects.due_within(FOLLOW_UP_NOTICE_DAYS, now)
        .exclude(reminder_sent_at__gt=now - timedelta(days=7))
        .select_related("dossier__owner")
    )
    sent = []
    with translation.override(settings.LANGUAGE_CODE):
        for obligation in due:
            dossier = obligation.dossier
            subject = _("[%(reference)s] Follow-up due: %(obligation)s") % {
                "reference": dossier.reference,
                "obligation": obligation.get_kind_display(),
            }
            context = {
                "obligation": obligation,
                "dossier": dossier,
                "url": _site_url(dossier.get_absolute_url()),
            }
            recipients = _addresses(routing.applicants(dossier))
            _send(subject, "workflows/email/follow_up_reminder.txt", context, recipients)
            sent.append(obligation.pk)
    FollowUpObligation.objects.filter(pk__in=sent).update(reminder_sent_at=now)
    return len(sent)


@task
def notify_assignee(dossier_id, user_id, review_id=None):
    """Tell a reviewer a dossier (or one of its expert reviews) was assigned to them."""
    dossier = Dossier.objects.get(pk=dossier_id)
    review = ExpertReview.objects.filter(pk=review_id, dossier=dossier).first()
    recipients = _addresses([user_id])
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[%(reference)s] Assigned to you") % {"reference": dossier.reference}
        context = {
            "dossier": dossier,
            "review": review,
            "url": _site_url(dossier.get_absolute_url() + ("#reviews" if review else "")),
        }
    return _send(subject, "workflows/email/assignment.txt", context, recipients)


@task
def send_deadline_alerts(now=None):
    """Warn the assignee (or else the acting group) ``DEADLINE_ALERT_DAYS`` days before a
    stage deadline and on the day it passes (run daily; one alert per dossier per day)."""
    now = datetime.fromisoformat(now) if now else timezone.now()
    today = timezone.localdate(now)
    alert_days = {*settings.DEADLINE_ALERT_DAYS, 0}
    running = (
        Dossier.objects.filter(
            state__in=list(routing.ACTING), clock_paused_at__isnull=True, stage_due_at__isnull=False
        )
        .exclude(deadline_alerted_on=today)
        .select_related("hub__group", "assignee")
    )
    alerted = []
    with translation.override(settings.LANGUAGE_CODE):
        for dossier in running:
            days = (timezone.localdate(dossier.stage_due_at) - today).days
            if days not in alert_days:
                continue
            if dossier.assignee_id:
                recipients = _addresses([dossier.assignee_id])
            else:
                recipients = _addresses(groups=routing.acting_groups(dossier)[0])
            subject = _("[%(reference)s] Stage deadline in %(days)s days") % {
                "reference": dossier.reference,
                "days": days,
            }
            if days == 0:
                subject = _("[%(reference)s] Stage deadline today") % {
                    "reference": dossier.reference
                }
            context = {
                "dossier": dossier,
                "days": days,
                "url": _site_url(dossier.get_absolute_url()),
            }
            _send(subject, "workflows/email/deadline_alert.txt", context, recipients)
            alerted.append(dossier.pk)
    Dossier.objects.filter(pk__in=alerted).update(deadline_alerted_on=today)
    return len(alerted)


@task
def build_queue_export(export_id):
    """Build a large queue export in the background; its page follows the rows written."""
    from workflows import exports
    from workflows.models import QueueExport, QueueExportState

    export = QueueExport.objects.select_related("requested_by").get(pk=export_id)
    try:
        exports.build(export)
    except Exception:
        QueueExport.objects.filter(pk=export_id).update(state=QueueExportState.FAILED)
        raise
    return export_id
