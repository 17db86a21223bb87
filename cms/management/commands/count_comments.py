"""Count every consultation's comments as a visitor's first visit reads them."""

from django.core.management.base import BaseCommand

from cms.comments import counts
from cms.models import Comment


class Command(BaseCommand):
    help = (
        "Count again each consultation's published comments and the threads a visitor sees "
        "under each question, and keep the numbers the consultation pages and the comments API "
        "show. Every change made through the application keeps them up to date; run it after "
        "loading comments in bulk, or once after deploying the version that keeps them."
    )

    def handle(self, *args, **options):
        consultations = (
            Comment.objects.order_by("consultation_id")
            .values_list("consultation_id", flat=True)
            .distinct()
        )
        total = 0
        for consultation_id in consultations:
            counts.count_again(consultation_id)
            total += counts.published_count(consultation_id)
        self.stdout.write(
            f"{len(consultations)} consultations counted: {total} published comments."
        )
