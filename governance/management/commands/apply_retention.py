"""Apply the retention schedule (README, "Personal data"); run it daily, from cron."""

from django.core.management.base import BaseCommand

from governance import personal_data


class Command(BaseCommand):
    help = "Delete or anonymise personal data past its retention period, and log what was done."

    def handle(self, *args, **options):
        results = personal_data.apply_retention()
        for name, counts in results.items():
            self.stdout.write(f"{name}: {counts}")
