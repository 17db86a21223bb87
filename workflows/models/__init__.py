from workflows.models.attachment import Attachment, AttachmentKind, EnclosedFile
from workflows.models.correction import CorrectionReason, CorrectionRequest
from workflows.models.decision import Decision, DecisionOutcome
from workflows.models.dossier import (
    CLOCKED_STATES,
    EDITABLE_STATES,
    FINAL_STATES,
    NON_FINAL_STATES,
    REQUIRED_TO_SUBMIT,
    RETURN_STATES,
    Dossier,
    DossierState,
    ProductKind,
    RegulatoryStatus,
)
from workflows.models.followup import FollowUpKind, FollowUpObligation
from workflows.models.invitation import (
    Invitation,
    InvitationState,
    JoinRequest,
    JoinRequestState,
)
from workflows.models.linked_count import LinkedDossierCount
from workflows.models.message import Message
from workflows.models.organisation import MemberRole, Membership, Organisation, validate_siret
from workflows.models.pathway import ClockedStage, Pathway, StageDeadline
from workflows.models.permissions import DossierGroupObjectPermission, DossierUserObjectPermission
from workflows.models.retention import DossierArchive, DraftDeletionNotice
from workflows.models.review import (
    RUNNING_STATES,
    SETTLED_STATES,
    ExpertReview,
    ReviewBody,
    ReviewOpinion,
    ReviewState,
)
from workflows.models.transition_log import DossierTransition
from workflows.models.workbench import (
    NOTE_MAX_LENGTH,
    DossierNote,
    DossierVersion,
    QueueExport,
    QueueExportState,
)

__all__ = [
    "CLOCKED_STATES",
    "EDITABLE_STATES",
    "FINAL_STATES",
    "NON_FINAL_STATES",
    "REQUIRED_TO_SUBMIT",
    "RETURN_STATES",
    "RUNNING_STATES",
    "SETTLED_STATES",
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
    "DossierNote",
    "DossierTransition",
    "DossierVersion",
    "DossierUserObjectPermission",
    "DraftDeletionNotice",
    "EnclosedFile",
    "Invitation",
    "InvitationState",
    "JoinRequest",
    "JoinRequestState",
    "LinkedDossierCount",
    "ExpertReview",
    "FollowUpKind",
    "FollowUpObligation",
    "NOTE_MAX_LENGTH",
    "MemberRole",
    "Membership",
    "Message",
    "Organisation",
    "Pathway",
    "ProductKind",
    "QueueExport",
    "QueueExportState",
    "RegulatoryStatus",
    "ReviewBody",
    "ReviewOpinion",
    "ReviewState",
    "StageDeadline",
    "validate_siret",
]
