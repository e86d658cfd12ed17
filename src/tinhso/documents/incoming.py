"""Registering incoming documents (văn bản đến): from a scan, an e-mail, or a row already
waiting in the agency (sent inside the system or over the exchange axis).

Legal basis: Nghị định 30/2020/NĐ-CP — Điều 21 (tiếp nhận), Điều 22 (đăng ký: số đến in
yearly order, the "ĐẾN" stamp data), Điều 4.2.c and 18.1 (registered the same day or at the
latest the next working day; Hỏa tốc, Thượng khẩn, Khẩn at once), Phụ lục IV (dấu ĐẾN: Số
đến, Ngày đến, Chuyển, Số và ký hiệu hồ sơ), Phụ lục VI §III (duplicate warning; automatic
numbering). Confidential documents: Luật Bảo vệ bí mật nhà nước 2018, Điều 11 (only the people
named). The handling slip is in tinhso.documents.incoming_handling; the states in
tinhso.documents.incoming_flow.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.files import File
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from tinhso.accounts.models import StaffRole
from tinhso.audit.services import audit_record
from tinhso.core.files import delete_on_rollback
from tinhso.documents import incoming_email, numbering
from tinhso.documents.incoming_flow import IncomingAction, transition_for
from tinhso.documents.incoming_stamp import is_late
from tinhso.documents.kinds import (
    BY_CODE,
    URGENT_LEVELS,
    Channel,
    Confidentiality,
    Direction,
    Urgency,
)
from tinhso.documents.models import Document, DocumentFile, DocumentState, IncomingDetail
from tinhso.documents.models.base import FileRole
from tinhso.documents.reactions import ChangeAction, DocumentChange, react
from tinhso.dossiers.intake import FileRefused, file_check
from tinhso.notifications.services import notify
from tinhso.organisation.models import Agency
from tinhso.organisation.roles import Role

# What a scan may be (paper documents scanned: PDF or image) and what an e-mail may carry.
SCAN_TYPES = ("pdf", "jpg", "png")
EMAIL_TYPES = ("pdf", "jpg", "png", "doc", "docx", "xls", "xlsx")
NEW_CHANNELS = frozenset({Channel.PAPER, Channel.EMAIL})


class IncomingError(ValueError):
    """Bad input: `errors` maps a field to its Vietnamese message; nothing was saved."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(" ".join(errors.values()))


class DuplicateWarning(IncomingError):
    """The same number + symbol + issuer + date is already registered: register again only
    with an explicit confirmation (Phụ lục VI §III)."""

    def __init__(self, duplicates: list[Document]):
        self.duplicates = duplicates
        numbers = ", ".join(str(d.book_number or "chưa vào sổ") for d in duplicates)
        super().__init__(
            {
                "duplicate": "Văn bản này có thể đã được vào sổ (trùng số, ký hiệu, cơ quan ban "
                f"hành và ngày ban hành; số đến {numbers}). Kiểm tra lại; nếu vẫn vào sổ, hãy "
                "xác nhận vào sổ dù trùng."
            }
        )


@dataclass
class IncomingData:
    """What the clerk reads off the document (Phụ lục VI, Part II: input metadata)."""

    doc_type: str = ""
    subject: str = ""
    organ_name: str = ""
    code_number: str = ""
    code_notation: str = ""
    issued_date: date | None = None
    signer_name: str = ""
    urgency: str = Urgency.NORMAL
    confidentiality: str = Confidentiality.NORMAL
    named_readers: Sequence[Any] = field(default_factory=list)
    due_date: date | None = None
    page_amount: int = 1
    arrival_at: datetime | None = None
    sender_email: str = ""
    note: str = ""
    file_notation: str = ""


def _agency_staff_ids(agency: Agency) -> set[int]:
    return set(
        StaffRole.objects.filter(agency=agency, is_active=True).values_list("user_id", flat=True)
    )


