"""Office documents are zip archives: their members are checked, not their own declarations."""

import io
import warnings
import zipfile

import openpyxl
import pytest

from governance import uploads
from governance.errors import InvalidInput
from tests.workflows import files
from tests.workflows.factories import dossier
from workflows import services

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
XML = '<?xml version="1.0"?><x/>'


def _attach(cast, name, content):
    return services.add_attachment(dossier(cast.owner), cast.owner, files.upload(name, content))


def _refusal(cast, name, content):
    with pytest.raises(InvalidInput) as refusal:
        _attach(cast, name, content)
    return " ".join(str(message) for message in refusal.value.errors["file"])


def _xlsx_from_openpyxl():
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Patients suivis"
    workbook.active["B1"] = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _minimal_pptx():
    main = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
    return files.docx_bytes(
        {
            "[Content_Types].xml": files.content_types("/ppt/presentation.xml", main),
            "word/document.xml": None,
            "word/_rels/document.xml.rels": None,
            "word/media/image1.png": None,
            "ppt/presentation.xml": '<?xml version="1.0"?><p:presentation xmlns:p="urn:p"/>',
            "ppt/slides/slide1.xml": '<?xml version="1.0"?><p:sld xmlns:p="urn:p"/>',
        }
    )


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("notice.docx", files.docx_bytes(), DOCX),
        ("suivi.xlsx", _xlsx_from_openpyxl(), XLSX),
        ("soutenance.pptx", _minimal_pptx(), PPTX),
        ("notice.odt", files.odt_bytes(), ODT),
    ],
)
def test_real_minimal_office_documents_are_accepted(cast, name, content, expected):
    assert _attach(cast, name, content).content_type == expected


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"word/payload.exe": files.EXE}, id="executable-inside-the-word-folder"),
        pytest.param({"setup.exe": files.EXE}, id="executable-at-the-root"),
        pytest.param({"word/media/run.js": "alert(1)"}, id="script"),
        pytest.param({"word/media/image2.png": files.plain_zip_bytes()}, id="nested-archive"),
        pytest.param({"word/media/image2.png": files.EXE}, id="executable-named-as-an-image"),
        pytest.param({"word/styles.xml": files.EXE}, id="executable-named-as-xml"),
        pytest.param({"word/document.xml": None, "payload.exe": files.EXE}, id="no-main-part"),
        pytest.param({"word/document.xml": "<html><script/></html>"}, id="main-part-not-word"),
        pytest.param({"../evil.xml": XML}, id="parent-path"),
        pytest.param({"/etc/evil.xml": XML}, id="absolute-path"),
        pytest.param({"word\\..\\evil.xml": XML}, id="backslash-path"),
        pytest.param(
            {
                "word/settings.xml": '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
            },
            id="xml-with-a-dtd",
        ),
    ],
)
def test_a_forged_docx_is_refused(cast, changes):
    _refusal(cast, "notice.docx", files.docx_bytes(changes))


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}, id="vba-project"),
        pytest.param({"word/embeddings/oleObject1.bin": files.EXE}, id="embedded-object"),
        pytest.param({"word/activeX/activeX1.xml": XML}, id="activex"),
        pytest.param(
            {
                "[Content_Types].xml": files.content_types(
                    main_type="application/vnd.ms-word.document.macroEnabled.main+xml"
                )
            },
            id="declared-macro-enabled",
        ),
    ],
)
def test_macros_and_embedded_objects_are_refused_with_a_reason(cast, changes):
    assert "macros" in _refusal(cast, "notice.docx", files.docx_bytes(changes))


def test_an_odf_with_a_forged_mimetype_and_no_content_is_refused(cast):
    forged = files.zip_bytes({"mimetype": files.ODT_TYPE, "payload.exe": files.EXE})
    _refusal(cast, "notice.odt", forged)


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"content.xml": None}, id="no-content"),
        pytest.param({"content.xml": files.EXE}, id="content-not-xml"),
        pytest.param({"Scripts/python/run.py": "import os"}, id="script"),
        pytest.param({"Pictures/1.png": files.EXE}, id="executable-named-as-a-picture"),
        pytest.param({"mimetype": "application/x-msdownload"}, id="unknown-mimetype"),
    ],
)
def test_a_forged_odt_is_refused(cast, changes):
    _refusal(cast, "notice.odt", files.odt_bytes(changes))


def test_odf_basic_macros_are_refused(cast):
    assert "macros" in _refusal(
        cast, "notice.odt", files.odt_bytes({"Basic/Standard/Module1.xml": XML})
    )


def test_a_zip_bomb_is_refused_before_it_is_decompressed(cast):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.docx_members().items():
            archive.writestr(name, content)
        with archive.open("word/media/image2.png", "w") as bomb:
            chunk = b"\0" * (1024 * 1024)
            for _megabyte in range(uploads.MAX_ARCHIVE_UNCOMPRESSED_BYTES // len(chunk) + 1):
                bomb.write(chunk)
    assert len(buffer.getvalue()) < uploads.MAX_ATTACHMENT_BYTES
    assert "décompressé" in _refusal(cast, "notice.docx", buffer.getvalue())


def test_an_archive_of_too_many_members_is_refused(cast):
    many = {f"word/part{index}.xml": XML for index in range(uploads.MAX_ARCHIVE_MEMBERS)}
    assert "trop d'éléments" in _refusal(cast, "notice.docx", files.docx_bytes(many))


def test_an_archive_with_duplicate_names_is_refused(cast):
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, content in files.docx_members().items():
                archive.writestr(name, content)
            archive.writestr("word/document.xml", files.EXE)
    _refusal(cast, "notice.docx", buffer.getvalue())
