"""Background work of progress tracking (django.tasks): reminders about stale recommendations."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from governance.models import Recommendation
from governance.roles import Role
from governance.services import stale_after_days


def _recipients(recommendation):
    """The lead institutions' contact addresses and every active ministry user's address."""
    addresses = [i.email for i in recommendation.lead_institutions.all() if i.email]
    addresses += (
        get_user_model()
        .objects.filter(groups__name=Role.MINISTRY, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted(set(addresses))


@task
def send_stale_reminder(recommendation_id):
    """Email the people responsible for a recommendation that has had no update for too long."""
    recommendation = Recommendation.objects.prefetch_related("lead_institutions").get(
        pk=recommendation_id
    )
    recipients = _recipients(recommendation)
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "recommendation": recommendation,
            "days": stale_after_days(),
            "admin_url": f"{settings.WAGTAILADMIN_BASE_URL}/admin/",
        }
        subject = _("Recommendation %(number)s needs a progress update") % {
            "number": recommendation.number
        }
        body = render_to_string("governance/email/stale_reminder.txt", context)
    # One message per person: recipients never see each other's addresses.
    for address in recipients:
        EmailMessage(subject, body, to=[address]).send()
    Recommendation.objects.filter(pk=recommendation.pk).update(reminder_sent_at=timezone.now())
    return len(recipients)