def _check_metadata(data: IncomingData, agency: Agency, moment: datetime) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.doc_type not in BY_CODE:
        errors["doc_type"] = "Chọn tên loại văn bản."
    if not data.subject.strip():
        errors["subject"] = "Nhập trích yếu nội dung văn bản."
    elif len(data.subject.strip()) > 500:
        errors["subject"] = "Trích yếu nội dung không quá 500 ký tự."
    if not data.organ_name.strip():
        errors["organ_name"] = "Nhập cơ quan, tổ chức ban hành (tác giả)."
    if data.urgency not in Urgency.values:
        errors["urgency"] = "Mức độ khẩn không hợp lệ."
    if data.confidentiality not in Confidentiality.values:
        errors["confidentiality"] = "Độ mật không hợp lệ."
    arrival = data.arrival_at or moment
    if arrival > moment + timedelta(minutes=1):
        errors["arrival_at"] = "Thời điểm đến không được ở tương lai."
    local_arrival = timezone.localtime(arrival).date()
    if data.issued_date and data.issued_date > local_arrival:
        errors["issued_date"] = "Ngày ban hành không được sau ngày văn bản đến."
    if data.page_amount < 1 or data.page_amount > 999:
        errors["page_amount"] = "Số trang từ 1 đến 999."
    errors.update(_check_readers(data, agency))
    return errors


def _check_readers(data: IncomingData, agency: Agency) -> dict[str, str]:
    if data.confidentiality == Confidentiality.NORMAL:
        return {}
    if not data.named_readers:
        return {
            "named_readers": "Văn bản mật phải ghi rõ những người được đọc "
            "(Luật Bảo vệ bí mật nhà nước 2018, Điều 11)."
        }
    staff = _agency_staff_ids(agency)
    if any(getattr(u, "pk", None) not in staff for u in data.named_readers):
        return {"named_readers": "Người được đọc văn bản mật phải là cán bộ của cơ quan."}
    return {}


@dataclass
class _Checked:
    upload: File[bytes]
    name: str
    content_type: str
    extension: str


def _check_files(files: Sequence[File[bytes]], channel: str) -> tuple[list[_Checked], str]:
    if not files:
        what = "bản quét" if channel == Channel.PAPER else "tệp đính kèm của thư điện tử"
        return [], f"Đính kèm {what} của văn bản."
    allowed = SCAN_TYPES if channel == Channel.PAPER else EMAIL_TYPES
    checked: list[_Checked] = []
    for upload in files:
        try:
            found = file_check(upload, allowed)
        except FileRefused as exc:
            return [], f"{exc} Văn bản đến chỉ nhận tệp là văn bản ({', '.join(allowed)})."
        checked.append(
            _Checked(upload, found.display_name, found.content_type, found.file_type.extension)
        )
    return checked, ""


def _pdf_pages(upload: File[bytes]) -> int:
    try:
        from pypdf import PdfReader

        upload.seek(0)
        pages = len(PdfReader(upload).pages)
    except Exception:  # a scan whose pages cannot be counted is still a scan
        pages = 0
    finally:
        upload.seek(0)
    return min(pages, 32767)


def _store(document: Document, checked: list[_Checked], channel: str, actor: Any) -> None:
    role = FileRole.SCAN if channel == Channel.PAPER else FileRole.MAIN
    for index, item in enumerate(checked):
        item.upload.seek(0)
        body = item.upload.read()
        item.upload.seek(0)
        row = DocumentFile(
            document=document,
            role=role if index == 0 else FileRole.ATTACHMENT,
            name=item.name,
            content_type=item.content_type,
            size=len(body),
            sha256=hashlib.sha256(body).hexdigest(),
            pages=_pdf_pages(item.upload) if item.extension == "pdf" else 1,
            created_by=actor,
        )
        row.file.save(f"{hashlib.sha256(body).hexdigest()[:32]}.{item.extension}", item.upload)
        delete_on_rollback(row.file.storage, row.file.name or "")  # a failed registration


def _number_variants(code_number: str) -> list[str]:
    """ "5", "05", "005" … are one number (numbering.duplicates_of compares numerically)."""
    bare = code_number.strip().lstrip("0") or "0"
    return [bare.zfill(width) for width in range(len(bare), 12)]


def _duplicates(document: Document) -> list[Document]:
    if not document.code_number.strip():
        return []
    # A cheap look through the (code_number, code_notation) index first: most documents have
    # no candidate at all, and duplicates_of compares without case (no index) on the rest.
    candidates = Document.objects.filter(
        code_number__in=_number_variants(document.code_number),
        agency=document.agency,
        direction=Direction.INCOMING,
    )
    if document.pk:
        candidates = candidates.exclude(pk=document.pk)
    if not candidates.exists():
        return []
    found = numbering.duplicates_of(
        agency=document.agency,
        direction=Direction.INCOMING,
        code_number=document.code_number,
        code_notation=document.code_notation,
        organ_name=document.organ_name,
        issued_date=document.issued_date,
        exclude_pk=document.pk,
    ).exclude(state__in=[DocumentState.PENDING, DocumentState.REFUSED])
    return list(found)


