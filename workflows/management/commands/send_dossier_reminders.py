"""Queue the daily reminder about overdue dossiers (run once a day from cron)."""

from django.core.management.base import BaseCommand

from workflows.tasks import send_overdue_reminders


class Command(BaseCommand):
    help = (
        "Queue the task that emails each reviewer the innovation dossiers past their stage "
        "deadline. Run daily, e.g. cron: 0 7 * * * manage.py send_dossier_reminders"
    )

    def handle(self, *args, **options):
        result = send_overdue_reminders.enqueue()
        self.stdout.write(f"Reminder task queued ({result.id})")
