"""Attachment checks: the type is read from the file's content, never trusted from its name.

PDF, PNG and JPEG are recognised by their signature (``filetype``); office documents (docx,
xlsx, pptx, odt, ods) are zip archives, so the archive's own declaration is read: the
``mimetype`` entry of OpenDocument files, ``[Content_Types].xml`` of Office Open XML files.
"""

import os
import re
import zipfile

import filetype
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.errors import InvalidInput

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ALLOWED_SIMPLE_TYPES = {"application/pdf", "image/png", "image/jpeg"}
OPENDOCUMENT_TYPES = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
}
ACCEPTED_DESCRIPTION = gettext_lazy(
    "PDF, PNG or JPEG images, office documents (docx, xlsx, pptx, odt, ods, odp); 10 MB at most."
)
ACCEPT_ATTRIBUTE = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.odt,.ods,.odp"


def _refuse():
    raise InvalidInput(
        errors={
            "file": [
                _("This type of file is not accepted. Accepted: %(types)s")
                % {"types": ACCEPTED_DESCRIPTION}
            ]
        }
    )


def _office_type(upload):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return declared if declared in OPENDOCUMENT_TYPES else None
            if "[Content_Types].xml" in names:
                manifest = archive.read("[Content_Types].xml").decode("utf-8", "replace")
                for part_type, document_type in OOXML_MAIN_PARTS.items():
                    if part_type in manifest:
                        return document_type
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    finally:
        upload.seek(0)
    return None


def check(upload):
    """The content type of ``upload`` if it is accepted; ``InvalidInput`` otherwise."""
    if upload is None:
        raise InvalidInput(errors={"file": [_("Choose a file.")]})
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise InvalidInput(
            errors={
                "file": [
                    _("The file is too large (%(max)s MB at most).")
                    % {"max": MAX_ATTACHMENT_BYTES // (1024 * 1024)}
                ]
            }
        )
    if upload.size == 0:
        raise InvalidInput(errors={"file": [_("The file is empty.")]})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        _refuse()
    if kind.mime in ALLOWED_SIMPLE_TYPES:
        return kind.mime
    if kind.mime == "application/zip" or kind.extension in {
        "docx",
        "xlsx",
        "pptx",
        "odt",
        "ods",
        "odp",
    }:
        office = _office_type(upload)
        if office:
            return office
    _refuse()


def safe_name(name):
    """The file's base name without path parts or control characters, 255 characters at most."""
    base = os.path.basename(name or "").strip() or "document"
    base = re.sub(r"[\x00-\x1f\x7f/\\]", "_", base)
    return base[-255:]
