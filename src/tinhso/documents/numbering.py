"""Books and numbers: "Số: 15/QĐ-UBND", "Số: 05/UBND-VP".

Legal basis: Nghị định 30/2020/NĐ-CP, Phụ lục I §II.3 — the number is the order of the
documents the body issues in a year, from 01 on 1 January to 31 December, with a leading zero
below 10; number and symbol are unique in the year and the same on paper and electronically;
legal normative documents have a series per type, secret documents a separate one. Điều 15.3:
an electronic document's number and time are given by the system. Phụ lục VI §III: incoming
and outgoing documents are numbered automatically in yearly order; a duplicate (number +
symbol + issuer + date) is warned about.

Gap-free under concurrency: the next number is taken by incrementing the book row under
SELECT … FOR UPDATE inside the caller's transaction. A rollback gives the number back, and a
second clerk waits for the first to commit rather than reading the same counter.
"""

from datetime import date, datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from tinhso.documents.kinds import Confidentiality, Direction, Series, document_type
from tinhso.documents.models import Document, DocumentBook
from tinhso.organisation.models import Agency


def local_now() -> datetime:
    """Now in the settings' time zone (Asia/Ho_Chi_Minh): the year turns at local midnight."""
    return timezone.localtime()


def series_of(*, confidentiality: str, normative: bool) -> Series:
    if confidentiality != Confidentiality.NORMAL:
        return Series.SECRET
    return Series.NORMATIVE if normative else Series.ADMINISTRATIVE


def book_name(direction: str, series: str, doc_type: str, year: int) -> str:
    what = "văn bản đi" if direction == Direction.OUTGOING else "văn bản đến"
    if series == Series.SECRET:
        what += " mật"
    elif series == Series.NORMATIVE:
        what += f" quy phạm pháp luật – {document_type(doc_type).name}"
    return f"Sổ {what} năm {year}"


def book_for(
    agency: Agency,
    direction: str,
    *,
    year: int,
    series: str = Series.ADMINISTRATIVE,
    doc_type: str = "",
) -> DocumentBook:
    """The book of this series and year, opened on first use."""
    key_type = doc_type if series == Series.NORMATIVE else ""
    book, _ = DocumentBook.objects.get_or_create(
        agency=agency,
        year=year,
        direction=direction,
        series=series,
        doc_type=key_type,
        defaults={"name": book_name(direction, series, key_type, year)},
    )
    return book


def take_number(book: DocumentBook) -> int:
    """The next number of the book. Call inside the transaction that stores the document."""
    with transaction.atomic():
        locked = DocumentBook.objects.select_for_update().get(pk=book.pk)
        locked.last_number += 1
        locked.save(update_fields=["last_number"])
    book.last_number = locked.last_number
    return locked.last_number


def two_digits(number: int) -> str:
    """Numbers below 10 carry a leading zero (Phụ lục I §II.3.a)."""
    return f"{number:02d}"


def unit_abbreviation(department_code: str) -> str:
    """The drafting unit's abbreviation ("HCTP") from its department code.

    Department codes are unique in the province by carrying their agency's code in front
    ("STP.HCTP"); the symbol of a công văn and the "Lưu: VT, …" line want the unit's own
    abbreviation only, the issuer's being already there (Phụ lục I §II.3.b, §II.9.b; Phụ lục
    III)."""
    return department_code.strip().rsplit(".", 1)[-1].strip()


def symbol_for(doc_type: str, agency: Agency, department_code: str = "") -> str:
    """Ký hiệu: type abbreviation + body abbreviation; for công văn (no type abbreviation),
    body abbreviation + drafting unit (Phụ lục I §II.3.b). Capitals, "-" between groups.
    `department_code` may be the full code ("STP.HCTP"): only the unit's part is written."""
    kind = document_type(doc_type)
    body = (agency.abbreviation or agency.code).strip()
    if kind.abbreviation:
        return f"{kind.abbreviation}-{body}"
    unit = unit_abbreviation(department_code)
    return f"{body}-{unit}" if unit else body


def number_outgoing(
    document: Document, *, department_code: str = "", moment: datetime | None = None
) -> Document:
    """Lấy số: give an outgoing document its number, symbol, date and time (Điều 15.3).

    Saves the document; the caller holds the transaction and writes the audit record.
    """
    if document.direction != Direction.OUTGOING:
        raise ValueError("Chỉ cấp số cho văn bản đi.")
    if document.book_number is not None:
        raise ValueError(f"Văn bản đã có số {document.number_and_symbol}.")
    moment = timezone.localtime(moment) if moment else local_now()
    series = series_of(confidentiality=document.confidentiality, normative=document.is_normative)
    book = book_for(
        document.agency,
        Direction.OUTGOING,
        year=moment.year,
        series=series,
        doc_type=document.doc_type,
    )
    number = take_number(book)
    document.book = book
    document.book_number = number
    document.code_number = two_digits(number)
    document.code_notation = symbol_for(document.doc_type, document.agency, department_code)
    document.issued_date = moment.date()
    document.issued_at = moment
    document.save(
        update_fields=[
            "book",
            "book_number",
            "code_number",
            "code_notation",
            "issued_date",
            "issued_at",
            "updated_at",
        ]
    )
    return document


def number_incoming(document: Document, *, moment: datetime | None = None) -> Document:
    """Số đến: the arrival number in the agency's incoming book of the year (secret ones in
    the secret book). Saves the document; the caller holds the transaction."""
    if document.direction != Direction.INCOMING:
        raise ValueError("Chỉ cấp số đến cho văn bản đến.")
    if document.book_number is not None:
        raise ValueError(f"Văn bản đã vào sổ với số đến {document.book_number}.")
    moment = timezone.localtime(moment) if moment else local_now()
    series = (
        Series.SECRET
        if document.confidentiality != Confidentiality.NORMAL
        else Series.ADMINISTRATIVE
    )
    book = book_for(document.agency, Direction.INCOMING, year=moment.year, series=series)
    document.book = book
    document.book_number = take_number(book)
    document.registered_at = moment
    document.save(update_fields=["book", "book_number", "registered_at", "updated_at"])
    return document


def duplicates_of(
    *,
    agency: Agency,
    direction: str,
    code_number: str,
    code_notation: str,
    organ_name: str,
    issued_date: date | None,
    exclude_pk: int | None = None,
) -> QuerySet[Document]:
    """Documents of this agency with the same number + symbol + issuer + date (Phụ lục VI
    §III: the system warns on a duplicate). Compared without case or surrounding spaces."""
    # "05" and "5" are the same number: compare numerically after the indexed filter.
    qs = Document.objects.filter(agency=agency, direction=direction).filter(
        code_notation__iexact=code_notation.strip(),
        organ_name__iexact=organ_name.strip(),
        issued_date=issued_date,
    )
    wanted = code_number.strip().lstrip("0") or "0"
    ids = [
        d.pk
        for d in qs.only("pk", "code_number")
        if (d.code_number.strip().lstrip("0") or "0") == wanted
    ]
    result = Document.objects.filter(pk__in=ids)
    return result.exclude(pk=exclude_pk) if exclude_pk else result
