"""The retention schedule of innovation dossiers, run daily by ``manage.py apply_retention``.

Drafts untouched for RETENTION_DRAFT_DAYS are deleted, their owner warned
RETENTION_DRAFT_WARNING_DAYS before; dossiers closed for RETENTION_CLOSED_DOSSIER_DAYS are
archived: their messages (with their files) and uploaded documents go; the administrative
record (fields, decision and its letter, log) stays.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string

from workflows.models import (
    FINAL_STATES,
    AttachmentKind,
    Dossier,
    DossierArchive,
    DossierState,
    DossierUserObjectPermission,
    DraftDeletionNotice,
)

logger = logging.getLogger(__name__)


def warn_and_delete_drafts(now):
    deletion_cutoff = now - timedelta(days=settings.RETENTION_DRAFT_DAYS)
    warning_cutoff = deletion_cutoff + timedelta(days=settings.RETENTION_DRAFT_WARNING_DAYS)
    drafts = Dossier.objects.filter(state=DossierState.DRAFT)
    # A draft edited since its warning starts over: the notice no longer holds.
    DraftDeletionNotice.objects.filter(
        dossier__updated_at__gt=warning_cutoff, dossier__state=DossierState.DRAFT
    ).delete()
    deleted = 0
    for draft in drafts.filter(
        updated_at__lt=deletion_cutoff, deletion_notice__delete_after__lte=now
    ):
        with transaction.atomic():
            _delete_files(draft.attachments.all())
            _delete_files(draft.enclosed_files.all())
            draft.delete()
        deleted += 1
    warned = 0
    for draft in drafts.filter(
        updated_at__lt=warning_cutoff, deletion_notice__isnull=True
    ).select_related("owner"):
        delete_after = max(
            draft.updated_at + timedelta(days=settings.RETENTION_DRAFT_DAYS),
            now + timedelta(days=settings.RETENTION_DRAFT_WARNING_DAYS),
        )
        DraftDeletionNotice.objects.create(dossier=draft, warned_at=now, delete_after=delete_after)
        if draft.owner.email:
            context = {"dossier": draft, "delete_after": delete_after}
            send_mail(
                render_to_string("workflows/email/draft_deletion_subject.txt", context).strip(),
                render_to_string("workflows/email/draft_deletion.txt", context),
                None,
                [draft.owner.email],
            )
        warned += 1
    return {"drafts_warned": warned, "drafts_deleted": deleted}


def archive_closed_dossiers(now):
    cutoff = now - timedelta(days=settings.RETENTION_CLOSED_DOSSIER_DAYS)
    due = (
        Dossier.objects.filter(state__in=FINAL_STATES, archive__isnull=True)
        .annotate(closed_at=Max("transitions__at"))
        .filter(closed_at__lt=cutoff)
    )
    archived = 0
    for dossier in due:
        with transaction.atomic():
            _delete_files(dossier.enclosed_files.filter(message__isnull=False))
            dossier.messages.all().delete()
            documents = dossier.attachments.filter(kind=AttachmentKind.DOCUMENT)
            _delete_files(documents)
            documents.delete()
            DossierUserObjectPermission.objects.filter(content_object=dossier).delete()
            DossierArchive.objects.create(dossier=dossier, archived_at=now)
        archived += 1
    return {"dossiers_archived": archived}


def _delete_files(attachments):
    for attachment in attachments:
        transaction.on_commit(lambda file=attachment.file: file.delete(save=False))
