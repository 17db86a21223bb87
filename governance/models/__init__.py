from governance.models.accounts import User
from governance.models.api_tokens import ApiToken
from governance.models.progress import Indicator, IndicatorValue, Milestone, ProgressUpdate
from governance.models.report import RAG, Axis, Recommendation, RecommendationStatus
from governance.models.territory import Institution, InstitutionKind, Region, RegionalHub

__all__ = [
    "RAG",
    "ApiToken",
    "Axis",
    "Indicator",
    "IndicatorValue",
    "Institution",
    "InstitutionKind",
    "Milestone",
    "ProgressUpdate",
    "Recommendation",
    "RecommendationStatus",
    "Region",
    "RegionalHub",
    "User",
]