def _alert_leaders(document: Document) -> None:
    """Điều 4.2.c: an urgent document goes to the leaders at once (e-mail and SMS)."""
    label = Urgency(document.urgency).label.upper()
    leaders = StaffRole.objects.filter(
        agency=document.agency, role=Role.AGENCY_LEADER, is_active=True
    ).select_related("user")
    for role in leaders:
        user = role.user
        notify(
            reference=f"VB-DEN-{document.pk}",
            subject=f"[{label}] Văn bản đến số {document.book_number}: {document.subject[:120]}",
            body=(
                f"Văn bản {label} vừa được vào sổ văn bản đến, số đến {document.book_number}.\n"
                f"{document.get_doc_type_display()} {document.number_and_symbol} của "
                f"{document.organ_name}: {document.subject}\nĐề nghị đồng chí cho ý kiến chỉ "
                "đạo ngay (Nghị định 30/2020/NĐ-CP, Điều 4.2.c)."
            ),
            sms_body=f"VB {label} so den {document.book_number}: {document.subject[:60]}",
            email=user.email,
            phone=user.phone,
            user=user,
            event_key=f"document:{document.pk}:urgent:{user.pk}",
        )


def register(
    *,
    actor: Any,
    agency: Agency | None = None,
    data: IncomingData | None = None,
    channel: str = Channel.PAPER,
    files: Sequence[File[bytes]] = (),
    pending: Document | None = None,
    confirm_duplicate: bool = False,
    moment: datetime | None = None,
    request: HttpRequest | None = None,
) -> Document:
    """Vào sổ văn bản đến: a new document (scan or e-mail, `agency` + `data` + `files`) or a
    `pending` row (channel INTERNAL/EXCHANGE, created by others; `data` may set its urgency,
    confidentiality, named readers, due date, note and file notation).

    Raises IncomingError (bad input), DuplicateWarning (confirm to go on), TransitionError /
    NotAllowed (not pending, not the agency's clerk). All or nothing, audited."""
    moment = moment or timezone.now()
    if pending is None:
        return _register_new(
            actor, agency, data, channel, files, confirm_duplicate, moment, request
        )
    return _register_pending(actor, pending, data, confirm_duplicate, moment, request)


def _register_new(
    actor: Any,
    agency: Agency | None,
    data: IncomingData | None,
    channel: str,
    files: Sequence[File[bytes]],
    confirm_duplicate: bool,
    moment: datetime,
    request: HttpRequest | None,
) -> Document:
    if agency is None or data is None:
        raise IncomingError({"agency": "Thiếu cơ quan nhận hoặc thông tin văn bản."})
    if channel not in NEW_CHANNELS:
        raise IncomingError(
            {
                "channel": "Văn bản đến từ hệ thống hoặc trục liên thông được vào sổ từ danh sách "
                "chờ vào sổ."
            }
        )
    document = Document(
        direction=Direction.INCOMING,
        agency=agency,
        state=DocumentState.PENDING,
        channel=channel,
        doc_type=data.doc_type,
        subject=data.subject.strip(),
        organ_name=data.organ_name.strip(),
        code_number=data.code_number.strip(),
        code_notation=data.code_notation.strip().upper(),
        issued_date=data.issued_date,
        signer_name=data.signer_name.strip(),
        urgency=data.urgency,
        confidentiality=data.confidentiality,
        due_date=data.due_date,
        page_amount=data.page_amount,
        arrival_at=data.arrival_at or moment,
        created_by=actor,
    )
    transition_for(document, IncomingAction.REGISTER, actor)  # the agency's clerk only
    errors = _check_metadata(data, agency, moment)
    if channel == Channel.EMAIL:  # a message (.eml) as received: its attachments are the files
        try:
            unpacked = incoming_email.unpack(files)
        except ValueError as exc:
            raise IncomingError({**errors, "files": str(exc)}) from exc
        files = unpacked.files
        data.sender_email = data.sender_email or unpacked.sender_email
    checked, file_error = _check_files(files, channel)
    if file_error:
        errors["files"] = file_error
    if errors:
        raise IncomingError(errors)
    duplicates = _duplicates(document)
    if duplicates and not confirm_duplicate:
        raise DuplicateWarning(duplicates)
    with transaction.atomic():
        document.save()
        document.named_readers.set(data.named_readers)
        _store(document, checked, channel, actor)
        return _finish_registration(
            document, actor, data, bool(duplicates), moment, request, before=DocumentState.PENDING
        )


