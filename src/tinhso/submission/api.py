"""/api/v1/online: online submission for mobile apps, by the same rules as the pages.

The e-form of a procedure is public. Drafts and submission need the citizen's or business's
own account: `Authorization: Bearer <token>` (tinhso.accounts.tokens) or the signed-in
session. A draft of someone else answers 404, exactly like one that does not exist.
Flow: GET the e-form → POST /drafts → POST /drafts/{id}/files/{component_id} per paper →
POST /drafts/{id}/submit.
"""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field as PydField

from tinhso.accounts.access import user_is_applicant
from tinhso.accounts.assurance import AssuranceLevel
from tinhso.accounts.tokens import api_auth, api_user
from tinhso.api_common import (
    MAX_ID,
    ErrorOut,
    FieldErrorOut,
    InputSchema,
    code_path,
    errors,
    id_path,
)
from tinhso.catalogue import selectors as catalogue
from tinhso.documentstore import selectors as store
from tinhso.dossiers.tracking import tracking_url
from tinhso.eforms import selectors as eforms
from tinhso.organisation.selectors import agency_by_code
from tinhso.submission import selectors, services
from tinhso.submission.models import Draft

router = Router(auth=api_auth())

DRAFT = "id hồ sơ nháp"
# A Bearer token carries no level of assurance (Nghị định 69/2024/NĐ-CP): it was issued once,
# not by the sign-in behind this request, and a browser session cannot be told apart from a
# token here. Procedures requiring VNeID mức 2 are therefore refused through the API with 403;
# the person files them on the portal after signing in with VNeID.
TOKEN_ASSURANCE = AssuranceLevel.NONE


class OnlineAgencyOut(Schema):
    code: str
    name: str


class OnlineComponentOut(Schema):
    id: int
    order: int
    name: str
    required: bool
    file_types: list[str]
    covered_by_eform: bool = PydField(description="không phải tải lên: tờ khai điện tử thay thế")


class EFormOut(Schema):
    procedure_code: str
    procedure_name: str
    online_level: str
    files_online: bool
    title: str
    is_default: bool
    eform: dict[str, Any] = PydField(description="các trường của tờ khai (tinhso.eforms.schema)")
    receiving_agencies: list[OnlineAgencyOut]
    components: list[OnlineComponentOut]
    delivery_modes: list[str]


class OnlineDraftIn(InputSchema):
    procedure_code: str = PydField(max_length=20, description="mã thủ tục, ví dụ 1.001232")
    receiving_agency: str = PydField(max_length=13, description="mã định danh cơ quan tiếp nhận")
    answers: dict[str, str] = PydField(
        default_factory=dict,
        max_length=200,
        description="mã trường → giá trị như người dùng nhập",
    )
    delivery_mode: str = PydField("", max_length=12)
    postal_address: str = PydField("", max_length=300)


class OnlineDraftOut(Schema):
    id: int
    procedure_code: str
    receiving_agency: str | None
    answers: dict[str, str]
    delivery_mode: str
    postal_address: str
    files: dict[str, str] = PydField(description="id thành phần → tên tệp đã đính kèm")
    ready: bool = PydField(description="đủ để nộp")
    problems: list[FieldErrorOut]


class OnlineSubmittedOut(Schema):
    code: str
    status: str
    status_label: str
    tracking_url: str
    next_steps: list[str]


def _version(code: str):
    version = catalogue.version_in_force(code, timezone.localdate())
    if version is None:
        raise HttpError(404, f"Không có thủ tục '{code}' đang áp dụng.")
    return version


def _applicant(request: HttpRequest) -> None:
    if not user_is_applicant(request.user):
        raise HttpError(403, "Nộp hồ sơ trực tuyến dành cho tài khoản công dân, doanh nghiệp.")


def _draft(request: HttpRequest, draft_id: int) -> Draft:
    _applicant(request)
    draft = selectors.draft_for(api_user(request), draft_id)
    if draft is None:
        raise HttpError(404, "Không tìm thấy hồ sơ nháp của bạn.")
    return draft


def _problems(check: services.DraftCheck) -> list[FieldErrorOut]:
    out = [
        FieldErrorOut(field=f"answers.{name}", message=str(message))
        for name, errors in check.form.errors.items()
        for message in errors
    ]
    out += [FieldErrorOut(field=name, message=message) for name, message in check.errors.items()]
    out += [
        FieldErrorOut(field=f"files.{spec.pk}", message=f"Thiếu giấy tờ bắt buộc: {spec.name}.")
        for spec in check.missing
    ]
    return out


def _out(request: HttpRequest, draft: Draft) -> OnlineDraftOut:
    check = services.draft_check(draft, account=api_user(request))
    return OnlineDraftOut(
        id=draft.pk,
        procedure_code=draft.version.code,
        receiving_agency=draft.receiving_agency.code if draft.receiving_agency else None,
        answers=draft.answers,
        delivery_mode=draft.delivery_mode,
        postal_address=draft.postal_address,
        files={str(k): f.original_name for k, f in services.attached(draft).items()},
        ready=check.ok,
        problems=_problems(check),
    )


