from governance.models.accounts import User
from governance.models.report import Axis, Recommendation, RecommendationStatus
from governance.models.territory import Institution, InstitutionKind, Region, RegionalHub

__all__ = [
    "Axis",
    "Institution",
    "InstitutionKind",
    "Recommendation",
    "RecommendationStatus",
    "Region",
    "RegionalHub",
    "User",
]
