"""Create the demo users and data; each installed project app adds its own through ``demo.py``."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

PROJECT_APPS = ["governance", "cms", "workflows"]


class Command(BaseCommand):
    help = "Load the demo users and data (idempotent). Refuses to run with DEBUG off."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates users whose password is 'demo': it refuses to run with "
                "DJANGO_DEBUG off."
            )
        for app_label in PROJECT_APPS:
            app_config = apps.get_app_config(app_label)
            module_name = f"{app_config.name}.demo"
            if find_spec(module_name) is None:
                continue
            self.stdout.write(f"Seeding {app_label}…")
            with transaction.atomic():
                import_module(module_name).seed(self.stdout)
        self.stdout.write(
            self.style.SUCCESS("Demo data ready. Every demo user's password is 'demo'.")
        )
