"""/api/v1/documents/incoming: incoming documents for mobile apps and other systems.

Same rules as the pages (tinhso.documents.access, incoming_flow): a document the caller may
not read answers 404 exactly like a missing one; an action the caller may not take 403; an
action the state does not allow, or a duplicate not confirmed, 409; bad input 422 with the
Vietnamese reason. Nghị định 30/2020/NĐ-CP, Điều 21–24; Phụ lục VI §III (run on mobile).
"""

from datetime import date, datetime

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from tinhso.accounts.access import user_is_staff
from tinhso.accounts.models import User
from tinhso.accounts.tokens import api_auth, api_user
from tinhso.api_common import InputSchema, Refusal, errors, id_path, local_time, refusals
from tinhso.documents import access, incoming, incoming_handling, incoming_selectors
from tinhso.documents.access_log import log_access
from tinhso.documents.incoming_flow import NotAllowed, TransitionError, allowed_actions
from tinhso.documents.incoming_handling import SlipLine, StaleVersion
from tinhso.documents.incoming_stamp import stamp_of
from tinhso.documents.kinds import AssignmentRole, Channel, Confidentiality, Urgency
from tinhso.documents.models import Assignment, Document
from tinhso.organisation.models import Department

router = Router(auth=api_auth())
DOC_ID = "id văn bản đến"


class IncomingStampOut(Schema):
    agency_name: str
    arrival_number: int | None
    arrival_date: str = Field(description="dd/mm/yyyy")
    arrival_time: str
    transferred_to: str
    file_notation: str


class IncomingAssignmentOut(Schema):
    id: int
    role: str
    role_label: str
    assignee: str
    department: str
    parent_id: int | None
    deadline: date | None
    instruction: str
    read_at: datetime | None
    progress: int
    done_at: datetime | None
    is_active: bool


class IncomingDocumentOut(Schema):
    id: int
    state: str
    state_label: str
    channel: str
    book_number: int | None
    number_and_symbol: str
    doc_type: str
    doc_type_label: str
    subject: str
    organ_name: str
    issued_date: date | None
    arrival_at: datetime | None
    registered_at: datetime | None
    urgency: str
    confidentiality: str
    due_date: date | None
    version: int
    stamp: IncomingStampOut
    assignments: list[IncomingAssignmentOut]
    actions: list[str] = Field(description="thao tác người gọi được làm lúc này")


class IncomingInboxItemOut(Schema):
    assignment_id: int
    document_id: int
    subject: str
    book_number: int | None
    organ_name: str
    urgency: str
    state: str
    role: str
    deadline: date | None
    read_at: datetime | None
    progress: int


class IncomingRegisterIn(InputSchema):
    channel: str = Field(Channel.PAPER, description="paper (bản quét) hoặc email")
    doc_type: str = Field(description="mã tên loại, ví dụ CV, QD")
    subject: str = Field(max_length=500)
    organ_name: str = Field(max_length=200)
    code_number: str = Field("", max_length=11)
    code_notation: str = Field("", max_length=30)
    issued_date: date | None = None
    urgency: str = Urgency.NORMAL
    confidentiality: str = Confidentiality.NORMAL
    named_reader_ids: list[int] = []
    due_date: date | None = None
    page_amount: int = Field(1, ge=1, le=999)
    confirm_duplicate: bool = False


class IncomingRegisterPendingIn(InputSchema):
    urgency: str = Urgency.NORMAL
    confidentiality: str = Confidentiality.NORMAL
    named_reader_ids: list[int] = []
    due_date: date | None = None
    confirm_duplicate: bool = False


class IncomingSlipLineIn(InputSchema):
    role: str = Field(description="lead, coordinate hoặc inform")
    assignee_id: int | None = None
    department_id: int | None = None
    working_days: int | None = Field(None, ge=0, le=365)
    deadline: date | None = None
    instruction: str = Field("", max_length=1000)


class IncomingAssignIn(InputSchema):
    lines: list[IncomingSlipLineIn] = Field(min_length=1, max_length=30)
    due_date: date | None = None
    version: int | None = None


