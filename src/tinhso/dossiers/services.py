"""Creating dossiers and moving them through the state machine of tinhso.dossiers.workflow.

Every change runs in one transaction, locks the dossier row, appends a DossierEvent to the
timeline, writes the audit record and queues the applicant's notification after commit.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.audit.services import audit_record
from tinhso.catalogue.constants import CompetentLevel, DeliveryMode, TimeLimitUnit
from tinhso.catalogue.models import ProcedureVersion
from tinhso.catalogue.process import plan_of
from tinhso.dossiers import notices
from tinhso.dossiers.constants import (
    FINAL_STATUSES,
    Action,
    Channel,
    FileKind,
    Status,
    StepState,
)
from tinhso.dossiers.models import (
    Dossier,
    DossierComponent,
    DossierEvent,
    DossierFile,
    DossierPause,
    DossierSequence,
    DossierStep,
)
from tinhso.dossiers.signals import dossier_changed
from tinhso.dossiers.workflow import (
    Actor,
    NotAllowed,
    Transition,
    TransitionError,
    actors_of,
    transition_for,
)
from tinhso.organisation.models import Agency
from tinhso.workcalendar import calendar


class DossierInputError(Exception):
    """Bad input for a new dossier; `errors` maps a field to its Vietnamese message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass
class ApplicantInfo:
    name: str
    cccd: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    account: User | None = None


@dataclass
class NewFile:
    upload: UploadedFile
    component_spec_id: int | None = None
    kind: str = FileKind.COMPONENT


@dataclass
class NewDossier:
    version: ProcedureVersion
    receiving_agency: Agency
    applicant: ApplicantInfo
    channel: str = Channel.COUNTER
    competent_agency: Agency | None = None
    received_components: set[int] = field(default_factory=set)
    files: list[NewFile] = field(default_factory=list)
    fees_paid: int = 0
    delivery_mode: str = "counter"
    postal_address: str = ""
    note: str = ""


# --- codes ----------------------------------------------------------------------------------


def next_sequence(agency: Agency, day: date) -> int:
    """The next number of the agency's dossiers on `day`, atomically.

    One statement on both PostgreSQL and SQLite ≥ 3.35: concurrent receptions each get their
    own number, because the upsert takes the row lock (PostgreSQL) or the write lock (SQLite).
    """
    table = DossierSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, day, last) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (agency_id, day) DO UPDATE SET last = {table}.last + 1 "
            "RETURNING last",
            [agency.pk, day],
        )
        return int(cursor.fetchone()[0])


def dossier_code(agency: Agency, day: date, sequence: int) -> str:
    """`<agency identifier>-<yyMMdd>-<sequence>` (QĐ 20/2020/QĐ-TTg identifier; TT 03/2025)."""
    return f"{agency.code}-{day:%y%m%d}-{sequence:04d}"


# --- creation ------------------------------------------------------------------------------


def competent_agencies(version: ProcedureVersion, receiving: Agency) -> list[Agency]:
    """Agencies that may decide a dossier of this version received at `receiving`.

    A commune-level procedure without named agencies is decided by the commune where it is
    received; the province's centres receive regardless of boundaries (ND 118/2025), so at
    a province-level receiving point the officer chooses the commune.
    """
    named = list(version.agencies.all())
    if named:
        return named
    if version.competent_level == CompetentLevel.COMMUNE:
        if receiving.is_commune_level:
            return [receiving]
        return list(Agency.objects.filter(kind="ubnd_xa", is_active=True).order_by("name"))
    return []


def _validate(new: NewDossier) -> Agency:
    errors: dict[str, str] = {}
    if not new.applicant.name.strip():
        errors["applicant_name"] = "Hãy nhập họ và tên người nộp hồ sơ."
    if new.channel not in Channel.values:
        errors["channel"] = "Kênh nộp hồ sơ không hợp lệ."
    if new.delivery_mode not in (new.version.delivery_modes or ["counter"]):
        errors["delivery_mode"] = "Thủ tục này không trả kết quả theo hình thức đã chọn."
    if new.delivery_mode == "postal" and not new.postal_address.strip():
        errors["postal_address"] = "Hãy nhập địa chỉ nhận kết quả qua bưu chính."
    if not new.version.is_published:
        errors["procedure"] = "Thủ tục chưa được công bố."
    candidates = competent_agencies(new.version, new.receiving_agency)
    competent = new.competent_agency
    if competent is None and len(candidates) == 1:
        competent = candidates[0]
    if competent is None:
        errors["competent_agency"] = "Hãy chọn cơ quan giải quyết hồ sơ."
    elif candidates and competent not in candidates:
        errors["competent_agency"] = f"{competent.name} không có thẩm quyền giải quyết thủ tục này."
    spec_ids = {c.pk for c in new.version.components.all()}
    if not new.received_components <= spec_ids:
        errors["components"] = "Có giấy tờ không thuộc thủ tục này."
    for f in new.files:
        if f.component_spec_id is not None and f.component_spec_id not in spec_ids:
            errors["files"] = "Có tệp gắn với giấy tờ không thuộc thủ tục này."
    if errors:
        raise DossierInputError(errors)
    assert competent is not None
    return competent


