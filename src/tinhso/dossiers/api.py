"""/api/v1/dossiers: the same rules as the back-office pages, for apps and other systems.

Authentication: `Authorization: Bearer <token>` (tinhso.accounts.tokens) or the signed-in
session. A dossier the caller may not read answers 404, exactly like one that does not exist.
What a caller reads follows the pages: the applicant reads the applicant's timeline
(tinhso.dossiers.timeline: agencies, not officers; only notes meant for them), personal data
only who may see it (tinhso.dossiers.access.user_sees_personal_data).
"""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status
from ninja.errors import HttpError

from tinhso.accounts.access import reception_agencies, user_can_receive, user_is_staff
from tinhso.accounts.tokens import api_auth, api_user
from tinhso.api_common import DOSSIER_CODE, code_path, errors, local_time
from tinhso.catalogue import selectors as catalogue
from tinhso.dossiers import access, selectors, services, timeline
from tinhso.dossiers.constants import Action, Channel
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.schemas import (
    DossierActionIn,
    DossierApplicantOut,
    DossierEventOut,
    DossierIn,
    DossierOut,
    DossierStepOut,
)
from tinhso.dossiers.workflow import NotAllowed, TransitionError, allowed_actions
from tinhso.organisation.models import Agency
from tinhso.privacy.constants import AccessKind
from tinhso.privacy.services import log_access

router = Router(auth=api_auth())


def _events(request: HttpRequest, d: Dossier) -> list[DossierEventOut]:
    if timeline.reads_working_record(request.user):
        return [
            DossierEventOut(
                at=local_time(e.at),
                action=e.action,
                label=Action(e.action).label if e.action in Action.values else e.action,
                actor=e.actor_label,
                from_status=e.from_status,
                to_status=e.to_status,
                note=e.note,
            )
            for e in selectors.timeline(d)
        ]
    return [
        DossierEventOut(
            at=local_time(e.at),
            action=e.action,
            label=e.label,
            actor=e.place,
            from_status=e.from_status,
            to_status=e.to_status,
            note=e.note,
        )
        for e in timeline.applicant_timeline(d)
    ]


def _applicant(request: HttpRequest, d: Dossier) -> DossierApplicantOut:
    if access.user_sees_personal_data(request.user, d):
        return DossierApplicantOut(
            name=d.applicant_name,
            cccd=d.applicant_cccd,
            phone=d.applicant_phone,
            email=d.applicant_email,
            address=d.applicant_address,
        )
    return DossierApplicantOut(
        name=d.applicant_name, cccd=None, phone=None, email=None, address=None
    )


def _out(request: HttpRequest, d: Dossier) -> DossierOut:
    v = d.procedure_version
    applicant = _applicant(request, d)
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
        applicant=applicant,
        delivery_mode=d.delivery_mode,
        postal_address=d.postal_address if applicant.address is not None else None,
        submitted_at=local_time(d.submitted_at),
        received_at=local_time(d.received_at),
        due_at=local_time(d.due_at),
        legal_due_at=local_time(d.legal_due_at),
        result_ready_at=local_time(d.result_ready_at),
        returned_at=local_time(d.returned_at),
        extensions=d.extensions,
        timeliness=d.timeliness,
        fees_due=d.fees_due,
        fees_paid=d.fees_paid,
        steps=[
            DossierStepOut(
                order=s.order,
                name=s.name,
                agency=s.agency.code,
                role=s.role,
                state=s.state,
                started_at=local_time(s.started_at),
                due_at=local_time(s.due_at),
                finished_at=local_time(s.finished_at),
                timeliness=s.timeliness,
            )
            for s in selectors.steps(d)
        ],
        events=_events(request, d),
        allowed_actions=[t.action.value for t in allowed_actions(d, api_user(request))],
    )


def _visible(request: HttpRequest, code: str) -> Dossier:
    dossier = access.dossier_for(request.user, code)
    if dossier is None:
        raise HttpError(404, access.NOT_FOUND)
    return dossier


def _agency(code: str | None, field: str) -> Agency | None:
    if not code:
        return None
    agency = Agency.objects.filter(code=code, is_active=True).first()
    if agency is None:
        raise HttpError(422, f"{field}: không có cơ quan mã định danh '{code}'.")
    return agency


@router.post(
    "",
    response={201: DossierOut, **errors(400, 401, 403, 409, 413, 422)},
    summary="Tiếp nhận hồ sơ nộp trực tiếp hoặc qua bưu chính",
)
def dossier_create(request: HttpRequest, payload: DossierIn) -> Status:
    """A one-stop officer's app records a dossier received at the counter or by post at their
    agency and (by default) receives it.

    `receiving_agency` defaults to the officer's agency; `receive: false` leaves it waiting
    in `submitted`. `channel` is `counter` or `postal` only: dossiers filed online or on the
    national portal come through their own channels, which set it (422 otherwise), so an
    officer cannot count a counter dossier as online in the 766 figures.
    """
    receiving = _agency(payload.receiving_agency, "receiving_agency") or (
        reception_agencies(request.user).first()
    )
    if receiving is None or not user_can_receive(request.user, receiving):
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
        fee_lines=list(payload.fee_lines),
        fees_reason=payload.fees_reason,
        delivery_mode=payload.delivery_mode,
        postal_address=payload.postal_address,
    )
    try:
        if payload.receive:
            dossier = services.counter_receive(new, actor=api_user(request), request=request)
        else:
            dossier = services.dossier_create(new, actor=api_user(request), request=request)
    except services.DossierInputError as exc:
        raise HttpError(422, "Hồ sơ chưa hợp lệ: " + "; ".join(exc.errors.values())) from exc
    except TransitionError as exc:
        raise HttpError(409, str(exc)) from exc
    return Status(201, _out(request, _visible(request, dossier.code)))


@router.get(
    "/{code}",
    response={200: DossierOut, **errors(401, 404, 422)},
    summary="Xem một hồ sơ",
)
def dossier_detail(request: HttpRequest, code: str = code_path(DOSSIER_CODE)) -> DossierOut:
    dossier = _visible(request, code)
    user = api_user(request)
    if user_is_staff(user):
        # Luật 91/2025/QH15, Nghị định 356/2025/NĐ-CP: every staff read is logged.
        personal = access.user_sees_personal_data(request.user, dossier)
        log_access(user, dossier, AccessKind.API, request, personal=personal)
    return _out(request, dossier)


@router.post(
    "/{code}/actions",
    response={200: DossierOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    summary="Thực hiện một bước xử lý",
)
def dossier_action(
    request: HttpRequest, payload: DossierActionIn, code: str = code_path(DOSSIER_CODE)
) -> DossierOut:
    """`action` is one of the workflow actions (receive, forward, approve, return_result …);
    409 when the dossier's status does not allow it, 403 when the caller may not take it."""
    dossier = _visible(request, code)
    try:
        services.dossier_act(
            dossier,
            payload.action,
            actor=api_user(request),
            note=payload.note,
            data={
                "new_due_date": payload.new_due_date,
                "components": payload.components,
                "legal_basis": payload.legal_basis,
            },
            request=request,
        )
    except NotAllowed as exc:
        raise HttpError(403, str(exc)) from exc
    except TransitionError as exc:
        raise HttpError(409, str(exc)) from exc
    return _out(request, _visible(request, code))
