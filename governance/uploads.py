"""Attachment checks: the type is read from the file's content, never trusted from its name.

PDF, PNG and JPEG are recognised by their signature (``filetype``). Office documents (docx,
xlsx, pptx, odt, ods, odp) are zip archives whose own declarations (``[Content_Types].xml``,
``mimetype``) can be forged, so every member is inspected: the format's main part must be there
and be XML of the right kind; every other member must be a part the format uses (XML parts,
images, embedded fonts), with content that matches its name; nothing executable, no macro, no
embedded object or nested archive, no path leaving the archive, and bounded sizes (zip bombs).
Finally the name's extension, when it has one, must agree with the content.
"""

import os
import re
import zipfile
from dataclasses import dataclass
from xml.parsers import expat

import filetype
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.errors import InvalidInput

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# An office document of 10 MB holds far less than this once decompressed; a zip bomb more.
MAX_ARCHIVE_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 2000
# How much of each member is read to check that its content matches its name.
MEMBER_HEAD_BYTES = 64 * 1024

ACCEPTED_DESCRIPTION = gettext_lazy(
    "PDF, PNG or JPEG images, office documents (docx, xlsx, pptx, odt, ods, odp); 10 MB at most."
)
ACCEPT_ATTRIBUTE = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.odt,.ods,.odp"


@dataclass(frozen=True)
class FileKind:
    content_type: str
    description: str
    extensions: tuple[str, ...]


PDF = FileKind("application/pdf", gettext_lazy("a PDF document"), ("pdf",))
PNG = FileKind("image/png", gettext_lazy("a PNG image"), ("png",))
JPEG = FileKind("image/jpeg", gettext_lazy("a JPEG image"), ("jpg", "jpeg"))
SIGNATURE_KINDS = {kind.content_type: kind for kind in (PDF, PNG, JPEG)}


@dataclass(frozen=True)
class OfficeFormat:
    """One office format: where its main part lives and what that part's root element is."""

    kind: FileKind
    main_part: str
    root: str
    # Office Open XML only: the folder of the format's parts and the main part's content type.
    folder: str = ""
    main_type: str = ""


_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."
OOXML_FORMATS = [
    OfficeFormat(
        FileKind(f"{_OOXML}wordprocessingml.document", gettext_lazy("a Word document"), ("docx",)),
        main_part="word/document.xml",
        root="document",
        folder="word/",
        main_type=f"{_OOXML}wordprocessingml.document.main+xml",
    ),
    OfficeFormat(
        FileKind(f"{_OOXML}spreadsheetml.sheet", gettext_lazy("an Excel workbook"), ("xlsx",)),
        main_part="xl/workbook.xml",
        root="workbook",
        folder="xl/",
        main_type=f"{_OOXML}spreadsheetml.sheet.main+xml",
    ),
    OfficeFormat(
        FileKind(
            f"{_OOXML}presentationml.presentation",
            gettext_lazy("a PowerPoint presentation"),
            ("pptx",),
        ),
        main_part="ppt/presentation.xml",
        root="presentation",
        folder="ppt/",
        main_type=f"{_OOXML}presentationml.presentation.main+xml",
    ),
]
ODF_FORMATS = {
    f"{_ODF}{name}": OfficeFormat(
        FileKind(f"{_ODF}{name}", description, (extension,)),
        main_part="content.xml",
        root="document-content",
    )
    for name, description, extension in [
        ("text", gettext_lazy("an OpenDocument text"), "odt"),
        ("spreadsheet", gettext_lazy("an OpenDocument spreadsheet"), "ods"),
        ("presentation", gettext_lazy("an OpenDocument presentation"), "odp"),
    ]
}