def _plan_snapshot(version: ProcedureVersion, competent: Agency) -> list[dict[str, Any]]:
    return [
        {
            "order": p.order,
            "name": p.name,
            "agency_id": p.agency.pk if p.agency else competent.pk,
            "department_id": p.department.pk if p.department else None,
            "role": p.role,
            "allotted": str(p.allotted),
        }
        for p in plan_of(version)
    ]


@transaction.atomic
def dossier_create(
    new: NewDossier, *, actor: User | None, request: HttpRequest | None = None
) -> Dossier:
    """A dossier in `submitted` (chờ tiếp nhận), with its components, files and code."""
    competent = _validate(new)
    now = timezone.now()
    version = new.version
    day = timezone.localdate(now)
    fees_due = sum(f.amount for f in version.fees.all())
    a = new.applicant
    dossier = Dossier.objects.create(
        code=dossier_code(new.receiving_agency, day, next_sequence(new.receiving_agency, day)),
        procedure_version=version,
        receiving_agency=new.receiving_agency,
        competent_agency=competent,
        channel=new.channel,
        applicant=a.account,
        applicant_name=a.name.strip(),
        applicant_cccd=a.cccd.strip(),
        applicant_phone=a.phone.strip(),
        applicant_email=a.email.strip(),
        applicant_address=a.address.strip(),
        delivery_mode=new.delivery_mode,
        postal_address=new.postal_address.strip(),
        fees_due=fees_due,
        fees_paid=new.fees_paid,
        note=new.note,
        submitted_at=now,
        plan=_plan_snapshot(version, competent),
    )
    by_spec = {}
    for spec in version.components.all():
        by_spec[spec.pk] = DossierComponent.objects.create(
            dossier=dossier,
            spec=spec,
            order=spec.order,
            name=spec.name,
            required=spec.required,
            originals=spec.originals,
            copies=spec.copies,
            received=spec.pk in new.received_components,
        )
    for f in new.files:
        _store_file(dossier, f, actor, by_spec.get(f.component_spec_id))
    _event(dossier, actor, Action.SUBMIT, "", Status.SUBMITTED, now, note=new.note)
    audit_record(
        actor=actor,
        action="dossier.submit",
        target=dossier,
        summary=f"Nộp hồ sơ {dossier.code}: {version.name} ({dossier.get_channel_display()})",
        request=request,
    )
    notices.status_changed(dossier, Action.SUBMIT)
    dossier_changed.send(
        Dossier,
        dossier=dossier,
        action=Action.SUBMIT,
        from_status="",
        to_status=dossier.status,
        note=new.note,
    )
    return dossier


