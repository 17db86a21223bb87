"""The person's comments, votes, reports and appeals in their data export (GDPR access right).

Nothing is erased here when the account goes: comments stay in their threads, votes and reports
stay counted, and all of them point at the emptied account, which reads "deleted account".
"""

from cms.models import Comment, CommentReport, CommentVote


def _iso(value):
    return value.isoformat() if value else None


def export_participation(user):
    comments = Comment.objects.filter(author=user).select_related("consultation")
    votes = CommentVote.objects.filter(user=user).order_by("created_at", "pk")
    reports = CommentReport.objects.filter(user=user).order_by("created_at", "pk")
    return {
        "comments": [
            {
                "id": comment.pk,
                "consultation": comment.consultation.title,
                "url": comment.consultation.url,
                "parent": comment.parent_id,
                "body": comment.body,
                "state": comment.state,
                "speaker_category": comment.speaker_category,
                "declared_interest": comment.declared_interest,
                "created_at": _iso(comment.created_at),
                "edited_at": _iso(comment.edited_at),
                "previous_texts": [revision.body for revision in comment.revisions.all()],
                "appeal": comment.appeal.text if hasattr(comment, "appeal") else None,
            }
            for comment in comments.prefetch_related("revisions").select_related("appeal")
        ],
        "votes": [
            {"comment": vote.comment_id, "value": vote.value, "at": _iso(vote.created_at)}
            for vote in votes
        ],
        "reports": [
            {"comment": report.comment_id, "reason": report.reason, "at": _iso(report.created_at)}
            for report in reports
        ],
    }