XML_EXTENSIONS = {"xml", "rels", "vml", "rdf"}
IMAGE_EXTENSIONS = {"png", "jpeg", "jpg", "gif", "bmp", "tif", "tiff", "emf", "wmf", "svg", "svm"}
# Embedded fonts are obfuscated by design (their content cannot be checked), so they are
# accepted only in the fonts folder of an Office Open XML document.
FONT_EXTENSIONS = {"odttf", "fntdata"}
# Macros, scripts and embedded objects (which carry programs or nested archives).
FORBIDDEN_PARTS = re.compile(
    r"(^|/)(vbaProject\.bin|vbaData\.xml|vbaProjectSignature\.bin)$"
    r"|(^|/)(activeX|embeddings|Basic|Scripts)/",
    re.IGNORECASE,
)
FORBIDDEN_CONTENT_TYPES = ("macroenabled", "vbaproject")
MACROS_REFUSED = gettext_lazy(
    "The document contains macros, scripts or embedded objects, which are not accepted: save it "
    "without them and try again."
)
ALLOWED_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
PRINTER_SETTINGS = re.compile(r"^(word|xl|ppt)/printerSettings/printerSettings\d+\.bin$")
ODF_EMBEDDED_OBJECT = re.compile(r"^Object \d+/")
ODF_OBJECT_REPLACEMENT = re.compile(r"^ObjectReplacements/Object \d+$")
OOXML_TOP_LEVEL = {"_rels", "docProps", "customXml"}
ODF_TOP_LEVEL = {"META-INF", "Pictures", "Thumbnails", "Configurations2", "ObjectReplacements"}
EXTENSION = re.compile(r"\.([A-Za-z][A-Za-z0-9]{0,7})$")


class _Refused(Exception):
    """Why an archive is refused; turned into the form's message by ``check``."""


def _file_error(message):
    return InvalidInput(errors={"file": [message]})


def _refuse(accepted=ACCEPTED_DESCRIPTION):
    raise _file_error(
        _("This type of file is not accepted. Accepted: %(types)s") % {"types": accepted}
    )


def _xml_root(head, complete):
    """The root element's local name if ``head`` starts well-formed XML without a DTD."""
    roots = []

    def start(name, attributes):
        if not roots:
            roots.append(name.rsplit(":", 1)[-1])

    def doctype(*args):
        raise _Refused

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(head, complete)
    except (expat.ExpatError, _Refused, ValueError):
        return None
    return roots[0] if roots else None


def _extension(name):
    last = name.rsplit("/", 1)[-1]
    return last.rsplit(".", 1)[-1].lower() if "." in last else ""


def _is_image(head, extension):
    """Whether ``head`` starts an image or a metafile that may carry ``extension``."""
    if extension == "svg":
        return _xml_root(head, False) == "svg"
    if head.startswith(b"VCLMTF"):  # StarView metafile: LibreOffice's object previews
        return extension in ("svm", "")
    if head[:4] == b"\x01\x00\x00\x00" and head[40:44] == b" EMF":
        return extension in ("emf", "")
    if head[:4] == b"\xd7\xcd\xc6\x9a" or (
        head[:2] in (b"\x01\x00", b"\x02\x00") and head[2:4] == b"\x09\x00"
    ):
        return extension in ("wmf", "")
    kind = filetype.guess(head)
    return kind is not None and kind.mime.startswith("image/")


def _safe_member_name(name):
    """No absolute path, drive, backslash, control character or ``..`` segment."""
    parts = name.rstrip("/").split("/")
    return not (
        name.startswith("/")
        or "\\" in name
        or ":" in name
        or re.search(r"[\x00-\x1f\x7f]", name)
        or any(part in ("", ".", "..") for part in parts)
    )