def _store_file(
    dossier: Dossier, f: NewFile, actor: User | None, component: DossierComponent | None
) -> DossierFile:
    stored = DossierFile(
        dossier=dossier,
        component=component,
        kind=f.kind,
        original_name=f.upload.name[:255],
        content_type=getattr(f.upload, "content_type", "") or "",
        size=f.upload.size or 0,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    stored.file.save(f.upload.name, f.upload, save=False)
    stored.save()
    if component is not None and not component.received:
        component.received = True
        component.save(update_fields=["received"])
    return stored


@transaction.atomic
def dossier_attach(
    dossier: Dossier, files: list[NewFile], *, actor: User | None
) -> list[DossierFile]:
    """Add files (scans, supplements, the result) to a dossier, on the record."""
    components = {c.spec_id: c for c in dossier.components.all()}
    stored = [_store_file(dossier, f, actor, components.get(f.component_spec_id)) for f in files]
    audit_record(
        actor=actor,
        action="dossier.attach",
        target=dossier,
        summary=f"Thêm {len(stored)} tệp: " + ", ".join(s.original_name for s in stored),
    )
    return stored


# --- the clock ------------------------------------------------------------------------------


def _office_day_hours() -> Decimal:
    opens = time.fromisoformat(settings.OFFICE_OPENS_AT)
    closes = time.fromisoformat(settings.OFFICE_CLOSES_AT)
    minutes = (closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute)
    return Decimal(minutes) / 60


def _legal_due(version: ProcedureVersion, received_at: datetime) -> datetime:
    if version.time_limit_unit == TimeLimitUnit.HOURS:
        return calendar.due_at(
            received_at, hours=version.time_limit_value, same_day_cutoff=version.same_day_cutoff
        )
    return calendar.due_at(received_at, working_days=version.time_limit_value)


def _allotted_days(dossier: Dossier, allotted: Decimal) -> Decimal:
    if dossier.procedure_version.time_limit_unit == TimeLimitUnit.HOURS:
        return (allotted / _office_day_hours()).quantize(Decimal("0.01"))
    return allotted


def _start_step(dossier: Dossier, order: int, now: datetime, first: bool = False) -> DossierStep:
    plan = dossier.plan[order - 1]
    allotted = Decimal(plan["allotted"])
    days = _allotted_days(dossier, allotted)
    if first:
        due = calendar.due_at(now, working_days=days) if days else dossier.due_at
    else:
        due = calendar.add_working_time(now, days)
    if dossier.due_at is not None and (order == dossier.plan_length or due > dossier.due_at):
        due = dossier.due_at
    step = DossierStep.objects.create(
        dossier=dossier,
        order=order,
        name=plan["name"],
        agency_id=plan["agency_id"],
        department_id=plan["department_id"],
        role=plan["role"],
        allotted=allotted,
        started_at=now,
        due_at=due,
    )
    dossier.current_step = step
    return step


def _finish_step(dossier: Dossier, actor: User | None, now: datetime, state: str) -> None:
    step = dossier.current_step
    if step is None:
        return
    step.state = state
    step.finished_at = now
    step.finished_by = actor if getattr(actor, "is_authenticated", False) else None
    if state == StepState.DONE:
        step.timeliness = calendar.timeliness(step.due_at, now)
    step.save(update_fields=["state", "finished_at", "finished_by", "timeliness"])
    dossier.current_step = None


def _resume(dossier: Dossier, now: datetime) -> None:
    if dossier.paused_at is None:
        return
    paused_at = dossier.paused_at
    DossierPause.objects.filter(dossier=dossier, ended_at__isnull=True).update(ended_at=now)
    for name in ("due_at", "legal_due_at"):
        value = getattr(dossier, name)
        if value is not None:
            setattr(dossier, name, calendar.resume_due_at(value, paused_at, now))
    step = dossier.current_step
    if step is not None:
        step.due_at = calendar.resume_due_at(step.due_at, paused_at, now)
        step.save(update_fields=["due_at"])
    dossier.paused_at = None


def _close(dossier: Dossier, actor: User | None, now: datetime) -> None:
    if dossier.paused_at is not None:
        DossierPause.objects.filter(dossier=dossier, ended_at__isnull=True).update(ended_at=now)
        dossier.paused_at = None
    _finish_step(dossier, actor, now, StepState.CLOSED)
    dossier.closed_at = now


# --- effects of each action -----------------------------------------------------------------


def _received_components(dossier: Dossier, data: dict[str, Any]) -> None:
    ids = data.get("components")
    if ids is None:
        return
    wanted = {int(i) for i in ids}
    for c in dossier.components.all():
        if c.pk in wanted and not c.received:
            c.received = True
            c.save(update_fields=["received"])


def _on_receive(d: Dossier, actor: User | None, now: datetime, data: dict[str, Any]) -> None:
    _received_components(d, data)
    missing = [c.name for c in d.components.all() if c.required and not c.received]
    if missing:
        raise TransitionError(
            "Hồ sơ còn thiếu giấy tờ bắt buộc: "
            + "; ".join(missing)
            + ". Hãy lập phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."
        )
    if "fees_paid" in data:
        d.fees_paid = _amount(data["fees_paid"])
    d.received_at = now
    d.received_by = actor if getattr(actor, "is_authenticated", False) else None
    d.legal_due_at = _legal_due(d.procedure_version, now)
    d.due_at = d.legal_due_at
    _start_step(d, 1, now, first=True)


def _amount(value: Any) -> int:
    try:
        amount = int(str(value).replace(".", "").replace(" ", "") or 0)
    except ValueError:
        raise TransitionError("Số tiền đã thu phải là số đồng, ví dụ 50.000.") from None
    if amount < 0:
        raise TransitionError("Số tiền đã thu không được âm.")
    return amount


def _on_request_supplement(d: Dossier, actor, now, data) -> None:
    if d.received_at is not None:
        d.paused_at = now
        DossierPause.objects.create(dossier=d, started_at=now, reason=data["note"])


def _on_supplement_received(d: Dossier, actor, now, data) -> None:
    _received_components(d, data)
    _resume(d, now)


def _on_forward(d: Dossier, actor, now, data) -> None:
    order = d.current_step.order
    _finish_step(d, actor, now, StepState.DONE)
    _start_step(d, order + 1, now)


def _on_send_back(d: Dossier, actor, now, data) -> None:
    order = d.current_step.order
    _finish_step(d, actor, now, StepState.SENT_BACK)
    _start_step(d, order - 1, now)


def _on_approve(d: Dossier, actor, now, data) -> None:
    _finish_step(d, actor, now, StepState.DONE)
    d.result_ready_at = now
    d.timeliness = calendar.timeliness(d.legal_due_at, now)


def _on_refuse(d: Dossier, actor, now, data) -> None:
    if d.legal_due_at is not None:
        d.timeliness = calendar.timeliness(d.legal_due_at, now)
    _close(d, actor, now)


def _on_extend(d: Dossier, actor, now, data) -> None:
    new_date = data.get("new_due_date")
    if isinstance(new_date, str):
        try:
            new_date = date.fromisoformat(new_date)
        except ValueError:
            new_date = None
    if not isinstance(new_date, date):
        raise TransitionError("Hãy chọn ngày hẹn trả kết quả mới (dd/mm/yyyy).")
    if not calendar.is_working_day(new_date):
        raise TransitionError(f"Ngày {new_date:%d/%m/%Y} không phải ngày làm việc.")
    closes = time.fromisoformat(settings.OFFICE_CLOSES_AT)
    new_due = timezone.make_aware(datetime.combine(new_date, closes))
    if new_due <= d.due_at:
        raise TransitionError(
            f"Ngày hẹn mới phải sau ngày hẹn hiện tại {timezone.localtime(d.due_at):%d/%m/%Y}."
        )
    data["previous_due_at"] = d.due_at.isoformat()
    data["new_due_at"] = new_due.isoformat()
    d.due_at = new_due
    d.extensions += 1
    if d.current_step is not None and d.current_step.due_at < new_due:
        d.current_step.due_at = new_due
        d.current_step.save(update_fields=["due_at"])


def _on_close(d: Dossier, actor, now, data) -> None:
    _close(d, actor, now)


def _on_return(d: Dossier, actor, now, data) -> None:
    d.returned_at = now
    d.closed_at = now
    data.setdefault("delivery_mode", d.delivery_mode)


EFFECTS = {
    Action.RECEIVE: _on_receive,
    Action.REFUSE_RECEPTION: _on_close,
    Action.REQUEST_SUPPLEMENT: _on_request_supplement,
    Action.SUPPLEMENT_RECEIVED: _on_supplement_received,
    Action.FORWARD: _on_forward,
    Action.SEND_BACK: _on_send_back,
    Action.APPROVE: _on_approve,
    Action.REFUSE: _on_refuse,
    Action.EXTEND: _on_extend,
    Action.STOP: _on_close,
    Action.WITHDRAW: _on_close,
    Action.RETURN_RESULT: _on_return,
}


def _event(dossier, actor, action, from_status, to_status, at, note="", data=None, step=None):
    user = actor if getattr(actor, "is_authenticated", False) else None
    return DossierEvent.objects.create(
        dossier=dossier,
        at=at,
        actor=user,
        actor_label=(user.full_name or user.get_username()) if user else "Hệ thống",
        action=action,
        from_status=from_status,
        to_status=to_status,
        step=step,
        note=note,
        data=data or {},
    )


def dossier_act(
    dossier: Dossier,
    action: str,
    *,
    actor: User,
    note: str = "",
    data: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> Dossier:
    """Take `action` on the dossier as `actor`, or raise TransitionError changing nothing."""
    note = (note or "").strip()
    data = dict(data or {})
    with transaction.atomic():
        locked = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("procedure_version", "current_step")
            .get(pk=dossier.pk)
        )
        t: Transition = transition_for(locked, action, actor)
        if t.needs_note and not note:
            raise TransitionError(f"Hãy ghi rõ nội dung, lý do khi '{t.action.label}'.")
        now = timezone.now()
        before = locked.status
        step_before = locked.current_step
        data["note"] = note
        EFFECTS[t.action](locked, actor, now, data)
        data.pop("note")
        locked.status = t.target
        locked.save()
        _event(
            locked,
            actor,
            t.action,
            before,
            t.target,
            now,
            note=note,
            data=_jsonable(data),
            step=step_before or locked.current_step,
        )
        audit_record(
            actor=actor,
            action=f"dossier.{t.action}",
            target=locked,
            summary=f"{t.action.label}: {Status(before).label} → {Status(t.target).label}",
            changes={"status": [before, t.target], **({"note": note} if note else {})},
            request=request,
        )
        notices.status_changed(locked, t.action, note=note)
        dossier_changed.send(
            Dossier,
            dossier=locked,
            action=t.action,
            from_status=before,
            to_status=t.target,
            note=note,
        )
    return locked


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in data.items():
        if isinstance(value, date | datetime):
            out[key] = value.isoformat()
        elif isinstance(value, set):
            out[key] = sorted(value)
        else:
            out[key] = value
    return out


@transaction.atomic
def counter_receive(new: NewDossier, *, actor: User, request: HttpRequest | None = None) -> Dossier:
    """Walk-in reception at the counter: create the dossier and receive it, or neither."""
    dossier = dossier_create(new, actor=actor, request=request)
    return dossier_act(dossier, Action.RECEIVE, actor=actor, request=request)


# --- how the result is delivered ------------------------------------------------------------


def delivery_change(
    dossier: Dossier,
    *,
    mode: str,
    postal_address: str,
    actor: User,
    request: HttpRequest | None = None,
) -> Dossier:
    """Change how the result is returned: at the counter, by public post, or electronically.

    Nghị định 118/2025/NĐ-CP lets the applicant receive the result directly, through the
    public postal service or electronically; the choice is among the modes the procedure
    version offers and may change only until the result is returned (a closed dossier has
    nothing left to deliver). The applicant, or the one-stop officer of the receiving agency
    on the applicant's request, may change it. Raises DossierInputError (bad mode or
    address), NotAllowed (someone else) or TransitionError (too late), changing nothing.
    """
    mode = (mode or "").strip()
    postal_address = (postal_address or "").strip()
    with transaction.atomic():
        locked = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("procedure_version")
            .get(pk=dossier.pk)
        )
        if not actors_of(actor, locked) & {Actor.APPLICANT, Actor.RECEPTION}:
            raise NotAllowed(
                "Chỉ người nộp hồ sơ hoặc cán bộ một cửa nơi tiếp nhận được đổi hình thức "
                "nhận kết quả."
            )
        if locked.status in FINAL_STATUSES:
            raise TransitionError(
                "Không thể đổi hình thức nhận kết quả khi hồ sơ đang ở trạng thái "
                f"'{Status(locked.status).label}'."
            )
        offered = locked.procedure_version.delivery_modes or [DeliveryMode.COUNTER]
        errors: dict[str, str] = {}
        if mode not in DeliveryMode.values or mode not in offered:
            errors["mode"] = "Thủ tục này không trả kết quả theo hình thức đã chọn."
        if mode == DeliveryMode.POSTAL and not postal_address:
            errors["postal_address"] = "Hãy nhập địa chỉ nhận kết quả qua bưu chính."
        if len(postal_address) > 300:
            errors["postal_address"] = "Địa chỉ dài quá 300 ký tự."
        if errors:
            raise DossierInputError(errors)
        if mode != DeliveryMode.POSTAL:
            postal_address = ""
        before = {"delivery_mode": locked.delivery_mode, "postal_address": locked.postal_address}
        locked.delivery_mode = mode
        locked.postal_address = postal_address
        locked.save(update_fields=["delivery_mode", "postal_address"])
        audit_record(
            actor=actor,
            action="dossier.delivery_change",
            target=locked,
            summary=f"Đổi hình thức nhận kết quả: {DeliveryMode(mode).label}",
            changes={
                "delivery_mode": [before["delivery_mode"], mode],
                "postal_address": [before["postal_address"], postal_address],
            },
            request=request,
        )
    return locked
