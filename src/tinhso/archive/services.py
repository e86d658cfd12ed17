"""Filing: the Danh mục hồ sơ, files, documents in them, closing and handing to the archive.

Legal basis: Nghị định 30/2020/NĐ-CP — Điều 28 (Danh mục hồ sơ approved by the head of the
agency), Điều 29 (opening, filling and closing a file), Điều 30.2 (nộp lưu into the agency
archive: 03 months after the settlement of a construction project; 01 year after the work
ended for everything else), Điều 31.3.c (files kept 05 years or more are handed over),
Phụ lục VI Part II (file metadata). Each change: one transaction, one audit record.
"""

import calendar
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from tinhso.archive import access, retention
from tinhso.archive.models import FilePlan, PlanState, RecordFile, RecordItem
from tinhso.archive.workflow import FileAction, TransitionError, next_state
from tinhso.audit.services import audit_record
from tinhso.documents.access import check_user_can_read_document
from tinhso.documents.models import Document

MAX_YEARS = 100


class ArchiveError(ValueError):
    """Bad input or a refused step; the message is shown to the user as is (Vietnamese)."""


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def transfer_due(ended: date, *, construction: bool) -> date:
    """Hạn nộp lưu (Điều 30.2): 03 months after settlement for construction files (the day the
    file is closed stands for the settlement), 01 year after the work ended otherwise."""
    return _add_months(ended, 3 if construction else 12)


def document_day(document: Document) -> date:
    """The day that orders documents in a file: the document's date, else when it arrived or
    was created (Điều 29.1.b: the file follows the order in which the matter unfolded)."""
    if document.issued_date:
        return document.issued_date
    moment = document.arrival_at or document.registered_at or document.created_at
    return timezone.localdate(moment)


def _time_key(document: Document) -> tuple[date, int]:
    return document_day(document), document.pk


# --- the Danh mục hồ sơ ----------------------------------------------------------------------


def plan_create(*, actor: Any, agency: Any, year: int, title: str) -> FilePlan:
    access.check_user_keeps_files_of(actor, agency.pk)
    title = " ".join((title or "").split())
    if not title:
        raise ArchiveError("Cần nhập tên danh mục hồ sơ.")
    if not 2000 <= int(year) <= 2100:
        raise ArchiveError("Năm của danh mục hồ sơ không hợp lệ.")
    try:
        with transaction.atomic():
            plan = FilePlan.objects.create(
                agency=agency, year=year, title=title[:300], created_by=actor
            )
            audit_record(actor=actor, action="archive.plan_create", target=plan, summary=title)
    except IntegrityError:
        raise ArchiveError(f"Cơ quan đã có Danh mục hồ sơ năm {year}.") from None
    return plan


def plan_approve(*, actor: Any, plan: FilePlan) -> FilePlan:
    """Điều 28: the head of the agency approves the Danh mục hồ sơ."""
    access.check_user_approves_plans_of(actor, plan.agency_id)
    with transaction.atomic():
        plan = FilePlan.objects.select_for_update().get(pk=plan.pk)
        if plan.state == PlanState.APPROVED:
            raise ArchiveError("Danh mục hồ sơ đã được phê duyệt.")
        plan.state, plan.approved_by, plan.approved_at = PlanState.APPROVED, actor, timezone.now()
        plan.save(update_fields=["state", "approved_by", "approved_at"])
        audit_record(actor=actor, action="archive.plan_approve", target=plan)
    return plan


# --- files -----------------------------------------------------------------------------------


def _period(retention_key: str, years: int | None, permanent: bool) -> tuple[str, int | None]:
    if retention_key:
        try:
            row = retention.retention(retention_key)
        except ValueError as exc:
            raise ArchiveError(str(exc)) from None
        return row.key, row.years
    if permanent:
        return "", None
    if years is None or not 1 <= years <= MAX_YEARS:
        raise ArchiveError(
            "Cần chọn loại hồ sơ trong bảng thời hạn bảo quản, chọn “Vĩnh viễn” hoặc nhập số "
            f"năm từ 1 đến {MAX_YEARS}."
        )
    return "", years


def file_create(
    *,
    actor: Any,
    plan: FilePlan,
    notation: str,
    title: str,
    person: Any,
    retention_key: str = "",
    retention_years: int | None = None,
    permanent: bool = False,
    heading: str = "",
    rights: str = "Hạn chế",
    department: Any = None,
    is_construction: bool = False,
) -> RecordFile:
    """Open a file of the plan (Điều 29.2)."""
    access.check_user_keeps_files_of(actor, plan.agency_id)
    notation, title = (notation or "").strip(), " ".join((title or "").split())
    if not notation or len(notation) > 20:
        raise ArchiveError("Số và ký hiệu hồ sơ là bắt buộc, tối đa 20 ký tự (ví dụ 01.TCCB).")
    if not title or len(title) > 500:
        raise ArchiveError("Tiêu đề hồ sơ là bắt buộc, tối đa 500 ký tự.")
    key, years = _period(retention_key, retention_years, permanent)
    try:
        with transaction.atomic():
            record = RecordFile.objects.create(
                plan=plan,
                agency_id=plan.agency_id,
                year=plan.year,
                notation=notation,
                heading=heading.strip()[:200],
                title=title,
                retention_key=key,
                retention_years=years,
                maintenance=retention.period_label(years),
                rights=(rights or "Hạn chế").strip()[:30],
                creator=(person.get_full_name() or person.get_username())[:30],
                person_in_charge=person,
                department=department,
                is_construction=is_construction,
                created_by=actor,
            )
            audit_record(actor=actor, action="archive.file_create", target=record, summary=title)
    except IntegrityError:
        raise ArchiveError(f"Số và ký hiệu hồ sơ {notation} đã có trong năm {plan.year}.") from None
    return record


