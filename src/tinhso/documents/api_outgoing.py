"""/api/v1/documents/outgoing: outgoing documents for mobile apps and other systems (issue 14
item 9): list, detail, comment, request signature (trình), sign, any step of the table, send.

The same rules as the pages: tinhso.documents.access (a document outside the caller's reach is
404, a step that is not theirs 403), the transition table outgoing_flow (a refused step 409).
Authentication: `Authorization: Bearer <token>` or the signed-in session.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from tinhso.accounts.access import AccessDenied, user_is_staff
from tinhso.accounts.tokens import api_auth, api_user
from tinhso.api_common import InputSchema, Refusal, errors, id_path, local_time, refusals
from tinhso.documents import access, outgoing, outgoing_dispatch
from tinhso.documents import outgoing_selectors as selectors
from tinhso.documents.access_log import log_access
from tinhso.documents.kinds import Direction
from tinhso.documents.models import Document
from tinhso.documents.outgoing_flow import Action, OutgoingError, allowed_actions

router = Router(auth=api_auth())
DOC_ID = "mã số văn bản đi trong hệ thống"
REFUSALS: tuple[Refusal, ...] = ((AccessDenied, 403), (OutgoingError, 409))


class OutgoingSummaryOut(Schema):
    id: int
    number_and_symbol: str
    doc_type: str
    doc_type_name: str
    subject: str
    state: str
    state_name: str
    urgency: str
    issued_date: date | None
    updated_at: datetime


class OutgoingVersionOut(Schema):
    number: int
    name: str
    content_type: str
    note: str
    author: str
    created_at: datetime


class OutgoingCommentOut(Schema):
    id: int
    author: str
    text: str
    version: int | None
    created_at: datetime


class OutgoingApprovalOut(Schema):
    kind: str
    decision: str
    by: str
    note: str
    at: datetime


class OutgoingRecipientOut(Schema):
    id: int
    kind: str
    name: str
    organ_id: str
    status: str
    status_name: str
    sent_at: datetime | None
    received_at: datetime | None
    read_at: datetime | None


class OutgoingDocumentOut(OutgoingSummaryOut):
    signer_name: str
    versions: list[OutgoingVersionOut]
    comments: list[OutgoingCommentOut]
    approvals: list[OutgoingApprovalOut]
    recipients: list[OutgoingRecipientOut]
    allowed_actions: list[str]


class OutgoingCommentIn(InputSchema):
    text: str = Field(min_length=1, max_length=4000)


class OutgoingActionIn(InputSchema):
    action: Literal[
        "submit", "approve_content", "approve_format", "return", "sign", "issue", "send"
    ]
    note: str = Field(default="", max_length=500)


class OutgoingActionOut(Schema):
    status: Literal["done", "pending"]
    document: OutgoingDocumentOut


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


def _summary(d: Document) -> dict[str, Any]:
    return {
        "id": d.pk,
        "number_and_symbol": d.number_and_symbol,
        "doc_type": d.doc_type,
        "doc_type_name": d.get_doc_type_display(),
        "subject": d.subject,
        "state": d.state,
        "state_name": d.get_state_display(),
        "urgency": d.urgency,
        "issued_date": d.issued_date,
        "updated_at": local_time(d.updated_at),
    }


def _out(request: HttpRequest, d: Document) -> OutgoingDocumentOut:
    user = api_user(request)
    return OutgoingDocumentOut(
        **_summary(d),
        signer_name=d.signer_name,
        versions=[
            OutgoingVersionOut(
                number=v.number,
                name=v.name,
                content_type=v.content_type,
                note=v.note,
                author=_name(v.author),
                created_at=local_time(v.created_at),
            )
            for v in d.drafts.select_related("author").order_by("number")
        ],
        comments=[
            OutgoingCommentOut(
                id=c.pk,
                author=_name(c.author),
                text=c.text,
                version=c.version.number if c.version else None,
                created_at=local_time(c.created_at),
            )
            for c in d.draft_comments.select_related("author", "version")
        ],
        approvals=[
            OutgoingApprovalOut(
                kind=a.kind, decision=a.decision, by=_name(a.by), note=a.note, at=local_time(a.at)
            )
            for a in d.approvals.select_related("by")
        ],
        recipients=[
            OutgoingRecipientOut(
                id=r.pk,
                kind=r.kind,
                name=r.name,
                organ_id=r.organ_id,
                status=r.status,
                status_name=r.get_status_display(),
                sent_at=local_time(r.sent_at),
                received_at=local_time(r.received_at),
                read_at=local_time(r.read_at),
            )
            for r in outgoing_dispatch.sync_tracking(d)
        ],
        allowed_actions=[t.action.value for t in allowed_actions(user, d)],
    )


def _visible(request: HttpRequest, pk: int) -> Document:
    document = (
        access.readable_documents(api_user(request))
        .filter(pk=pk, direction=Direction.OUTGOING)
        .first()
    )
    if document is None:
        raise HttpError(404, access.NOT_FOUND)
    return document


def _staff(request: HttpRequest) -> Any:
    user = api_user(request)
    if not user_is_staff(user):
        raise HttpError(403, "Chỉ cán bộ, công chức mới dùng được văn bản đi.")
    return user


class OutgoingListQuery(Schema):
    box: Literal["drafts", "to_sign", "to_issue"] = Field(
        default="drafts",
        description="drafts: dự thảo của tôi; to_sign: chờ ký; to_issue: chờ cấp số/ban hành",
    )


@router.get(
    "",
    response={200: list[OutgoingSummaryOut], **errors(401, 403, 422)},
    summary="Danh sách văn bản đi (dự thảo của tôi, chờ ký, chờ cấp số)",
)
def outgoing_list(request: HttpRequest, query: Query[OutgoingListQuery]) -> list[Any]:
    user = _staff(request)
    rows = {
        "drafts": selectors.my_drafts,
        "to_sign": selectors.awaiting_signature,
        "to_issue": selectors.awaiting_issue,
    }[query.box](user)[:200]
    return [OutgoingSummaryOut(**_summary(d)) for d in rows]


@router.get(
    "/{doc_id}",
    response={200: OutgoingDocumentOut, **errors(401, 404, 422)},
    summary="Xem một văn bản đi",
)
def outgoing_detail(request: HttpRequest, doc_id: int = id_path(DOC_ID)) -> OutgoingDocumentOut:
    document = _visible(request, doc_id)
    log_access(request, document, user=api_user(request), channel="api")  # Phụ lục VI §III
    return _out(request, document)


@router.post(
    "/{doc_id}/comments",
    response={201: OutgoingCommentOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Góp ý dự thảo",
)
def outgoing_comment(
    request: HttpRequest, payload: OutgoingCommentIn, doc_id: int = id_path(DOC_ID)
) -> Status:
    document = _visible(request, doc_id)
    with refusals(*REFUSALS):
        c = outgoing.draft_comment(api_user(request), document, payload.text)
    return Status(
        201,
        OutgoingCommentOut(
            id=c.pk,
            author=_name(c.author),
            text=c.text,
            version=c.version.number if c.version else None,
            created_at=local_time(c.created_at),
        ),
    )


def _act(request: HttpRequest, doc_id: int, action: str, note: str = "") -> OutgoingActionOut:
    document = _visible(request, doc_id)
    with refusals(*REFUSALS):
        status, _session = outgoing_dispatch.perform(api_user(request), document, action, note)
    document.refresh_from_db()
    return OutgoingActionOut(
        status="pending" if status == "pending" else "done", document=_out(request, document)
    )


ACT_ERRORS = errors(400, 401, 403, 404, 409, 422)


@router.post(
    "/{doc_id}/actions",
    response={200: OutgoingActionOut, **ACT_ERRORS},
    summary="Thực hiện một bước (trình, duyệt, trả lại, ký, cấp số, phát hành)",
)
def outgoing_action(
    request: HttpRequest, payload: OutgoingActionIn, doc_id: int = id_path(DOC_ID)
) -> OutgoingActionOut:
    return _act(request, doc_id, payload.action, payload.note)


@router.post(
    "/{doc_id}/sign-request",
    response={200: OutgoingActionOut, **ACT_ERRORS},
    summary="Trình dự thảo (gửi duyệt để trình ký)",
)
def outgoing_sign_request(request: HttpRequest, doc_id: int = id_path(DOC_ID)) -> OutgoingActionOut:
    return _act(request, doc_id, Action.SUBMIT)


@router.post(
    "/{doc_id}/sign",
    response={200: OutgoingActionOut, **ACT_ERRORS},
    summary="Lãnh đạo ký số văn bản",
)
def outgoing_sign(request: HttpRequest, doc_id: int = id_path(DOC_ID)) -> OutgoingActionOut:
    return _act(request, doc_id, Action.SIGN)


@router.post(
    "/{doc_id}/send",
    response={200: OutgoingActionOut, **ACT_ERRORS},
    summary="Văn thư phát hành văn bản tới nơi nhận",
)
def outgoing_send(request: HttpRequest, doc_id: int = id_path(DOC_ID)) -> OutgoingActionOut:
    return _act(request, doc_id, Action.SEND)
