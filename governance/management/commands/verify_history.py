"""Check every history chain and that each recommendation shows its latest publication."""

from django.core.management.base import BaseCommand, CommandError

from governance import history, services


class Command(BaseCommand):
    help = (
        "Verify the keyed hash chains (progress updates, dossier transitions, moderation log) "
        "and that each recommendation's public state is its latest published update. Names the "
        "first broken row of each chain; exits non-zero when anything is broken."
    )

    def handle(self, *args, **options):
        broken = 0
        for model in sorted(history.chained_models(), key=lambda m: m.chain_label):
            label = model.chain_label
            found = history.first_break(model)
            if found is None:
                self.stdout.write(f"{label}: intact ({model._default_manager.count()} rows)")
            else:
                broken += 1
                self.stderr.write(f"{label}: BROKEN at {found}")
        inconsistent = services.recommendation_breaks()
        if inconsistent:
            broken += 1
            recommendation, reason = inconsistent[0]
            self.stderr.write(
                f"recommendations: BROKEN at recommendation {recommendation.number}: {reason}"
            )
        else:
            self.stdout.write("recommendations: each shows its latest published update")
        if broken:
            raise CommandError(f"{broken} history check(s) failed.")
