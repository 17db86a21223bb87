"""Read paths for comments, shaped so a page of threads costs the same few queries at any size."""

from collections import defaultdict
from operator import attrgetter

from django.db import connection
from django.db.models import Count, Min, Q, TextChoices
from django.utils.translation import gettext_lazy as _

from cms.comments import counts
from cms.models import (
    AppealOutcome,
    Comment,
    CommentAppeal,
    CommentReport,
    CommentState,
    CommentVote,
    ModerationReason,
    SpeakerCategory,
)
from cms.models.comments import SHOWN_TO_EVERYONE
from governance.models.accounts import public_label
from governance.pagination import IdsFirstPaginator

THREADS_PER_PAGE = 20


class CommentSort(TextChoices):
    """Orders of the threads on a consultation page (values appear in the page's URL)."""

    OLDEST = "anciens", _("Oldest first")
    NEWEST = "recents", _("Newest first")
    BEST = "mieux-notes", _("Best rated")
    DISCUSSED = "plus-discutes", _("Most discussed")


SORT_ORDER = {
    CommentSort.OLDEST: ("created_at", "id"),
    CommentSort.NEWEST: ("-created_at", "-id"),
    CommentSort.BEST: ("-score", "-created_at", "-id"),
    CommentSort.DISCUSSED: ("-reply_count", "-created_at", "-id"),
}


def visible_to(user):
    """What ``user`` sees in a thread: published comments, the place of hidden or deleted ones
    that still carry published replies, and the user's own waiting or hidden comments."""
    condition = SHOWN_TO_EVERYONE
    if user.is_authenticated:
        condition |= Q(author=user, state__in=[CommentState.PENDING, CommentState.HIDDEN])
    return condition


ANY_QUESTION = object()


def _top_level(consultation, user):
    return Comment.objects.filter(consultation=consultation, depth=1).filter(visible_to(user))


def thread_counts(consultation, user):
    """``(counts, stamp)``: how many threads ``user`` sees under each question (``None``: the
    consultation as a whole), kept for a visitor (``counts``), else in two queries each answered
    by an index; and, for a visitor, when what they see last changed (``None`` if unknown)."""
    if not user.is_authenticated:
        return counts.visitors_thread_counts(consultation.pk)
    return counts.live_thread_counts(_top_level(consultation, user)), None


def comment_threads(
    consultation,
    user,
    sort=CommentSort.OLDEST,
    page_number=1,
    question=ANY_QUESTION,
    count=None,
):
    """One page of top-level comments with their replies attached as ``children`` (tree order)
    and the user's vote as ``my_vote``, whatever the number of comments: one query, one more to
    count the threads when ``count`` is not known from ``thread_counts``, one for the votes of a
    signed-in user.

    ``question`` keeps the threads answering that question (``None``: the consultation as a
    whole); by default every thread is kept."""
    (page,) = thread_pages(consultation, user, sort, [(question, page_number, count)])
    return page


def thread_pages(consultation, user, sort, groups):
    """A page of threads for each ``(question, page_number, count)`` of ``groups`` (as in
    ``comment_threads``; the groups' questions differ, and ``ANY_QUESTION`` comes alone), read
    in one query: every comment of the pages' threads, each page's thread ids a subquery,
    then the user's votes in one (signed in). The comments are ``ShownComment`` rows."""
    sort = sort if sort in SORT_ORDER else CommentSort.OLDEST
    if len(groups) > 1 and any(question is ANY_QUESTION for question, *_rest in groups):
        raise ValueError("ANY_QUESTION holds every thread: it cannot share a read with others")
    wanted, slices = [], []
    for question, page_number, count in groups:
        top_level = _top_level(consultation, user)
        if question is not ANY_QUESTION:
            top_level = top_level.filter(question=question)
        paginator = IdsFirstPaginator(
            top_level.order_by(*SORT_ORDER[sort]), THREADS_PER_PAGE, count=count
        )
        number, ids = paginator.get_page_slice(page_number)
        wanted.append((question, paginator, number))
        if paginator.count:
            slices.append(ids)
    comments = []
    if slices:
        comments = ShownComment.read(
            Comment.objects.filter(_any_of("thread_id", slices))
            .filter(visible_to(user))
            .order_by("created_at", "id"),
            user,
        )
    threads = [comment for comment in comments if comment.depth == 1]
    _attach_replies(threads, [comment for comment in comments if comment.depth > 1], user)
    fields = [name.lstrip("-") for name in SORT_ORDER[sort]]
    threads.sort(key=attrgetter(*fields), reverse=SORT_ORDER[sort][0].startswith("-"))
    return [
        paginator.page_of(number, [thread for thread in threads if _answers(thread, question)])
        for question, paginator, number in wanted
    ]


