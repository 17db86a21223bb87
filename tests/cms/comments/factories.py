"""Consultation pages and comments for the comment suites."""

from datetime import timedelta
from itertools import count

from django.db.models import F
from django.utils import timezone

from cms.models import Comment, CommentState, ConsultationIndexPage, ConsultationPage, HomePage

_numbers = count(1)


def consultation_page(*, opens_in_days=-1, closes_in_days=30, **fields):
    """A live consultation under the consultations index (created on first use)."""
    index = ConsultationIndexPage.objects.first()
    if index is None:
        index = HomePage.objects.get().add_child(
            instance=ConsultationIndexPage(title="Consultations", slug="consultations")
        )
    now = timezone.now()
    number = next(_numbers)
    page = ConsultationPage(
        title=f"Consultation {number}",
        slug=f"consultation-{number}",
        intro="Donnez votre avis.",
        opens_at=now + timedelta(days=opens_in_days),
        closes_at=now + timedelta(days=closes_in_days),
        **fields,
    )
    index.add_child(instance=page)
    return page


def published_comments(consultation, author, n, **fields):
    """``n`` published top-level comments, inserted in one query (and one more names each the
    head of its thread, as ``Comment.save`` does)."""
    now = timezone.now()
    comments = Comment.objects.bulk_create(
        Comment(
            **{
                "consultation": consultation,
                "author": author,
                "body": f"Commentaire numéro {i}",
                "state": CommentState.PUBLISHED,
                "published_at": now,
                "created_at": now - timedelta(seconds=n - i),
                **fields,
            }
        )
        for i in range(n)
    )
    Comment.objects.filter(consultation=consultation, thread__isnull=True).update(thread_id=F("id"))
    for comment in comments:
        comment.thread_id = comment.pk
    return comments


def published_replies(parents, author):
    """One published reply under each of ``parents``, in one query; counters kept right."""
    now = timezone.now()
    replies = Comment.objects.bulk_create(
        Comment(
            consultation_id=parent.consultation_id,
            author=author,
            parent=parent,
            thread_id=parent.thread_id or parent.pk,
            depth=parent.depth + 1,
            body=f"Réponse à {parent.pk}",
            state=CommentState.PUBLISHED,
            published_at=now,
        )
        for parent in parents
    )
    Comment.objects.filter(pk__in=[p.pk for p in parents]).update(reply_count=1)
    return replies
