"""/api/v1/workfiles: work files for mobile apps and other systems, the same rules as the
pages (access.py: a file the caller may not read answers 404, like a missing one).

Errors: 403 when the caller may not take the action, 404 not found, 409 the file's state (or
version) does not allow it, 422 bad input — each with a Vietnamese `detail`.
"""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from tinhso.accounts.access import user_is_staff
from tinhso.accounts.models import User
from tinhso.accounts.tokens import api_auth, api_user
from tinhso.api_common import Id, InputSchema, Refusal, errors, id_path, local_time, refusals
from tinhso.workfiles import access, contents, selectors, services
from tinhso.workfiles.models import Opinion, WorkFile
from tinhso.workfiles.workflow import NotAllowed, TransitionError, allowed_actions

router = Router(auth=api_auth())
WORK_FILE_ID = "mã số hồ sơ công việc trên hệ thống"


class WorkFileSummaryOut(Schema):
    id: int
    code: str = Field(description="mã hồ sơ, ví dụ HSCV-STP-2026-001")
    title: str
    state: str
    state_label: str
    agency: str
    in_charge: str
    holder: str | None
    due_at: datetime
    deadline_mark: str = Field(description="late | soon | paused | early | on_time | ''")
    progress: int


class WorkFileLinkOut(Schema):
    document_id: int
    role: str
    subject: str | None = Field(description="null khi người gọi không được đọc văn bản")


class WorkFileParticipantOut(Schema):
    user: str
    role: str = Field(description="lead (chủ trì) | coordinate (phối hợp)")
    due_at: datetime | None


class WorkFileOpinionOut(Schema):
    id: int
    author: str
    on_behalf_of: str | None
    text: str
    reply_to: int | None
    forwarded_from: int | None
    created_at: datetime


class WorkFileStepOut(Schema):
    action: str
    from_state: str
    to_state: str
    from_user: str
    to_user: str | None
    at: datetime
    note: str
    undone: bool


class WorkFileOut(WorkFileSummaryOut):
    description: str
    parent_id: int | None
    opened_at: datetime
    closed_at: datetime | None
    timeliness: str
    version: int
    documents: list[WorkFileLinkOut]
    participants: list[WorkFileParticipantOut]
    opinions: list[WorkFileOpinionOut]
    subtasks: list[WorkFileSummaryOut]
    steps: list[WorkFileStepOut]
    allowed_actions: list[str]


class WorkFileOpinionIn(InputSchema):
    text: str = Field(min_length=1, max_length=5000)
    reply_to: Id | None = None


class WorkFileActionIn(InputSchema):
    action: str = Field(max_length=20, description="start, forward, prepare, present, …")
    note: str = Field("", max_length=2000)
    to_user: Id | None = Field(None, description="người nhận (chuyển, trình ký)")
    version: int | None = Field(None, ge=1, description="phiên bản đã đọc; lệch → 409")


class WorkFileLinkIn(InputSchema):
    document_id: Id


class WorkFileListQuery(Schema):
    scope: Literal["mine", "agency"] = "mine"
    closed: bool = False


def _name(user: User | None) -> str | None:
    return user.full_name if user is not None else None


def _summary(wf: WorkFile, mark: str) -> WorkFileSummaryOut:
    return WorkFileSummaryOut(
        id=wf.pk,
        code=wf.code,
        title=wf.title,
        state=wf.state,
        state_label=wf.get_state_display(),
        agency=wf.agency.name,
        in_charge=wf.in_charge.full_name,
        holder=_name(wf.holder),
        due_at=local_time(wf.due_at),
        deadline_mark=mark,
        progress=wf.progress,
    )


def _opinion(o: Opinion) -> WorkFileOpinionOut:
    return WorkFileOpinionOut(
        id=o.pk,
        author=o.author.full_name,
        on_behalf_of=_name(o.on_behalf_of),
        text=o.text,
        reply_to=o.reply_to_id,
        forwarded_from=o.forwarded_from_id,
        created_at=local_time(o.created_at),
    )


def _visible(request: HttpRequest, pk: int) -> WorkFile:
    if not user_is_staff(api_user(request)):
        raise HttpError(403, access.STAFF_ONLY)
    return access.readable_work_file(api_user(request), pk)


