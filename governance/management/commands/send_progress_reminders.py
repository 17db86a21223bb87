"""Queue a reminder for each stale recommendation (run daily from cron)."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from governance.selectors import stale_recommendations
from governance.services import reminder_interval_days
from governance.tasks import send_stale_reminder


class Command(BaseCommand):
    help = (
        "Email the leads of recommendations without a published update for "
        "PROGRESS_STALE_AFTER_DAYS days (at most once every PROGRESS_REMINDER_INTERVAL_DAYS)."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        recently = now - timedelta(days=reminder_interval_days())
        due = stale_recommendations(now).filter(
            Q(reminder_sent_at__isnull=True) | Q(reminder_sent_at__lt=recently)
        )
        count = 0
        for recommendation in due:
            send_stale_reminder.enqueue(recommendation.pk)
            count += 1
        self.stdout.write(f"{count} reminder(s) queued")