def _answers(thread, question):
    if question is ANY_QUESTION:
        return True
    return thread.question_id == (question.pk if question is not None else None)


def _any_of(field, slices):
    """``field`` is among the ids of one of ``slices`` (sliced ``values_list`` queries), in the
    form each database plans well: PostgreSQL reads a ``UNION ALL`` of the slices once, then
    joins on its index (an ``OR`` of subqueries makes it scan the table); SQLite refuses a
    slice inside a compound statement, and answers an ``OR`` of them from its index."""
    if len(slices) == 1:
        return Q(**{f"{field}__in": slices[0]})
    if connection.features.supports_slicing_ordering_in_compound:
        return Q(**{f"{field}__in": slices[0].union(*slices[1:], all=True)})
    condition = Q()
    for ids in slices:
        condition |= Q(**{f"{field}__in": ids})
    return condition


class ShownComment:
    """A comment as a thread shows it: the values its HTML is drawn from, read as a row. A page
    of threads shows a few hundred comments, which cost more to build as models (and their
    authors) than to read. ``children`` and ``my_vote`` are set by ``thread_pages``."""

    FIELDS = (
        "id",
        "parent_id",
        "question_id",
        "depth",
        "state",
        "author_id",
        "speaker_category",
        "created_at",
        "edited_at",
        "declared_interest",
        "body",
        "upvotes",
        "downvotes",
        "score",
        "reply_count",
        "pending_reason",
        "personal_data_found",
        "author__public_name",
        "author__erased_at",
    )
    # A signed-in reader sees how the appeal of a hidden comment of theirs went.
    APPEAL_FIELDS = ("appeal__id", "appeal__outcome")
    __slots__ = (*FIELDS[:-2], "author_label", "appeal", "children", "my_vote")

    def __init__(self, *values, appeal_id=None, appeal_outcome=""):
        *own, public_name, erased_at = values
        for name, value in zip(self.FIELDS[:-2], own, strict=True):
            setattr(self, name, value)
        self.author_label = public_label(self.author_id, public_name, erased_at)
        self.appeal = None
        if appeal_id is not None:
            self.appeal = CommentAppeal(id=appeal_id, comment_id=self.id, outcome=appeal_outcome)
        self.children = []
        self.my_vote = None

    @property
    def pk(self):
        return self.id

    def get_speaker_category_display(self):
        return SpeakerCategory(self.speaker_category).label if self.speaker_category else ""

    @classmethod
    def read(cls, comments, user):
        """``comments`` as rows; with a signed-in ``user``, their appeals too."""
        if not user.is_authenticated:
            return [cls(*row) for row in comments.values_list(*cls.FIELDS)]
        return [
            cls(*row, appeal_id=appeal_id, appeal_outcome=outcome)
            for *row, appeal_id, outcome in comments.values_list(*cls.FIELDS, *cls.APPEAL_FIELDS)
        ]


def _attach_replies(threads, replies, user):
    """Set ``children`` (``replies``, the ones ``user`` sees in tree order, hung under their
    parents) and ``my_vote`` on each of ``threads`` and ``replies``."""
    everything = threads + replies
    votes = {}
    if user.is_authenticated and everything:
        votes = dict(
            CommentVote.objects.filter(
                user=user, comment_id__in=[c.pk for c in everything]
            ).values_list("comment_id", "value")
        )
    children = defaultdict(list)
    for reply in replies:
        children[reply.parent_id].append(reply)
    for comment in everything:
        comment.children = children[comment.pk]
        comment.my_vote = votes.get(comment.pk)