@router.get(
    "/procedures/{code}/eform",
    response={200: EFormOut, **errors(404, 422)},
    auth=None,
    summary="Biểu mẫu điện tử và cách nộp trực tuyến của một thủ tục",
)
def eform(request: HttpRequest, code: str = code_path("mã thủ tục, ví dụ 1.001232")) -> EFormOut:
    version = _version(code)
    definition = eforms.form_for_version(version)
    skip = services.covered(version, definition)
    return EFormOut(
        procedure_code=version.code,
        procedure_name=version.name,
        online_level=version.online_level,
        files_online=selectors.files_online(version),
        title=definition.title,
        is_default=definition.is_default,
        eform=definition.raw,
        receiving_agencies=[
            OnlineAgencyOut(code=a.code, name=a.name) for a in selectors.receiving_choices(version)
        ],
        components=[
            OnlineComponentOut(
                id=s.pk,
                order=s.order,
                name=s.name,
                required=s.required,
                file_types=services.allowed_types(s),
                covered_by_eform=s.pk in skip,
            )
            for s in version.components.all()
        ],
        delivery_modes=services.delivery_modes(version),
    )


@router.post(
    "/drafts",
    response={201: OnlineDraftOut, **errors(400, 401, 403, 404, 413, 422)},
    summary="Bắt đầu một hồ sơ trực tuyến",
)
def draft_create(request: HttpRequest, payload: OnlineDraftIn) -> Status:
    _applicant(request)
    version = _version(payload.procedure_code)
    agency = agency_by_code(payload.receiving_agency)
    if agency is None:
        raise HttpError(422, f"receiving_agency: không có cơ quan mã '{payload.receiving_agency}'.")
    try:
        draft = services.draft_start(
            api_user(request), version, agency, assurance=TOKEN_ASSURANCE, request=request
        )
        services.draft_save(
            draft,
            actor=api_user(request),
            answers=payload.answers,
            delivery_mode=payload.delivery_mode,
            postal_address=payload.postal_address or draft.postal_address,
            request=request,
        )
    except services.AssuranceTooLow as exc:
        raise HttpError(403, str(exc)) from exc
    except services.SubmissionError as exc:
        raise HttpError(422, str(exc)) from exc
    return Status(201, _out(request, draft))


@router.get(
    "/drafts/{draft_id}",
    response={200: OnlineDraftOut, **errors(401, 403, 404, 422)},
    summary="Xem hồ sơ nháp và những gì còn thiếu",
)
def draft_detail(request: HttpRequest, draft_id: int = id_path(DRAFT)) -> OnlineDraftOut:
    return _out(request, _draft(request, draft_id))


@router.post(
    "/drafts/{draft_id}/files/{component_id}",
    response={200: OnlineDraftOut, **errors(401, 403, 404, 413, 422)},
    summary="Đính kèm tệp (PDF, JPEG, PNG) hoặc giấy tờ trong kho dữ liệu cho một thành phần",
)
def draft_file(
    request: HttpRequest,
    draft_id: int = id_path(DRAFT),
    component_id: int = id_path("id thành phần hồ sơ (components[].id của biểu mẫu)"),
    paper_id: int | None = Query(None, ge=1, le=MAX_ID, description="id giấy tờ trong kho"),
    file: UploadedFile | None = File(None),  # noqa: B008 — django-ninja declares uploads so
):
    draft = _draft(request, draft_id)
    spec = draft.version.components.filter(pk=component_id).first()
    if spec is None:
        raise HttpError(404, "Thủ tục không có thành phần hồ sơ này.")
    try:
        if file is not None:
            services.draft_attach(draft, spec, file, actor=api_user(request), request=request)
        elif paper_id is not None:
            paper = store.paper_for(api_user(request), paper_id)
            if paper is None:
                raise HttpError(404, "Không tìm thấy giấy tờ trong kho dữ liệu của bạn.")
            services.draft_pick_paper(draft, spec, paper, actor=api_user(request), request=request)
        else:
            raise HttpError(422, "Gửi tệp (trường file) hoặc paper_id của giấy tờ trong kho.")
    except services.SubmissionError as exc:
        raise HttpError(422, str(exc)) from exc
    return _out(request, draft)


@router.post(
    "/drafts/{draft_id}/submit",
    response={201: OnlineSubmittedOut, **errors(401, 403, 404, 422)},
    summary="Nộp hồ sơ: vào hàng chờ tiếp nhận của nơi tiếp nhận",
)
def draft_submit(request: HttpRequest, draft_id: int = id_path(DRAFT)) -> Status:
    draft = _draft(request, draft_id)
    try:
        dossier = services.draft_submit(
            draft, actor=api_user(request), assurance=TOKEN_ASSURANCE, request=request
        )
    except services.DraftIncomplete as exc:
        return Status(422, ErrorOut(detail=str(exc), errors=_problems(exc.check)))
    except services.AssuranceTooLow as exc:
        raise HttpError(403, str(exc)) from exc
    except services.SubmissionError as exc:
        raise HttpError(422, str(exc)) from exc
    return Status(
        201,
        OnlineSubmittedOut(
            code=dossier.code,
            status=dossier.status,
            status_label=dossier.get_status_display(),
            tracking_url=tracking_url(dossier),
            next_steps=selectors.next_steps(dossier),
        ),
    )
