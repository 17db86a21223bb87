from cms.models.base import SitePage, public_pages
from cms.models.comments import (
    MAX_DEPTH,
    REPORTS_TO_HIDE,
    Comment,
    CommentReport,
    CommentRevision,
    CommentState,
    CommentVote,
    ConversationCount,
    PendingReason,
    ReportReason,
    SpeakerCategory,
    Vote,
)
from cms.models.consultations import (
    ConsultationDocument,
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationQuestion,
    ConsultationStatus,
    OfficialAnswer,
    SynthesisAnnouncement,
    SynthesisAnswer,
)
from cms.models.content import ContentPage
from cms.models.home import HomePage
from cms.models.moderation import (
    AppealOutcome,
    CommentAppeal,
    CommentingBlock,
    ModerationAction,
    ModerationActionKind,
    ModerationReason,
)
from cms.models.recommendations import AxisPage, RecommendationIndexPage, RecommendationPage
from cms.models.workflow import SecondEditorApprovalTask

__all__ = [
    "public_pages",
    "AppealOutcome",
    "AxisPage",
    "Comment",
    "CommentAppeal",
    "CommentReport",
    "CommentRevision",
    "CommentState",
    "CommentVote",
    "ConversationCount",
    "CommentingBlock",
    "ConsultationDocument",
    "ConsultationIndexPage",
    "ConsultationPage",
    "ConsultationQuestion",
    "ConsultationStatus",
    "ContentPage",
    "HomePage",
    "MAX_DEPTH",
    "ModerationAction",
    "ModerationActionKind",
    "ModerationReason",
    "OfficialAnswer",
    "PendingReason",
    "REPORTS_TO_HIDE",
    "RecommendationIndexPage",
    "RecommendationPage",
    "ReportReason",
    "SecondEditorApprovalTask",
    "SitePage",
    "SpeakerCategory",
    "SynthesisAnnouncement",
    "SynthesisAnswer",
    "Vote",
]
