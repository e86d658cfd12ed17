"""What each transition does to the dossier itself: its dates, its steps and the legal clock.

`EFFECTS` maps each action of tinhso.dossiers.workflow to one function; dossier_act applies
it to the locked dossier inside the transaction, before the status changes. What a change
sets off elsewhere (statistics, national portal, notices) is in tinhso.dossiers.reactions.

Legal basis: Nghị định 118/2025/NĐ-CP — thời hạn giải quyết tính theo ngày làm việc từ khi
tiếp nhận đủ hồ sơ; thời gian chờ bổ sung không tính vào thời hạn; gia hạn kèm văn bản xin
lỗi (Mẫu 04, Thông tư 03/2025/TT-VPCP).
"""

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.catalogue.constants import TimeLimitUnit
from tinhso.catalogue.models import ProcedureVersion
from tinhso.dossiers import decisions, letters, paperwork
from tinhso.dossiers.constants import Action, LetterKind, Status, StepState, Timeliness
from tinhso.dossiers.models import Dossier, DossierPause, DossierStep
from tinhso.dossiers.overdue import step_deadline
from tinhso.dossiers.workflow import TransitionError
from tinhso.organisation.models import Agency
from tinhso.organisation.roles import Role
from tinhso.workcalendar import calendar

# --- the clock ------------------------------------------------------------------------------


def _office_day_hours() -> Decimal:
    """Hours in a working day: the sum of the office periods, lunch excluded."""
    return calendar.office_day_hours()


