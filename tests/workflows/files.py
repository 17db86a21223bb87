"""Small real files for upload tests, built in memory."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.pdfgen import canvas


def pdf_bytes():
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Étude clinique")
    page.save()
    return buffer.getvalue()


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"

_OOXML = "application/vnd.openxmlformats-officedocument"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCX_MAIN_TYPE = f"{_OOXML}.wordprocessingml.document.main+xml"


def content_types(main_part="/word/document.xml", main_type=DOCX_MAIN_TYPE, extra=""):
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        f'<Override PartName="{main_part}" ContentType="{main_type}"/>{extra}</Types>'
    )


def docx_members():
    """The parts Word writes for a one-paragraph document with a picture."""
    return {
        "[Content_Types].xml": content_types(),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "docProps/core.xml": '<?xml version="1.0"?><cp:coreProperties xmlns:cp="urn:x"/>',
        "word/document.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body><w:p>'
            "<w:r><w:t>Notice d'utilisation</w:t></w:r></w:p></w:body></w:document>"
        ),
        "word/_rels/document.xml.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"/>'
        ),
        "word/media/image1.png": PNG,
    }


ODT_TYPE = "application/vnd.oasis.opendocument.text"


def odt_members(mimetype=ODT_TYPE):
    """The parts LibreOffice writes for a short text (mimetype first and stored)."""
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    return {
        "mimetype": mimetype,
        "content.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office='
            f'"{office}"><office:body><office:text/></office:body></office:document-content>'
        ),
        "styles.xml": f'<?xml version="1.0"?><office:document-styles xmlns:office="{office}"/>',
        "meta.xml": f'<?xml version="1.0"?><office:document-meta xmlns:office="{office}"/>',
        "Thumbnails/thumbnail.png": PNG,
        "Configurations2/accelerator/current.xml": "",
        "Configurations2/toolbar/": "",
        "META-INF/manifest.xml": (
            '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
            'opendocument:xmlns:manifest:1.0"/>'
        ),
    }


def zip_bytes(members):
    """A zip of ``members`` ({name: text or bytes}); None values are left out."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            if content is None:
                continue
            compression = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=compression)
    return buffer.getvalue()


def docx_bytes(changes=None):
    """A real minimal docx; ``changes`` adds, replaces or (with None) removes parts."""
    return zip_bytes({**docx_members(), **(changes or {})})


def odt_bytes(changes=None):
    """A real minimal odt; ``changes`` adds, replaces or (with None) removes parts."""
    return zip_bytes({**odt_members(), **(changes or {})})


def plain_zip_bytes():
    return zip_bytes({"payload.exe": EXE})


def upload(name, content):
    return SimpleUploadedFile(name, content)
