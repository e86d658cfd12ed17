"""Books and numbers (Nghị định 30/2020, Phụ lục I §II.3; issue 14 item 1)."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections, transaction

from tinhso.documents import numbering
from tinhso.documents.kinds import Channel, Confidentiality, Direction
from tinhso.documents.models import Document, DocumentBook, DocumentState
from tinhso.documents.outgoing_registers import outgoing_rows
from tinhso.organisation.services import department_upsert

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _draft(office, doc_type="QD", **extra):
    values = {
        "direction": Direction.OUTGOING,
        "agency": office.stp,
        "state": DocumentState.SIGNED,
        "channel": Channel.DRAFTED,
        "doc_type": doc_type,
        "subject": "Về việc kiểm tra văn bản quy phạm pháp luật",
        "organ_name": office.stp.name,
    }
    values.update(extra)
    return Document.objects.create(**values)


def test_numbers_start_at_01_with_the_symbol_of_the_type_and_body(office):
    first = numbering.number_outgoing(_draft(office), moment=datetime(2026, 3, 2, 9, tzinfo=VN))
    second = numbering.number_outgoing(
        _draft(office, "TB"), moment=datetime(2026, 3, 2, 10, tzinfo=VN)
    )
    assert first.number_and_symbol == "01/QĐ-STP"
    assert second.number_and_symbol == "02/TB-STP"
    assert first.issued_date == date(2026, 3, 2)


def test_cong_van_carries_the_drafting_unit_in_its_symbol(office):
    letter = numbering.number_outgoing(_draft(office, "CV"), department_code="VP")
    assert letter.number_and_symbol == "01/STP-VP"


def test_an_agency_prefixed_department_code_gives_only_the_unit_in_the_symbol(office):
    # Department codes are "<AGENCY>.<UNIT>" to be unique in the province; the symbol carries
    # the issuer once: "STP-HCTP", never "STP-STP.HCTP" (Phụ lục I §II.3.b).
    letter = numbering.number_outgoing(_draft(office, "CV"), department_code="STP.HCTP")
    assert letter.number_and_symbol == "01/STP-HCTP"
    assert numbering.symbol_for("CV", office.stp, " VP ") == "STP-VP"
    assert numbering.symbol_for("CV", office.stp, "") == "STP"
    # A decision's symbol has the type, not the unit.
    assert numbering.symbol_for("QD", office.stp, "STP.HCTP") == "QĐ-STP"


def test_the_series_restarts_on_1_january_local_time(office):
    late = datetime(2026, 12, 31, 23, 59, tzinfo=VN)
    # 00:30 in Hà Nội on 1 January is still 31 December in UTC: the local year decides.
    early = datetime(2027, 1, 1, 0, 30, tzinfo=VN)
    for _ in range(3):
        numbering.number_outgoing(_draft(office), moment=late)
    new_year = numbering.number_outgoing(_draft(office), moment=early)
    assert new_year.code_number == "01"
    assert new_year.book.year == 2027
    assert DocumentBook.objects.get(year=2026, direction=Direction.OUTGOING).last_number == 3


def test_secret_and_normative_documents_have_their_own_series(office):
    numbering.number_outgoing(_draft(office))
    secret = numbering.number_outgoing(_draft(office, confidentiality=Confidentiality.CONFIDENTIAL))
    normative = numbering.number_outgoing(_draft(office, is_normative=True))
    other_normative = numbering.number_outgoing(_draft(office, "NQ", is_normative=True))
    assert secret.code_number == "01" and secret.book.series == "secret"
    assert normative.code_number == "01" and normative.book.doc_type == "QD"
    assert other_normative.code_number == "01" and other_normative.book != normative.book


def test_a_rolled_back_numbering_gives_its_number_back(office):
    doc = _draft(office)
    with pytest.raises(RuntimeError), transaction.atomic():
        numbering.number_outgoing(doc)
        raise RuntimeError("lỗi sau khi lấy số")
    doc.refresh_from_db()
    assert doc.book_number is None
    assert numbering.number_outgoing(_draft(office)).code_number == "01"


def test_a_document_is_numbered_once(office):
    doc = numbering.number_outgoing(_draft(office))
    with pytest.raises(ValueError, match="đã có số 01/QĐ-STP"):
        numbering.number_outgoing(doc)


def test_incoming_documents_get_arrival_numbers_in_their_own_book(office):
    numbering.number_outgoing(_draft(office))
    incoming = Document.objects.create(
        direction=Direction.INCOMING,
        agency=office.stp,
        state=DocumentState.PENDING,
        channel=Channel.PAPER,
        doc_type="CV",
        subject="Đề nghị góp ý dự thảo",
        organ_name="Sở Xây dựng",
    )
    numbering.number_incoming(incoming)
    assert incoming.book_number == 1
    assert incoming.book.direction == Direction.INCOMING


def test_duplicates_match_number_symbol_issuer_and_date_whatever_the_zero(office):
    values = {
        "direction": Direction.INCOMING,
        "agency": office.stp,
        "state": DocumentState.REGISTERED,
        "channel": Channel.PAPER,
        "doc_type": "CV",
        "subject": "Đề nghị góp ý",
        "organ_name": "Sở Xây dựng",
        "code_number": "05",
        "code_notation": "SXD-VP",
        "issued_date": date(2026, 5, 4),
    }
    Document.objects.create(**values)
    found = numbering.duplicates_of(
        agency=office.stp,
        direction=Direction.INCOMING,
        code_number="5",
        code_notation="sxd-vp",
        organ_name=" Sở Xây dựng",
        issued_date=date(2026, 5, 4),
    )
    assert found.count() == 1
    other_day = numbering.duplicates_of(
        agency=office.stp,
        direction=Direction.INCOMING,
        code_number="05",
        code_notation="SXD-VP",
        organ_name="Sở Xây dựng",
        issued_date=date(2026, 5, 5),
    )
    assert not other_day.exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel transactions need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_parallel_clerks_never_share_or_skip_a_number(office):
    drafts = [_draft(office) for _ in range(40)]

    def take(doc):
        try:
            with transaction.atomic():
                return numbering.number_outgoing(doc).book_number
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(take, drafts))
    assert sorted(numbers) == list(range(1, 41))


def test_the_archive_copy_line_names_the_drafting_unit_without_the_agency(office):
    # "Lưu: VT, HCTP" (Phụ lục I §II.9.b), from the same rule as the symbol.
    unit, _ = department_upsert(agency=office.stp, code="STP.HCTP", name="Phòng Hành chính tư pháp")
    doc = numbering.number_outgoing(_draft(office, "CV", drafting_department=unit))
    (row,) = outgoing_rows(Document.objects.filter(pk=doc.pk))
    assert row[5] == "Lưu: VT, HCTP"