def _out(request: HttpRequest, wf: WorkFile) -> WorkFileOut:
    user = api_user(request)
    (wf,) = selectors.with_marks([wf])
    summary = _summary(wf, wf.mark)  # type: ignore[attr-defined]
    return WorkFileOut(
        **summary.dict(),
        description=wf.description,
        parent_id=wf.parent_id,
        opened_at=local_time(wf.opened_at),
        closed_at=local_time(wf.closed_at),
        timeliness=wf.timeliness,
        version=wf.version,
        documents=[
            WorkFileLinkOut(
                document_id=v.link.document_id,
                role=v.link.role,
                subject=v.link.document.subject if v.readable else None,
            )
            for v in selectors.links_for(user, wf)
        ],
        participants=[
            WorkFileParticipantOut(user=p.user.full_name, role=p.role, due_at=local_time(p.due_at))
            for p in wf.participants.select_related("user").order_by("pk")
        ],
        opinions=[_opinion(o) for o in wf.opinions.select_related("author", "on_behalf_of")],
        subtasks=[_summary(s, s.mark) for s in selectors.subtasks_of(wf)],  # type: ignore[attr-defined]
        steps=[
            WorkFileStepOut(
                action=s.action,
                from_state=s.from_state,
                to_state=s.to_state,
                from_user=s.from_user.full_name,
                to_user=_name(s.to_user),
                at=local_time(s.at),
                note=s.note,
                undone=s.undone_at is not None,
            )
            for s in selectors.timeline_of(wf)
        ],
        allowed_actions=[t.action.value for t in allowed_actions(wf, user)],
    )


REFUSALS: tuple[Refusal, ...] = (
    (NotAllowed, 403),
    (services.WorkFileError, 422),
    (TransitionError, 409),  # the state, or a stale version
)


@router.get(
    "",
    response={200: list[WorkFileSummaryOut], **errors(401, 403, 422)},
    summary="Hồ sơ công việc của tôi",
)
def work_file_list(
    request: HttpRequest, filters: Query[WorkFileListQuery]
) -> list[WorkFileSummaryOut]:
    """The caller's open files (nearest deadline first); `scope=agency`: every file they
    read; `closed=true`: the finished ones. At most 200."""
    user = api_user(request)
    if not user_is_staff(user):
        raise HttpError(403, access.STAFF_ONLY)
    scope = "agency" if filters.scope == "agency" else ""
    files = selectors.with_marks(selectors.my_work_files(user, scope, filters.closed)[:200])
    return [_summary(wf, wf.mark) for wf in files]  # type: ignore[attr-defined]


@router.get(
    "/{work_file_id}",
    response={200: WorkFileOut, **errors(401, 403, 404, 422)},
    summary="Xem một hồ sơ công việc",
)
def work_file_detail(
    request: HttpRequest, work_file_id: int = id_path(WORK_FILE_ID)
) -> WorkFileOut:
    return _out(request, _visible(request, work_file_id))


@router.post(
    "/{work_file_id}/opinions",
    response={201: WorkFileOpinionOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Gửi ý kiến trong hồ sơ công việc",
)
def work_file_opinion(
    request: HttpRequest, payload: WorkFileOpinionIn, work_file_id: int = id_path(WORK_FILE_ID)
) -> Status:
    wf = _visible(request, work_file_id)
    with refusals(*REFUSALS):
        row = contents.add_opinion(
            user=api_user(request),
            work_file=wf,
            text=payload.text,
            reply_to_id=payload.reply_to,
            request=request,
        )
    return Status(201, _opinion(row))


@router.post(
    "/{work_file_id}/actions",
    response={200: WorkFileOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Chuyển trạng thái hồ sơ công việc (một dòng của bảng chuyển trạng thái)",
)
def work_file_action(
    request: HttpRequest, payload: WorkFileActionIn, work_file_id: int = id_path(WORK_FILE_ID)
) -> WorkFileOut:
    """`action`: start, forward, prepare, present, return, rework, complete, pause, resume
    (workfiles/workflow.py). 403 when the caller may not take it, 409 when the state does
    not allow it or `version` is stale."""
    wf = _visible(request, work_file_id)
    to_user = None
    if payload.to_user is not None:
        to_user = User.objects.filter(pk=payload.to_user).first()
        if to_user is None:
            raise HttpError(422, "to_user: không có cán bộ này.")
    with refusals(*REFUSALS):
        wf = services.work_file_act(
            user=api_user(request),
            work_file=wf,
            action=payload.action,
            note=payload.note,
            to_user=to_user,
            expected_version=payload.version,
            request=request,
        )
    return _out(request, _visible(request, wf.pk))


@router.post(
    "/{work_file_id}/documents",
    response={201: WorkFileLinkOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Gắn một văn bản vào hồ sơ công việc",
)
def work_file_link(
    request: HttpRequest, payload: WorkFileLinkIn, work_file_id: int = id_path(WORK_FILE_ID)
) -> Status:
    """The document must be one the caller may read (404 otherwise) of the file's agency."""
    wf = _visible(request, work_file_id)
    with refusals(*REFUSALS):
        link = contents.link_document(
            user=api_user(request), work_file=wf, document_id=payload.document_id, request=request
        )
    return Status(
        201,
        WorkFileLinkOut(
            document_id=link.document_id, role=link.role, subject=link.document.subject
        ),
    )
