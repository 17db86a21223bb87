"""Count the filed dossiers linked to every recommendation (the barometer's figure)."""

from django.core.management.base import BaseCommand

from governance.models import Recommendation
from workflows.linked_counts import count_again, filed_counts


class Command(BaseCommand):
    help = (
        "Count again the filed dossiers linked to each recommendation and keep the numbers the "
        "barometer shows. Changes made through the application keep them up to date; run it "
        "after loading dossiers in bulk, or once after deploying the version that keeps them."
    )

    def handle(self, *args, **options):
        ids = list(Recommendation.objects.order_by("number").values_list("pk", flat=True))
        count_again(ids)
        counts = filed_counts(ids)
        self.stdout.write(
            f"{len(ids)} recommendations counted: {sum(counts.values())} links of filed dossiers."
        )