def _legal_due(version: ProcedureVersion, received_at: datetime) -> datetime:
    if version.time_limit_unit == TimeLimitUnit.HOURS:
        # Working hours from valid reception; "trong ngày" only when the procedure says so.
        return calendar.due_at(
            received_at,
            hours=version.time_limit_value,
            same_day_cutoff=version.same_day_cutoff,
            same_day=version.is_same_day,
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
        # Never on time past the legal deadline, whatever an extension says (overdue.py).
        step.timeliness = calendar.timeliness(step_deadline(step.due_at, dossier.legal_due_at), now)
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
        # Luật Phí và lệ phí 2015 Điều 17: collect at the rate set — more only with a reason.
        if d.fees_paid > d.fees_due and not str(data.get("fees_reason") or "").strip():
            raise TransitionError(
                "Số tiền đã thu lớn hơn phí, lệ phí phải nộp; hãy ghi lý do thu thêm."
            )
    d.received_at = now
    d.received_by = actor if getattr(actor, "is_authenticated", False) else None
    d.legal_due_at = _legal_due(d.procedure_version, now)
    d.due_at = d.legal_due_at
    _hand_over_to_competent(d, actor, now)
    # The date printed on the receipt (Mẫu 01): Mẫu 04 quotes it as the original date.
    data["receipt_due_at"] = d.due_at.isoformat()
    _start_step(d, 1, now, first=True)


def _hand_over_to_competent(d: Dossier, actor: User | None, now: datetime) -> None:
    """Received at one body, decided by another that holds the first step: the receiving
    body hands the dossier over at reception, as a finished step of its own (order 0).

    Nghị định 118/2025/NĐ-CP: reception independent of administrative boundaries — commune
    A receives, commune B (competent by the applicant's residence) decides; the hand-over is
    written on the Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 06, Thông tư
    03/2025/TT-VPCP) with its time, and counts for both bodies as liên thông (statistics
    step figures: an arrival and a departure at A, an arrival at B).
    """
    if d.receiving_agency_id == d.competent_agency_id or not d.plan:
        return
    if d.plan[0]["agency_id"] == d.receiving_agency_id:
        return
    DossierStep.objects.create(
        dossier=d,
        order=0,
        name=f"Tiếp nhận, chuyển hồ sơ đến {d.competent_agency.name}",
        agency_id=d.receiving_agency_id,
        role=Role.RECEPTION,
        allotted=Decimal(0),
        state=StepState.DONE,
        started_at=now,
        due_at=now,
        finished_at=now,
        finished_by=actor if getattr(actor, "is_authenticated", False) else None,
        timeliness=Timeliness.ON_TIME,
    )


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
    # The applicant's time to answer (Mẫu 02, Thông tư 03/2025/TT-VPCP): the procedure's
    # working days, counted like a time limit in days (from the next working day, to close).
    days = d.procedure_version.supplement_limit_days
    d.intake_escalated_at = None  # a new wait for reception starts when it comes back
    d.supplement_due_at = calendar.due_at(now, working_days=days)
    data["supplement_due_at"] = d.supplement_due_at.isoformat()


def _on_supplement_received(d: Dossier, actor, now, data) -> None:
    _received_components(d, data)
    _resume(d, now)
    d.supplement_due_at = None


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


def _issue(
    d: Dossier,
    kind: str,
    agency: Agency,
    actor: User | None,
    now: datetime,
    data: dict[str, Any],
    drafting_unit: str = "",
) -> None:
    """Number the letter the decision issues (tinhso.dossiers.letters) and note it in the
    event data; services.dossier_act links it to the event."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    signer = paperwork._signer(agency, user=user, on=timezone.localdate(now))
    letter = letters.issue_letter(
        agency=agency,
        kind=kind,
        dossier=d,
        issued_at=now,
        signer=user,
        signer_name=signer.name,
        signer_position=signer.position,
        drafting_unit=drafting_unit,
    )
    data["letter_id"] = letter.pk
    data["letter"] = letter.reference


def _on_propose_refusal(d: Dossier, actor, now, data) -> None:
    """Nghị định 118/2025/NĐ-CP: the holder of the step proposes; nothing closes yet."""
    basis = str(data.get("legal_basis") or "").strip()
    if not basis:
        raise TransitionError("Hãy ghi căn cứ pháp lý của đề xuất từ chối giải quyết.")
    data["legal_basis"] = basis
    d.refusal_proposed_at = now


def _on_reject_refusal(d: Dossier, actor, now, data) -> None:
    proposal = decisions.refusal_proposal(d)
    if proposal is not None:
        data["proposal_event"] = proposal.pk
    d.refusal_proposed_at = None


def _on_refuse(d: Dossier, actor, now, data) -> None:
    """The competent leader approves the proposal: the dossier closes and the applicant gets
    a numbered "Thông báo từ chối giải quyết hồ sơ" with the proposal's reason and basis."""
    proposal = decisions.refusal_proposal(d)
    if proposal is None:
        raise TransitionError("Chưa có đề xuất từ chối giải quyết của người thụ lý hồ sơ.")
    data["proposal_event"] = proposal.pk
    data["reason"] = proposal.note
    data["legal_basis"] = proposal.data.get("legal_basis", "")
    data["proposed_by"] = proposal.actor_label
    d.refusal_proposed_at = None
    if d.legal_due_at is not None:
        d.timeliness = calendar.timeliness(d.legal_due_at, now)
    _issue(d, LetterKind.REFUSAL_NOTICE, d.competent_agency, actor, now, data)
    _close(d, actor, now)


def _on_extend(d: Dossier, actor, now, data) -> None:
    """Mẫu 04: one new return date per letter, at the latest one working day before the
    current one; each letter is a decision of its own, counted (decisions.py)."""
    if not decisions.extension_still_allowed(d, now):
        raise TransitionError(decisions.extension_too_late_message(d))
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
    agency = decisions.agency_at_fault(d, now)
    data["previous_due_at"] = d.due_at.isoformat()
    data["new_due_at"] = new_due.isoformat()
    data["receipt_due_at"] = _receipt_due_at(d)
    d.due_at = new_due
    d.extensions += 1
    data["decision"] = d.extensions
    data["decision_label"] = decisions.ordinal(d.extensions)
    data["agency_id"] = agency.pk
    step = d.current_step
    unit = ""
    if step is not None and step.agency_id == agency.pk and step.department_id:
        unit = step.department.code if step.department else ""
    _issue(d, LetterKind.APOLOGY, agency, actor, now, data, drafting_unit=unit)
    if step is not None and step.due_at < new_due:
        step.due_at = new_due
        step.save(update_fields=["due_at"])


def _receipt_due_at(d: Dossier) -> str:
    """The return date printed on the receipt at reception (RECEIVE event data)."""
    received = d.events.filter(action=Action.RECEIVE).order_by("at", "id").first()
    if received is not None and received.data.get("receipt_due_at"):
        return str(received.data["receipt_due_at"])
    fallback = d.legal_due_at or d.due_at
    return fallback.isoformat() if fallback else ""


def _stage(d: Dossier) -> str:
    step = d.current_step
    if step is not None:
        return f"Bước {step.order}: {step.name} – {step.agency.name}"
    return Status(d.status).label


def _on_stop(d: Dossier, actor, now, data) -> None:
    """Mẫu 05 (Thông tư 03/2025/TT-VPCP): the applicant's request (who, when, how — none when
    the body stops on its own motion), the stage, the decision and the settlement of fees."""
    request = {
        key: str(data.get(key) or "").strip()
        for key in ("request_by", "request_date", "request_how")
    }
    if any(request.values()) and not (request["request_by"] and request["request_date"]):
        raise TransitionError(
            "Đề nghị dừng của người nộp: hãy ghi rõ người đề nghị và ngày đề nghị "
            "(để trống cả ba ô nếu cơ quan tự dừng giải quyết)."
        )
    data.update(request)
    data["own_motion"] = not request["request_by"]
    data["stage"] = _stage(d)
    data["fees_paid"] = d.fees_paid
    refund = data.get("refund_amount")
    refund = d.fees_paid if refund in (None, "") else _amount(refund)
    if refund > d.fees_paid:
        raise TransitionError(
            f"Số tiền hoàn trả không được lớn hơn số đã thu ({d.fees_paid:,} đồng).".replace(
                ",", "."
            )
        )
    data["refund_amount"] = refund
    _issue(d, LetterKind.STOP_NOTICE, d.competent_agency, actor, now, data)
    _close(d, actor, now)


def _on_withdraw(d: Dossier, actor, now, data) -> None:
    """Withdrawal on the applicant's request: recorded for the "Xác nhận rút hồ sơ"."""
    data["stage"] = _stage(d) if d.received_at else "Chưa tiếp nhận"
    data["fees_paid"] = d.fees_paid
    _close(d, actor, now)


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
    Action.PROPOSE_REFUSAL: _on_propose_refusal,
    Action.REJECT_REFUSAL: _on_reject_refusal,
    Action.REFUSE: _on_refuse,
    Action.EXTEND: _on_extend,
    Action.STOP: _on_stop,
    Action.WITHDRAW: _on_withdraw,
    Action.RETURN_RESULT: _on_return,
}