def _member_role(name, office_format, is_ooxml):
    """What the member may be in its format: "xml", "image", "opaque"; None if it is foreign."""
    extension = _extension(name)
    top = name.split("/", 1)[0] if "/" in name else ""
    if is_ooxml:
        if name == "[Content_Types].xml":
            return "xml"
        if top not in OOXML_TOP_LEVEL and f"{top}/" != office_format.folder:
            return None
        if PRINTER_SETTINGS.match(name) or (
            extension in FONT_EXTENSIONS and name.startswith(f"{office_format.folder}fonts/")
        ):
            return "opaque"
    else:
        if name == "mimetype":
            return "opaque"
        if ODF_OBJECT_REPLACEMENT.match(name):
            return "image"
        if top and top not in ODF_TOP_LEVEL and not ODF_EMBEDDED_OBJECT.match(name):
            return None
    if extension in XML_EXTENSIONS:
        return "xml"
    if extension in IMAGE_EXTENSIONS:
        return "image"
    return None


def _read_head(archive, info):
    with archive.open(info) as member:
        return member.read(MEMBER_HEAD_BYTES)


def _office_format(archive, names):
    """The format the archive declares, and whether it is Office Open XML; checked after."""
    if "mimetype" in names:
        declared = _read_head(archive, archive.getinfo("mimetype"))[:100]
        return ODF_FORMATS.get(declared.decode("ascii", "replace").strip()), False
    if "[Content_Types].xml" not in names:
        return None, True
    info = archive.getinfo("[Content_Types].xml")
    if info.file_size > MEMBER_HEAD_BYTES:
        raise _Refused
    declared = _content_types(_read_head(archive, info))
    if any(
        marker in value.lower() for marker in FORBIDDEN_CONTENT_TYPES for value in declared.values()
    ):
        raise _Refused(MACROS_REFUSED)
    for office_format in OOXML_FORMATS:
        if declared.get(f"/{office_format.main_part}") == office_format.main_type:
            return office_format, True
    return None, True


def _content_types(manifest):
    """``[Content_Types].xml`` as {part name or extension: content type}; refused if not XML."""
    declared = {}

    def start(name, attributes):
        key = attributes.get("PartName") or attributes.get("Extension")
        if key and "ContentType" in attributes:
            declared[key] = attributes["ContentType"]

    def doctype(*args):
        raise _Refused

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(manifest, True)
    except (expat.ExpatError, ValueError) as error:
        raise _Refused from error
    return declared


