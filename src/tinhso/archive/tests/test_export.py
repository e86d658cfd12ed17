"""Export of a file as XML and PDF in time order (Phụ lục VI §III of Nghị định 30/2020)."""

import io
from xml.etree import ElementTree as etree

import pytest
from pypdf import PdfReader

from tinhso.archive import export, services
from tinhso.documents.models.base import FileRole
from tinhso.documents.tests.search_factories import attach, blank_pdf

pytestmark = pytest.mark.django_db

FILE_FIELDS = (
    "Title",
    "Maintenance",
    "Rights",
    "Creator",
    "Language",
    "StartDate",
    "EndDate",
    "DocTotal",
    "PageTotal",
)
DOCUMENT_FIELDS = (
    "DocOrdinal",
    "TypeName",
    "CodeNumber",
    "CodeNotation",
    "IssuedDate",
    "OrganName",
    "Subject",
    "Language",
    "PageAmount",
    "Description",
    "SignerInfo/Position",
    "SignerInfo/FullName",
    "Priority",
    "IssuedAmount",
    "DueDate",
    "FileCode/OrganId",
    "FileCode/FileCatalog",
    "FileCode/FileNotation",
)


@pytest.fixture
def filed(office, record, three_documents):
    for document in three_documents:
        services.file_document(actor=office.clerk, record=record, document=document)
    return services.close_file(actor=office.clerk, record=record)


def test_the_xml_parses_back_with_every_field(office, filed, three_documents):
    root = etree.fromstring(export.xml_export(filed))  # noqa: S314 (our own output)
    assert root.findtext("FileCode/OrganId") == office.stp.code
    assert root.findtext("FileCode/FileCatalog") == "2026"
    assert root.findtext("FileCode/FileNotation") == "01.VP"
    values = {name: root.findtext(name) for name in FILE_FIELDS}
    assert values == {
        "Title": filed.title,
        "Maintenance": "10 năm",
        "Rights": "Hạn chế",
        "Creator": "Trần Thị Hai",
        "Language": "Tiếng Việt",
        "StartDate": "05/01/2026",
        "EndDate": "20/03/2026",
        "DocTotal": "3",
        "PageTotal": "6",
    }
    documents = root.findall("Documents/Document")
    assert [d.findtext("CodeNotation") for d in documents] == ["KH-STP", "QĐ-STP", "BC-STP"]
    assert [d.findtext("DocOrdinal") for d in documents] == ["1", "2", "3"]
    for d in documents:
        for name in DOCUMENT_FIELDS:
            assert d.find(name) is not None, name
    first = documents[0]
    assert first.findtext("IssuedDate") == "05/01/2026"
    assert first.findtext("Subject") == "Kế hoạch kiểm tra văn bản"
    assert first.findtext("TypeName") == "Quyết định"
    assert first.findtext("OrganName") == "Ủy ban nhân dân tỉnh"
    assert first.findtext("PageAmount") == "1"
    assert first.find("ArrivalNumber") is not None  # incoming documents carry their arrival


def test_the_pdf_has_the_cover_the_index_and_the_documents_in_time_order(
    settings, tmp_path, filed, three_documents
):
    settings.MEDIA_ROOT = tmp_path
    march, january, february = three_documents
    # Each document's pages get their own width, so the order can be read back.
    attach(march, blank_pdf(3, width=540))
    attach(january, blank_pdf(1, width=505), name="phu-luc.pdf", role=FileRole.ATTACHMENT)
    attach(january, blank_pdf(1, width=500))  # the document comes before its annex
    attach(february, blank_pdf(2, width=520))
    reader = PdfReader(io.BytesIO(export.pdf_export(filed)))
    widths = [round(float(p.mediabox.width)) for p in reader.pages]
    cover = widths[: len(widths) - 7]
    assert cover and all(w == 595 for w in cover)
    assert widths[len(cover) :] == [500, 505, 520, 520, 540, 540, 540]
    text = " ".join(p.extract_text() or "" for p in reader.pages[: len(cover)])
    assert "Mục lục văn bản" in text or "MỤC LỤC" in text.upper()
    assert text.index("KH-STP") < text.index("QĐ-STP") < text.index("BC-STP")
