"""Queue the daily jobs of the workflow (run once a day from cron)."""

from django.core.management.base import BaseCommand

from workflows.tasks import (
    expire_reviews,
    send_deadline_alerts,
    send_follow_up_reminders,
    send_overdue_reminders,
)


class Command(BaseCommand):
    help = (
        "Queue the daily tasks: mark expert reviews past their deadline as expired, email each "
        "reviewer the innovation dossiers past their stage deadline, warn of deadlines coming up, "
        "and remind applicants of "
        "follow-up obligations falling due. Run daily, e.g. cron: "
        "0 7 * * * manage.py send_dossier_reminders"
    )

    def handle(self, *args, **options):
        for job in (
            expire_reviews,
            send_deadline_alerts,
            send_overdue_reminders,
            send_follow_up_reminders,
        ):
            result = job.enqueue()
            self.stdout.write(f"Reminder task queued: {job.name} ({result.id})")
