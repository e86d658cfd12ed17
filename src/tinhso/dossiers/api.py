"""/api/v1/dossiers: the same rules as the back-office pages, for apps and other systems.

Authentication: `Authorization: Bearer <token>` (tinhso.accounts.tokens) or the signed-in
session. A dossier the caller may not read answers 404, exactly like one that does not exist.
"""

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from tinhso.accounts.selectors import agencies_of
from tinhso.accounts.tokens import TokenAuth
from tinhso.catalogue import selectors as catalogue
from tinhso.dossiers import selectors, services
from tinhso.dossiers.constants import Action, Channel
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.workflow import NotAllowed, TransitionError, allowed_actions
from tinhso.organisation.models import Agency
from tinhso.organisation.roles import Role

router = Router(auth=[TokenAuth(), django_auth])


class ApplicantIn(Schema):
    name: str
    cccd: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


class DossierIn(Schema):
    procedure_code: str
    receiving_agency: str | None = None
    competent_agency: str | None = None
    channel: Literal["counter", "postal", "online", "national_portal"] = "counter"
    applicant: ApplicantIn
    received_components: list[int] = []
    fees_paid: int = 0
    delivery_mode: str = "counter"
    postal_address: str = ""
    receive: bool = True


class StepOut(Schema):
    order: int
    name: str
    agency: str
    role: str
    state: str
    started_at: datetime
    due_at: datetime
    finished_at: datetime | None
    timeliness: str


class EventOut(Schema):
    at: datetime
    action: str
    actor: str
    from_status: str
    to_status: str
    note: str


class DossierOut(Schema):
    code: str
    status: str
    status_label: str
    procedure_code: str
    procedure_name: str
    receiving_agency: str
    competent_agency: str
    channel: str
    applicant_name: str
    submitted_at: datetime
    received_at: datetime | None
    due_at: datetime | None
    legal_due_at: datetime | None
    result_ready_at: datetime | None
    returned_at: datetime | None
    extensions: int
    timeliness: str
    fees_due: int
    fees_paid: int
    steps: list[StepOut]
    events: list[EventOut]
    allowed_actions: list[str]


class ActionIn(Schema):
    action: str
    note: str = ""
    new_due_date: date | None = None
    components: list[int] = []


def _local(value: datetime | None) -> datetime | None:
    """Times in the province's zone (+07:00), as people and the national portal read them."""
    return timezone.localtime(value) if value is not None else None


def _out(request: HttpRequest, d: Dossier) -> DossierOut:
    v = d.procedure_version
    return DossierOut(
        code=d.code,
        status=d.status,
        status_label=d.get_status_display(),
        procedure_code=v.code,
        procedure_name=v.name,
        receiving_agency=d.receiving_agency.code,
        competent_agency=d.competent_agency.code,
        channel=d.channel,
        applicant_name=d.applicant_name,
        submitted_at=_local(d.submitted_at),
        received_at=_local(d.received_at),
        due_at=_local(d.due_at),
        legal_due_at=_local(d.legal_due_at),
        result_ready_at=_local(d.result_ready_at),
        returned_at=_local(d.returned_at),
        extensions=d.extensions,
        timeliness=d.timeliness,
        fees_due=d.fees_due,
        fees_paid=d.fees_paid,
        steps=[
            StepOut(
                order=s.order,
                name=s.name,
                agency=s.agency.code,
                role=s.role,
                state=s.state,
                started_at=_local(s.started_at),
                due_at=_local(s.due_at),
                finished_at=_local(s.finished_at),
                timeliness=s.timeliness,
            )
            for s in selectors.steps(d)
        ],
        events=[
            EventOut(
                at=_local(e.at),
                action=e.action,
                actor=e.actor_label,
                from_status=e.from_status,
                to_status=e.to_status,
                note=e.note,
            )
            for e in selectors.timeline(d)
        ],
        allowed_actions=[t.action.value for t in allowed_actions(d, request.user)],
    )


def _visible(request: HttpRequest, code: str) -> Dossier:
    dossier = selectors.dossier_for(request.user, code)
    if dossier is None:
        raise HttpError(404, "Không tìm thấy hồ sơ, hoặc hồ sơ không thuộc phạm vi của bạn.")
    return dossier


def _agency(code: str | None, field: str) -> Agency | None:
    if not code:
        return None
    agency = Agency.objects.filter(code=code, is_active=True).first()
    if agency is None:
        raise HttpError(422, f"{field}: không có cơ quan mã định danh '{code}'.")
    return agency


@router.post("", response={201: DossierOut}, summary="Tiếp nhận hoặc nộp một hồ sơ")
def dossier_create(request: HttpRequest, payload: DossierIn):
    """A one-stop officer's app records a dossier at their agency and (by default) receives it.

    `receiving_agency` defaults to the officer's agency; `receive: false` leaves it waiting
    in `submitted`.
    """
    own = list(agencies_of(request.user, {Role.RECEPTION}))
    receiving = _agency(payload.receiving_agency, "receiving_agency") or (own[0] if own else None)
    if receiving is None or receiving not in own:
        raise HttpError(403, "Chỉ cán bộ một cửa của cơ quan tiếp nhận được ghi nhận hồ sơ.")
    version = catalogue.version_in_force(payload.procedure_code, timezone.localdate())
    if version is None:
        raise HttpError(
            422, f"procedure_code: không có thủ tục '{payload.procedure_code}' đang áp dụng."
        )
    new = services.NewDossier(
        version=version,
        receiving_agency=receiving,
        competent_agency=_agency(payload.competent_agency, "competent_agency"),
        applicant=services.ApplicantInfo(**payload.applicant.dict()),
        channel=Channel(payload.channel),
        received_components=set(payload.received_components),
        fees_paid=payload.fees_paid,
        delivery_mode=payload.delivery_mode,
        postal_address=payload.postal_address,
    )
    try:
        if payload.receive:
            dossier = services.counter_receive(new, actor=request.user, request=request)
        else:
            dossier = services.dossier_create(new, actor=request.user, request=request)
    except services.DossierInputError as exc:
        raise HttpError(422, "Hồ sơ chưa hợp lệ: " + "; ".join(exc.errors.values())) from exc
    except TransitionError as exc:
        raise HttpError(409, str(exc)) from exc
    return Status(201, _out(request, selectors.dossier_for(request.user, dossier.code)))


@router.get("/{code}", response=DossierOut, summary="Xem một hồ sơ")
def dossier_detail(request: HttpRequest, code: str):
    return _out(request, _visible(request, code))


@router.post("/{code}/actions", response=DossierOut, summary="Thực hiện một bước xử lý")
def dossier_action(request: HttpRequest, code: str, payload: ActionIn):
    """`action` is one of the workflow actions (receive, forward, approve, return_result …);
    409 when the dossier's status does not allow it, 403 when the caller may not take it."""
    dossier = _visible(request, code)
    if payload.action not in Action.values:
        raise HttpError(422, f"action: '{payload.action}' không phải hành động hợp lệ.")
    try:
        services.dossier_act(
            dossier,
            payload.action,
            actor=request.user,
            note=payload.note,
            data={"new_due_date": payload.new_due_date, "components": payload.components},
            request=request,
        )
    except NotAllowed as exc:
        raise HttpError(403, str(exc)) from exc
    except TransitionError as exc:
        raise HttpError(409, str(exc)) from exc
    return _out(request, _visible(request, code))