def _check_members(archive):
    members = archive.infolist()
    names = [info.filename for info in members]
    if len(members) > MAX_ARCHIVE_MEMBERS or (
        sum(info.file_size for info in members) > MAX_ARCHIVE_UNCOMPRESSED_BYTES
    ):
        raise _Refused(
            _(
                "The document is too large once decompressed (%(max)s MB at most) or holds too "
                "many parts."
            )
            % {"max": MAX_ARCHIVE_UNCOMPRESSED_BYTES // (1024 * 1024)}
        )
    if (
        len(set(names)) != len(names)
        or not all(map(_safe_member_name, names))
        or any(info.flag_bits & 0x1 for info in members)  # encrypted
        or any(info.compress_type not in ALLOWED_COMPRESSION for info in members)
    ):
        raise _Refused
    if any(FORBIDDEN_PARTS.search(name) for name in names):
        raise _Refused(MACROS_REFUSED)
    office_format, is_ooxml = _office_format(archive, set(names))
    if office_format is None or office_format.main_part not in names:
        raise _Refused
    for info in members:
        if info.is_dir():
            continue
        role = _member_role(info.filename, office_format, is_ooxml)
        is_main = info.filename == office_format.main_part
        if role is None:
            raise _Refused
        if role == "opaque" or (info.file_size == 0 and not is_main):
            continue
        head = _read_head(archive, info)
        if role == "xml":
            root = _xml_root(head, info.file_size <= MEMBER_HEAD_BYTES)
            if root is None or (is_main and root != office_format.root):
                raise _Refused
        elif not _is_image(head, _extension(info.filename)):
            raise _Refused
    return office_format.kind


def _check_archive(upload, accepted):
    """The ``FileKind`` of an office document, after checking each of its members."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return _check_members(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError,
            ValueError, NotImplementedError):  # fmt: skip
        _refuse(accepted)
    except _Refused as refusal:
        if refusal.args:
            raise _file_error(str(refusal.args[0])) from refusal
        _refuse(accepted)
    finally:
        upload.seek(0)


def _check_name(name, kind):
    """Refuse a name whose extension says another type than the content (report.html, a PDF)."""
    found = EXTENSION.search(os.path.basename(name or ""))
    if found and found.group(1).lower() not in kind.extensions:
        raise _file_error(
            _(
                "The file's name ends in “.%(extension)s” but its content is %(type)s. Rename "
                "it with the extension “.%(expected)s”, or choose the right file."
            )
            % {
                "extension": found.group(1),
                "type": kind.description,
                "expected": kind.extensions[0],
            }
        )


def _check_size(upload):
    if upload is None:
        raise _file_error(_("Choose a file."))
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise _file_error(
            _("The file is too large (%(max)s MB at most).")
            % {"max": MAX_ATTACHMENT_BYTES // (1024 * 1024)}
        )
    if upload.size == 0:
        raise _file_error(_("The file is empty."))


def check(upload, accepted=ACCEPTED_DESCRIPTION):
    """The content type of ``upload`` if it is accepted; ``InvalidInput`` otherwise (saying
    what is: ``accepted``, where a narrower list of extensions applies)."""
    _check_size(upload)
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        kind = _check_archive(upload, accepted)
    else:
        detected = filetype.guess(head)
        kind = SIGNATURE_KINDS.get(detected.mime) if detected else None
        if kind is None:
            _refuse(accepted)
    _check_name(upload.name, kind)
    return kind.content_type


CSV = FileKind("text/csv", gettext_lazy("a CSV table"), ("csv",))


def check_csv(upload):
    """``text/csv`` if ``upload`` is plain text, as a spreadsheet exports a table (UTF-8, or the
    Windows encoding of older French spreadsheets), named ``.csv``; ``InvalidInput`` otherwise:
    a program or a document renamed ``.csv`` holds bytes no text has."""
    _check_size(upload)
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    if b"\0" in content or filetype.guess(content[:8192]) is not None:
        raise _file_error(_("This file is not a CSV table: its content is not text."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _file_error(_("This file is not a CSV table: its content is not text."))
    _check_name(upload.name, CSV)
    return CSV.content_type


def safe_name(name):
    """The file's base name without path parts or control characters, 255 characters at most."""
    base = os.path.basename(name or "").strip() or "document"
    base = re.sub(r"[\x00-\x1f\x7f/\\]", "_", base)
    return base[-255:]


MAX_FILES_PER_ITEM = 10


def check_files(files, field="files"):
    """Each upload of ``files`` with its content type, once every one is accepted; otherwise
    ``InvalidInput`` on ``field`` naming each refused file, so nothing is saved."""
    files = [upload for upload in files or () if upload is not None]
    if len(files) > MAX_FILES_PER_ITEM:
        raise InvalidInput(
            errors={field: [_("At most %(max)s files at once.") % {"max": MAX_FILES_PER_ITEM}]}
        )
    checked, errors = [], []
    for upload in files:
        try:
            checked.append((upload, check(upload)))
        except InvalidInput as error:
            for message in error.errors.get("file", [error.message]):
                errors.append(
                    _("“%(name)s”: %(error)s") % {"name": safe_name(upload.name), "error": message}
                )
    if errors:
        raise InvalidInput(errors={field: errors})
    return checked


def check_text_with_files(body, files, *, max_length, empty_message):
    """A note's or a message's text, stripped, and its checked files; otherwise ``InvalidInput``
    naming every fault of both at once, so nothing is saved."""
    body = (body or "").strip()
    errors = {}
    if not body:
        errors["body"] = [empty_message]
    elif len(body) > max_length:
        errors["body"] = [_("At most %(max)s characters.") % {"max": max_length}]
    try:
        checked = check_files(files)
    except InvalidInput as error:
        errors.update(error.errors)
    if errors:
        raise InvalidInput(errors=errors)
    return body, checked