def _register_pending(
    actor: Any,
    pending: Document,
    data: IncomingData | None,
    confirm_duplicate: bool,
    moment: datetime,
    request: HttpRequest | None,
) -> Document:
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=pending.pk)
        transition_for(document, IncomingAction.REGISTER, actor)
        if data is not None:
            document.urgency = data.urgency
            document.confidentiality = data.confidentiality
            document.due_date = data.due_date or document.due_date
            probe = IncomingData(
                doc_type=document.doc_type,
                subject=document.subject,
                organ_name=document.organ_name,
                issued_date=document.issued_date,
                urgency=data.urgency,
                confidentiality=data.confidentiality,
                named_readers=data.named_readers,
                page_amount=document.page_amount,
                arrival_at=document.arrival_at,
            )
            errors = _check_metadata(probe, document.agency, moment)
            if errors:
                raise IncomingError(errors)
        elif (
            document.confidentiality != Confidentiality.NORMAL
            and not document.named_readers.exists()
        ):
            raise IncomingError(
                _check_readers(IncomingData(confidentiality="mat"), document.agency)
            )
        duplicates = _duplicates(document)
        if duplicates and not confirm_duplicate:
            raise DuplicateWarning(duplicates)
        if document.arrival_at is None:
            document.arrival_at = document.created_at or moment
        document.save()
        if data is not None and data.named_readers:
            document.named_readers.set(data.named_readers)
        if document.confidentiality != Confidentiality.NORMAL:
            document.named_readers.add(actor)  # the clerk who registers it keeps it
        return _finish_registration(
            document,
            actor,
            data or IncomingData(),
            bool(duplicates),
            moment,
            request,
            before=DocumentState.PENDING,
        )


def _finish_registration(
    document: Document,
    actor: Any,
    data: IncomingData,
    duplicate: bool,
    moment: datetime,
    request: HttpRequest | None,
    *,
    before: str,
) -> Document:
    numbering.number_incoming(document, moment=moment)
    assert document.arrival_at is not None
    late = is_late(document.arrival_at, moment, document.urgency)
    document.state = DocumentState.REGISTERED
    document.version += 1
    document.save(update_fields=["state", "version", "arrival_at", "updated_at"])
    IncomingDetail.objects.update_or_create(
        document=document,
        defaults={
            "registered_late": late,
            "duplicate_confirmed": duplicate,
            "sender_email": data.sender_email.strip(),
            "note": data.note.strip()[:500],
            "file_notation": data.file_notation.strip()[:50],
            "registered_by": actor,
        },
    )
    audit_record(
        actor=actor,
        action="document.incoming.register",
        target=document,
        summary=(
            f"Vào sổ văn bản đến số {document.book_number}"
            + (f" ({document.book.name})" if document.book else "")
            + ("; vào sổ muộn" if late else "")
            + ("; đã xác nhận dù trùng" if duplicate else "")
        ),
        changes={
            "state": [before, document.state],
            "book_number": document.book_number,
            "channel": document.channel,
            "urgency": document.urgency,
            "late": late,
            "duplicate_confirmed": duplicate,
        },
        request=request,
    )
    if document.urgency in URGENT_LEVELS:
        _alert_leaders(document)
    react(DocumentChange(document, ChangeAction.REGISTERED, actor))
    return document


def refuse(
    document: Document, *, actor: Any, reason: str, request: HttpRequest | None = None
) -> Document:
    """Từ chối nhận a pending document (sent by mistake, wrong form: Điều 21.2), with the
    reason sent back (exchange status 02). Nothing is numbered."""
    reason = (reason or "").strip()
    if not reason:
        raise IncomingError({"reason": "Nhập lý do từ chối nhận văn bản."})
    if len(reason) > 1000:
        raise IncomingError({"reason": "Lý do từ chối không quá 1.000 ký tự."})
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        transition_for(locked, IncomingAction.REFUSE, actor)
        locked.state = DocumentState.REFUSED
        locked.version += 1
        locked.save(update_fields=["state", "version", "updated_at"])
        IncomingDetail.objects.update_or_create(
            document=locked, defaults={"refusal_reason": reason, "registered_by": actor}
        )
        audit_record(
            actor=actor,
            action="document.incoming.refuse",
            target=locked,
            summary=f"Từ chối nhận văn bản: {reason}",
            changes={"state": [DocumentState.PENDING, DocumentState.REFUSED], "reason": reason},
            request=request,
        )
        react(DocumentChange(locked, ChangeAction.REFUSED, actor, reason))
    return locked