class IncomingProgressIn(InputSchema):
    progress: int = Field(ge=0, le=100)
    note: str = Field("", max_length=500)
    assignment_id: int | None = None


def _line_out(a: Assignment) -> IncomingAssignmentOut:
    return IncomingAssignmentOut(
        id=a.pk,
        role=a.role,
        role_label=AssignmentRole(a.role).label,
        assignee=a.assignee.full_name if a.assignee else "",
        department=a.department.name if a.department else "",
        parent_id=a.parent_id,
        deadline=a.deadline,
        instruction=a.instruction,
        read_at=local_time(a.read_at),
        progress=a.progress,
        done_at=local_time(a.done_at),
        is_active=a.is_active,
    )


def _out(request: HttpRequest, doc: Document) -> IncomingDocumentOut:
    stamp = stamp_of(doc)
    return IncomingDocumentOut(
        id=doc.pk,
        state=doc.state,
        state_label=doc.get_state_display(),
        channel=doc.channel,
        book_number=doc.book_number,
        number_and_symbol=doc.number_and_symbol,
        doc_type=doc.doc_type,
        doc_type_label=doc.get_doc_type_display(),
        subject=doc.subject,
        organ_name=doc.organ_name,
        issued_date=doc.issued_date,
        arrival_at=local_time(doc.arrival_at),
        registered_at=local_time(doc.registered_at),
        urgency=doc.urgency,
        confidentiality=doc.confidentiality,
        due_date=doc.due_date,
        version=doc.version,
        stamp=IncomingStampOut(**stamp.__dict__),
        assignments=[_line_out(a) for a in incoming_selectors.slip(doc)],
        actions=[t.action for t in allowed_actions(doc, api_user(request))],
    )


def _document(request: HttpRequest, pk: int) -> Document:
    doc = access.readable_documents(api_user(request)).filter(pk=pk, direction="in").first()
    if doc is None:
        raise HttpError(404, access.NOT_FOUND)
    return doc


REFUSALS: tuple[Refusal, ...] = (
    (incoming.DuplicateWarning, 409),  # a duplicate not confirmed
    (StaleVersion, 409),
    (incoming.IncomingError, 422),
    (NotAllowed, 403),
    (TransitionError, 409),
)


def _readers(ids: list[int]) -> list[User]:
    return list(User.objects.filter(pk__in=ids)) if ids else []


@router.get(
    "/inbox",
    response={200: list[IncomingInboxItemOut], **errors(401, 403, 422)},
    summary="Văn bản đến của tôi (được giao đích danh hoặc cho đơn vị)",
)
def incoming_inbox(request: HttpRequest, done: bool = False) -> list[IncomingInboxItemOut]:
    user = api_user(request)
    if not user_is_staff(user):
        raise HttpError(403, "Chỉ cán bộ, công chức có hộp văn bản đến.")
    return [
        IncomingInboxItemOut(
            assignment_id=a.pk,
            document_id=a.document_id,
            subject=a.document.subject,
            book_number=a.document.book_number,
            organ_name=a.document.organ_name,
            urgency=a.document.urgency,
            state=a.document.state,
            role=a.role,
            deadline=a.deadline,
            read_at=local_time(a.read_at),
            progress=a.progress,
        )
        for a in incoming_selectors.inbox(user, include_done=done)[:200]
    ]


