"""Export of a file: its documents and metadata as PDF and XML, in time order (Nghị định
30/2020/NĐ-CP, Phụ lục VI §III: "kết xuất hồ sơ … ra PDF, XML theo trình tự thời gian").

- XML: the file's metadata and each document's, with the field names of Phụ lục VI Part II
  (FileCode{OrganId, FileCatalog, FileNotation}, Title, Maintenance …; DocOrdinal, TypeName,
  CodeNumber …), built with xml.etree, dates as dd/mm/yyyy (Date10).
- PDF: a cover sheet with the metadata, the index of documents (Mục lục văn bản, tài liệu:
  the columns of Phụ lục V §IV), then every document's current PDF files in time order.
"""

import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from xml.etree import ElementTree as etree

from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from tinhso.archive.models import RecordFile
from tinhso.archive.services import document_day
from tinhso.core.storage import StorageUnavailable
from tinhso.documents.access import readable_documents
from tinhso.documents.kinds import Direction, Urgency
from tinhso.documents.models import Document, DocumentFile
from tinhso.documents.models.base import FileRole
from tinhso.printing.render import html_to_pdf

# Priority N1. The QCVN 102 code list was not found (regulations.md §12): the order of
# Urgency is used (0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc).
PRIORITY: dict[str, int] = {
    Urgency.NORMAL: 0,
    Urgency.URGENT: 1,
    Urgency.VERY_URGENT: 2,
    Urgency.FLASH: 3,
}
# The document first, then its scan, then annexes (Nghị định 30/2020, Phụ lục I: annexes
# follow the document they belong to).
ROLE_ORDER: dict[str, int] = {FileRole.MAIN: 0, FileRole.SCAN: 1, FileRole.ATTACHMENT: 2}
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


@dataclass
class Entry:
    ordinal: int
    document: Document
    day: date
    pdfs: list[DocumentFile] = field(default_factory=list)
    first_page: int | None = None


def entries(record: RecordFile, user: Any = None) -> list[Entry]:
    """The file's documents in time order, with their current PDF files.

    Given a user, only the documents that user may read (documents.access): a confidential
    document in the file is left out for anyone not named on it; the others keep their
    ordinal in the file."""
    items = list(record.items.select_related("document"))
    items.sort(key=lambda i: (document_day(i.document), i.document.pk))
    readable: set[int] | None = None
    if user is not None:
        ids = [i.document_id for i in items]
        readable = set(readable_documents(user).filter(pk__in=ids).values_list("pk", flat=True))
    found = []
    for ordinal, item in enumerate(items, start=1):
        if readable is not None and item.document_id not in readable:
            continue
        files = sorted(
            item.document.files.filter(is_current=True, content_type="application/pdf"),
            key=lambda f: (ROLE_ORDER.get(f.role, 9), f.pk),
        )
        found.append(Entry(ordinal, item.document, document_day(item.document), files))
    return found


def _d(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _sub(parent: etree.Element, tag: str, value: object = "") -> etree.Element:
    node = etree.SubElement(parent, tag)
    node.text = "" if value is None else str(value)
    return node


def _file_code(parent: etree.Element, record: RecordFile) -> None:
    code = etree.SubElement(parent, "FileCode")
    _sub(code, "OrganId", record.agency.code)
    _sub(code, "FileCatalog", record.year)
    _sub(code, "FileNotation", record.notation)


def file_values(record: RecordFile, found: list[Entry]) -> dict[str, object]:
    """Start/End/DocTotal/PageTotal from the items when the file is still open."""
    days = [e.day for e in found]
    return {
        "Title": record.title,
        "Maintenance": record.maintenance,
        "Rights": record.rights,
        "Creator": record.creator,
        "Language": record.language,
        "StartDate": _d(record.start_date or (min(days) if days else None)),
        "EndDate": _d(record.end_date or (max(days) if days else None)),
        "DocTotal": record.doc_total or len(found),
        "PageTotal": record.page_total or sum(e.document.page_amount or 0 for e in found),
    }


def xml_export(record: RecordFile, user: Any = None) -> bytes:
    found = entries(record, user)
    root = etree.Element("File")
    _file_code(root, record)
    for name, value in file_values(record, found).items():
        _sub(root, name, value)
    documents = etree.SubElement(root, "Documents")
    for e in found:
        d = e.document
        node = etree.SubElement(documents, "Document")
        _file_code(node, record)
        _sub(node, "DocOrdinal", e.ordinal)
        _sub(node, "TypeName", d.get_doc_type_display())
        _sub(node, "CodeNumber", d.code_number)
        _sub(node, "CodeNotation", d.code_notation)
        _sub(node, "IssuedDate", _d(d.issued_date))
        _sub(node, "OrganName", d.organ_name)
        _sub(node, "Subject", d.subject)
        _sub(node, "Language", d.language)
        _sub(node, "PageAmount", d.page_amount)
        _sub(node, "Description", d.description)
        signer = etree.SubElement(node, "SignerInfo")
        _sub(signer, "Position", d.signer_position)
        _sub(signer, "FullName", d.signer_name)
        _sub(node, "Priority", PRIORITY.get(d.urgency, 0))
        _sub(node, "IssuedAmount", d.issued_amount)
        _sub(node, "DueDate", _d(d.due_date))
        if d.direction == Direction.INCOMING:
            _sub(
                node, "ArrivalDate", _d(timezone.localdate(d.arrival_at) if d.arrival_at else None)
            )
            _sub(node, "ArrivalNumber", d.book_number or "")
    etree.indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _readers(found: list[Entry]) -> list[tuple[Entry, list[PdfReader]]]:
    out = []
    for e in found:
        readers, kept = [], []
        for stored in e.pdfs:
            try:
                with stored.file.open("rb") as handle:
                    readers.append(PdfReader(io.BytesIO(handle.read())))
                kept.append(stored)
            except StorageUnavailable:
                raise  # the store is away, not the file: no export with files left out
            except (OSError, PdfReadError, ValueError):
                continue  # missing or broken file: listed in the index, not appended
        e.pdfs = kept
        out.append((e, readers))
    return out


def pdf_export(record: RecordFile, user: Any = None) -> bytes:
    found = entries(record, user)
    loaded = _readers(found)

    def cover(first_pages: dict[int, int]) -> bytes:
        for e in found:
            e.first_page = first_pages.get(e.ordinal)
        values = file_values(record, found)
        html = render_to_string(
            "archive/export_cover_pdf.html",
            {
                "record": record,
                "items": found,
                "start": record.start_date or (found[0].day if found else None),
                "end": record.end_date or (found[-1].day if found else None),
                "page_total": values["PageTotal"],
                "generated_at": timezone.localtime(),
            },
        )
        return html_to_pdf(html)

    # Page numbers of the index depend on the cover's length: render, count, render again.
    first = PdfReader(io.BytesIO(cover({})))
    page = len(first.pages) + 1
    starts: dict[int, int] = {}
    for e, readers in loaded:
        if readers:
            starts[e.ordinal] = page
            page += sum(len(r.pages) for r in readers)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(cover(starts))))
    for _entry, readers in loaded:
        for reader in readers:
            writer.append(reader)
    writer.add_metadata({"/Title": f"Hồ sơ {record.notation}: {record.title}"[:200]})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
