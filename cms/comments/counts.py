"""What a visitor's first visit of a consultation counts, kept in one row per consultation.

Counting the threads under each question and the published comments reads every index entry
of a consultation's comments: about 15 ms at 200,000 comments, on every first visit of its page
and of its comments API. Every change a visitor can see of a consultation's comments already
goes through ``services.public_pages_changed``; it counts the consultation again once the
change commits, under a row lock, so the last count taken sees every change committed before
it. A consultation without a row is counted live (a test whose transaction never commits, a
database filled in bulk before ``manage.py count_comments`` ran). Signed-in readers, who also
see their own waiting comments, are always counted live.
"""

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from cms.models import Comment, CommentState, ConversationCount
from cms.models.comments import SHOWN_TO_EVERYONE


def live_thread_counts(threads):
    """``{question id (None: the consultation as a whole): threads}`` of a queryset of
    top-level comments, in two queries each answered by an index alone."""
    threads = threads.order_by()
    counts = dict(
        threads.filter(question__isnull=False)
        .values("question")
        .annotate(n=Count("*"))
        .values_list("question", "n")
    )
    counts[None] = threads.filter(question__isnull=True).count()
    return counts


def _visitors_threads(consultation_id):
    return Comment.objects.filter(consultation_id=consultation_id, depth=1).filter(
        SHOWN_TO_EVERYONE
    )


def _published(consultation_id):
    return Comment.objects.filter(consultation_id=consultation_id, state=CommentState.PUBLISHED)


def kept(consultation_id):
    """The consultation's kept counts, or ``None`` when it was never counted."""
    return ConversationCount.objects.filter(consultation_id=consultation_id).first()


def visitors_thread_counts(consultation_id):
    """``(counts, counted_at)``: what ``live_thread_counts`` gives for a visitor, and when it
    was last counted (``None``: never, counted live now). Every change a visitor sees of the
    consultation's comments counts it again, so ``counted_at`` stamps what visitors see."""
    found = kept(consultation_id)
    if found is None:
        return live_thread_counts(_visitors_threads(consultation_id)), None
    return {int(key) if key else None: n for key, n in found.threads.items()}, found.counted_at


def published_count(consultation_id):
    """How many published comments the consultation has (kept when it was counted)."""
    found = kept(consultation_id)
    return found.published if found is not None else _published(consultation_id).count()


def count_again(consultation_id):
    """Count the consultation's visible threads and published comments, and keep them."""
    with transaction.atomic():
        ConversationCount.objects.bulk_create(
            [ConversationCount(consultation_id=consultation_id)], ignore_conflicts=True
        )
        # Counts of one consultation take turns: the last one counts after the others.
        row = ConversationCount.objects.select_for_update().get(consultation_id=consultation_id)
        threads = live_thread_counts(_visitors_threads(consultation_id))
        row.threads = {"" if key is None else str(key): n for key, n in threads.items()}
        row.published = _published(consultation_id).count()
        row.counted_at = timezone.now()
        row.save()