@router.post(
    "",
    response={201: IncomingDocumentOut, **errors(400, 401, 403, 409, 422)},
    summary="Vào sổ văn bản đến từ bản quét hoặc thư điện tử (văn thư)",
)
def incoming_register(
    request: HttpRequest,
    payload: Form[IncomingRegisterIn],
    file: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status:
    user = api_user(request)
    agency = access.clerk_agencies(user).first()
    if agency is None:
        raise HttpError(403, access.CLERKS_ONLY)
    data = incoming.IncomingData(
        doc_type=payload.doc_type,
        subject=payload.subject,
        organ_name=payload.organ_name,
        code_number=payload.code_number,
        code_notation=payload.code_notation,
        issued_date=payload.issued_date,
        urgency=payload.urgency,
        confidentiality=payload.confidentiality,
        named_readers=_readers(payload.named_reader_ids),
        due_date=payload.due_date,
        page_amount=payload.page_amount,
    )
    with refusals(*REFUSALS):
        doc = incoming.register(
            actor=user,
            agency=agency,
            data=data,
            channel=payload.channel,
            files=list(file or []),
            confirm_duplicate=payload.confirm_duplicate,
            request=request,
        )
    return Status(201, _out(request, doc))


@router.post(
    "/{doc_id}/register",
    response={200: IncomingDocumentOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Vào sổ một văn bản đang chờ (gửi trong hệ thống hoặc qua trục liên thông)",
)
def incoming_register_pending(
    request: HttpRequest, payload: IncomingRegisterPendingIn, doc_id: int = id_path(DOC_ID)
) -> IncomingDocumentOut:
    user = api_user(request)
    doc = access.pending_incoming(user).filter(pk=doc_id).first()
    if doc is None:
        raise HttpError(404, access.NOT_FOUND)
    data = incoming.IncomingData(
        urgency=payload.urgency,
        confidentiality=payload.confidentiality,
        named_readers=_readers(payload.named_reader_ids),
        due_date=payload.due_date,
    )
    with refusals(*REFUSALS):
        doc = incoming.register(
            actor=user,
            pending=doc,
            data=data,
            confirm_duplicate=payload.confirm_duplicate,
            request=request,
        )
    return _out(request, _document(request, doc.pk))


@router.get(
    "/{doc_id}",
    response={200: IncomingDocumentOut, **errors(401, 404, 422)},
    summary="Xem một văn bản đến: dấu ĐẾN, phiếu giải quyết, tiến độ",
)
def incoming_detail(request: HttpRequest, doc_id: int = id_path(DOC_ID)) -> IncomingDocumentOut:
    doc = _document(request, doc_id)
    log_access(request, doc, user=api_user(request), channel="api")  # Phụ lục VI §III
    return _out(request, doc)


@router.post(
    "/{doc_id}/assign",
    response={200: IncomingDocumentOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Phân công xử lý (phiếu giải quyết văn bản đến) – lãnh đạo cơ quan",
)
def incoming_assign(
    request: HttpRequest, payload: IncomingAssignIn, doc_id: int = id_path(DOC_ID)
) -> IncomingDocumentOut:
    doc = _document(request, doc_id)
    lines = [
        SlipLine(
            role=line.role,
            assignee=User.objects.filter(pk=line.assignee_id).first() if line.assignee_id else None,
            department=Department.objects.filter(pk=line.department_id).first()
            if line.department_id
            else None,
            working_days=line.working_days,
            deadline=line.deadline,
            instruction=line.instruction,
        )
        for line in payload.lines
    ]
    with refusals(*REFUSALS):
        incoming_handling.assign(
            doc,
            actor=api_user(request),
            lines=lines,
            due_date=payload.due_date,
            version=payload.version,
            request=request,
        )
    return _out(request, _document(request, doc_id))


@router.post(
    "/{doc_id}/read",
    response={200: IncomingDocumentOut, **errors(400, 401, 404, 422)},
    summary="Xác nhận đã đọc (các dòng phân công của người gọi)",
)
def incoming_read(request: HttpRequest, doc_id: int = id_path(DOC_ID)) -> IncomingDocumentOut:
    doc = _document(request, doc_id)
    incoming_handling.mark_read(doc, user=api_user(request), request=request)
    return _out(request, doc)


@router.post(
    "/{doc_id}/progress",
    response={200: IncomingDocumentOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Cập nhật tiến độ xử lý (0–100 %)",
)
def incoming_progress(
    request: HttpRequest, payload: IncomingProgressIn, doc_id: int = id_path(DOC_ID)
) -> IncomingDocumentOut:
    doc = _document(request, doc_id)
    with refusals(*REFUSALS):
        incoming_handling.report_progress(
            doc,
            actor=api_user(request),
            percent=payload.progress,
            note=payload.note,
            assignment_id=payload.assignment_id,
            request=request,
        )
    return _out(request, _document(request, doc_id))