def _locked(record: RecordFile) -> RecordFile:
    return (
        RecordFile.objects.select_for_update(of=("self",))
        .select_related("agency")
        .get(pk=record.pk)
    )


def _renumber(record: RecordFile) -> None:
    """DocOrdinal in time order (Phụ lục VI; Điều 29.1.b)."""
    items = list(record.items.select_related("document"))
    items.sort(key=lambda item: _time_key(item.document))
    for ordinal, item in enumerate(items, start=1):
        if item.ordinal != ordinal:
            item.ordinal = ordinal
            item.save(update_fields=["ordinal"])


def file_document(*, actor: Any, record: RecordFile, document: Document) -> RecordItem:
    """Put a document the user may read into an open file of the same agency (Điều 29.3)."""
    access.check_user_keeps_files_of(actor, record.agency_id)
    check_user_can_read_document(actor, document)  # 404 for one they may not read
    if document.agency_id != record.agency_id:
        raise ArchiveError("Văn bản không thuộc cơ quan của hồ sơ.")
    with transaction.atomic():
        record = _locked(record)
        try:
            next_state(record.state, FileAction.FILE)
        except TransitionError as exc:
            raise ArchiveError(str(exc)) from None
        if record.items.filter(document=document).exists():
            raise ArchiveError("Văn bản đã có trong hồ sơ này.")
        item = RecordItem.objects.create(
            record_file=record, document=document, ordinal=record.items.count() + 1, added_by=actor
        )
        _renumber(record)
        audit_record(
            actor=actor,
            action="archive.file_document",
            target=record,
            summary=str(document)[:200],
            changes={"document": document.pk},
        )
    item.refresh_from_db()
    return item


def _transition(record: RecordFile, action: FileAction) -> str:
    try:
        return next_state(record.state, action)
    except TransitionError as exc:
        raise ArchiveError(str(exc)) from None


def close_file(*, actor: Any, record: RecordFile, today: date | None = None) -> RecordFile:
    """Kết thúc hồ sơ (Điều 29.4): dates, totals and the transfer due date from the items."""
    access.check_user_keeps_files_of(actor, record.agency_id)
    today = today or timezone.localdate()
    with transaction.atomic():
        record = _locked(record)
        state = _transition(record, FileAction.CLOSE)
        documents = [item.document for item in record.items.select_related("document")]
        if not documents:
            raise ArchiveError("Hồ sơ chưa có văn bản nào: không kết thúc được.")
        days = sorted(document_day(d) for d in documents)
        record.start_date, record.end_date = days[0], days[-1]
        record.doc_total = len(documents)
        record.page_total = sum(d.page_amount or 0 for d in documents)
        record.state, record.closed_at = state, timezone.now()
        record.transfer_due = transfer_due(today, construction=record.is_construction)
        record.transfer_alerted_at = None
        record.save()
        audit_record(
            actor=actor,
            action="archive.file_close",
            target=record,
            changes={"doc_total": record.doc_total, "transfer_due": str(record.transfer_due)},
        )
    return record


def reopen_file(*, actor: Any, record: RecordFile) -> RecordFile:
    access.check_user_keeps_files_of(actor, record.agency_id)
    with transaction.atomic():
        record = _locked(record)
        record.state = _transition(record, FileAction.REOPEN)
        record.closed_at = record.transfer_due = None
        record.save(update_fields=["state", "closed_at", "transfer_due"])
        audit_record(actor=actor, action="archive.file_reopen", target=record)
    return record


def transfer_file(*, actor: Any, record: RecordFile) -> RecordFile:
    """Nộp lưu into the agency archive (Điều 30.3.b, electronic files: on the system);
    only files kept 05 years or more (Điều 31.3.c)."""
    access.check_user_keeps_files_of(actor, record.agency_id)
    with transaction.atomic():
        record = _locked(record)
        state = _transition(record, FileAction.TRANSFER)
        if not retention.goes_to_archive(record.retention_years):
            raise ArchiveError(
                "Hồ sơ có thời hạn bảo quản dưới 05 năm không nộp lưu vào Lưu trữ cơ quan "
                "(Điều 31 khoản 3 điểm c Nghị định 30/2020/NĐ-CP)."
            )
        record.state, record.transferred_at = state, timezone.now()
        record.save(update_fields=["state", "transferred_at"])
        audit_record(actor=actor, action="archive.file_transfer", target=record)
    return record


ALERT_DAYS = 30  # Phụ lục VI §III: "thông báo hồ sơ đến hạn nộp lưu" 30 days ahead


def alert_window_end(today: date) -> date:
    return today + timedelta(days=ALERT_DAYS)
