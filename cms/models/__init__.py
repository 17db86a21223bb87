from cms.models.base import SitePage
from cms.models.consultations import (
    ConsultationDocument,
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationQuestion,
    ConsultationStatus,
    OfficialAnswer,
    SynthesisAnswer,
)
from cms.models.content import ContentPage
from cms.models.home import HomePage
from cms.models.recommendations import AxisPage, RecommendationIndexPage, RecommendationPage
from cms.models.workflow import SecondEditorApprovalTask

__all__ = [
    "AxisPage",
    "ConsultationDocument",
    "ConsultationIndexPage",
    "ConsultationPage",
    "ConsultationQuestion",
    "ConsultationStatus",
    "ContentPage",
    "HomePage",
    "OfficialAnswer",
    "RecommendationIndexPage",
    "RecommendationPage",
    "SecondEditorApprovalTask",
    "SitePage",
    "SynthesisAnswer",
]
