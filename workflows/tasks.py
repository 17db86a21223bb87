"""Background work of the dossier workflow (django.tasks): notifications and daily reminders."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from workflows import routing
from workflows.models import Dossier, DossierTransition, Message


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


@task
def notify_transition(transition_id):
    """Tell the applicants and the group whose turn it now is that the dossier moved."""
    log = DossierTransition.objects.select_related(
        "dossier__hub__group", "dossier__owner", "actor"
    ).get(pk=transition_id)
    dossier = log.dossier
    group, _codename = routing.acting_group(dossier)
    recipients = _addresses(routing.applicants(dossier), [group], exclude=log.actor)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[%(reference)s] %(state)s") % {
            "reference": dossier.reference,
            "state": dossier.get_state_display(),
        }
        context = {"log": log, "dossier": dossier, "url": _site_url(dossier.get_absolute_url())}
    return _send(subject, "workflows/email/transition.txt", context, recipients)


@task
def notify_message(message_id):
    """Tell the applicants and the reviewers involved that a message was posted."""
    message = Message.objects.select_related("dossier__hub__group", "author").get(pk=message_id)
    dossier = message.dossier
    group, _codename = routing.acting_group(dossier)
    recipients = _addresses(routing.applicants(dossier), [group], exclude=message.author)
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
        group, _codename = routing.acting_group(dossier)
        for address in _addresses(groups=[group]):
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