def published_comments(consultation):
    """The consultation's published comments, oldest first, for the public API."""
    return (
        Comment.objects.filter(consultation=consultation, state=CommentState.PUBLISHED)
        .with_author_label()
        .order_by("created_at", "id")
    )


def participation(consultation, questions):
    """Who took part and how: published contributions, distinct participants, and the same two
    figures by declared speaker category and by question answered (three aggregate queries).

    ``questions`` are the consultation's questions, in their order; contributions answering
    none of them are counted under ``question`` ``None``."""
    published = Comment.objects.filter(consultation=consultation, state=CommentState.PUBLISHED)
    totals = published.aggregate(
        contributions=Count("id"), participants=Count("author", distinct=True)
    )
    by_category = {
        row["speaker_category"]: row
        for row in published.order_by()
        .values("speaker_category")
        .annotate(contributions=Count("id"), participants=Count("author", distinct=True))
    }
    by_question = {
        row["question"]: row
        for row in published.order_by()
        .values("question")
        .annotate(contributions=Count("id"), participants=Count("author", distinct=True))
    }
    categories = [*SpeakerCategory.choices, ("", _("Not stated"))]
    return {
        "contributions": totals["contributions"],
        "participants": totals["participants"],
        "by_speaker_category": [
            {
                "speaker_category": value,
                "label": str(label),
                "contributions": by_category.get(value, {}).get("contributions", 0),
                "participants": by_category.get(value, {}).get("participants", 0),
            }
            for value, label in categories
        ],
        "by_question": [
            {
                "question": question.pk if question else None,
                "text": question.text if question else str(_("The consultation as a whole")),
                "contributions": by_question.get(key, {}).get("contributions", 0),
                "participants": by_question.get(key, {}).get("participants", 0),
            }
            for question, key in [*((q, q.pk) for q in questions), (None, None)]
        ],
    }


class QueueTab(TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    HIDDEN = "hidden", _("Hidden")
    APPEALS = "appeals", _("Appeals")
    REPORTED = "reported", _("Reported")
    ALL = "all", _("All")


QUEUE_FILTERS = {
    QueueTab.PENDING: Q(state=CommentState.PENDING),
    QueueTab.HIDDEN: Q(state=CommentState.HIDDEN),
    QueueTab.APPEALS: Q(state=CommentState.HIDDEN, appeal__outcome=AppealOutcome.PENDING),
    QueueTab.REPORTED: Q(state=CommentState.PUBLISHED, report_count__gt=0),
    QueueTab.ALL: Q(),
}


def moderation_queue(tab=QueueTab.PENDING, by_reports=False):
    """The moderators' queue for a tab, newest first or most reported first."""
    order = ("-report_count", "-created_at", "-id") if by_reports else ("-created_at", "-id")
    return (
        Comment.objects.filter(QUEUE_FILTERS.get(tab, QUEUE_FILTERS[QueueTab.PENDING]))
        .select_related("author", "consultation", "appeal", "author__commenting_block")
        .order_by(*order)
    )


def most_reported_reason(comment):
    """The reason citizens gave most often for reporting ``comment`` (earliest on a tie), as a
    moderation reason code, so the moderator's form starts from it; ``None`` when unreported."""
    row = (
        CommentReport.objects.filter(comment=comment)
        .values("reason")
        .annotate(n=Count("id"), first=Min("created_at"))
        .order_by("-n", "first")
        .first()
    )
    if row is None or row["reason"] not in ModerationReason.values:
        return None
    return row["reason"]


def export_rows(consultation):
    """Published comments without personal data, for the synthesis (id, parent, date, …)."""
    return (
        Comment.objects.filter(consultation=consultation, state=CommentState.PUBLISHED)
        .order_by("created_at", "id")
        .values_list(
            "id",
            "parent_id",
            "created_at",
            "speaker_category",
            "body",
            "score",
            "reply_count",
            "question_id",
            "question__text",
        )
    )
