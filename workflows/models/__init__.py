from workflows.models.attachment import Attachment, AttachmentKind
from workflows.models.correction import CorrectionReason, CorrectionRequest
from workflows.models.decision import Decision, DecisionOutcome
from workflows.models.dossier import (
    CLOCKED_STATES,
    EDITABLE_STATES,
    FINAL_STATES,
    NON_FINAL_STATES,
    REQUIRED_TO_SUBMIT,
    Dossier,
    DossierState,
    RegulatoryStatus,
)
from workflows.models.invitation import (
    Invitation,
    InvitationState,
    JoinRequest,
    JoinRequestState,
)
from workflows.models.message import Message
from workflows.models.opinion import AdvisoryOpinion, OpinionValue
from workflows.models.organisation import MemberRole, Membership, Organisation, validate_siret
from workflows.models.pathway import ClockedStage, Pathway, StageDeadline
from workflows.models.permissions import DossierGroupObjectPermission, DossierUserObjectPermission
from workflows.models.retention import DossierArchive, DraftDeletionNotice
from workflows.models.transition_log import DossierTransition

__all__ = [
    "CLOCKED_STATES",
    "EDITABLE_STATES",
    "FINAL_STATES",
    "NON_FINAL_STATES",
    "REQUIRED_TO_SUBMIT",
    "AdvisoryOpinion",
    "Attachment",
    "AttachmentKind",
    "ClockedStage",
    "CorrectionReason",
    "CorrectionRequest",
    "Decision",
    "DecisionOutcome",
    "Dossier",
    "DossierArchive",
    "DossierGroupObjectPermission",
    "DossierState",
    "DossierTransition",
    "DossierUserObjectPermission",
    "DraftDeletionNotice",
    "Invitation",
    "InvitationState",
    "JoinRequest",
    "JoinRequestState",
    "MemberRole",
    "Membership",
    "Message",
    "OpinionValue",
    "Organisation",
    "Pathway",
    "RegulatoryStatus",
    "StageDeadline",
    "validate_siret",
]
