"""Builders of the decisions' papers: Mẫu 03, 04, 05 (Thông tư 03/2025/TT-VPCP, Phụ lục I),
the "Thông báo từ chối giải quyết hồ sơ" and the "Xác nhận rút hồ sơ".

Each letter a decision issued carries the number of tinhso.dossiers.letters, read back from
the register: a reprint shows the same number and date. Rules and bases: docs/decisions.md.
"""

import contextlib
from datetime import datetime
from typing import Any

from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.dossiers import letters
from tinhso.dossiers.constants import Action, Channel, Status
from tinhso.dossiers.models import Dossier, DossierEvent
from tinhso.organisation.models import Agency
from tinhso.printing import data as p
from tinhso.printing import render
from tinhso.printing.formatting import money

ND118_FULL = (
    "Nghị định số 118/2025/NĐ-CP ngày 09 tháng 6 năm 2025 của Chính phủ về thực hiện thủ tục "
    "hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và Cổng Dịch vụ "
    "công quốc gia"
)


def _paperwork() -> Any:
    # paperwork imports this module for its BUILDERS: import it when a builder runs.
    from tinhso.dossiers import paperwork

    return paperwork


def _last_event(d: Dossier, *actions: str) -> DossierEvent:
    event = d.events.filter(action__in=actions).select_related("actor").order_by("-at", "-id")
    found = event.first()
    if found is None:
        raise LookupError(f"Hồ sơ {d.code} không có sự kiện {actions}.")
    return found


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _number_and_signer(d: Dossier, event: DossierEvent, agency: Agency) -> tuple[str, p.Signer]:
    """The registered number of the event's letter and its signer (the deciding leader)."""
    letter = letters.letter_of_event(event.pk)
    signer_user: User | None = event.actor if event.actor_id else None
    on = timezone.localdate(event.at) if event.at else None  # the delegation of that day
    signer = _paperwork()._signer(agency, user=signer_user, on=on)
    return (letter.reference if letter else "", signer)


def _received(d: Dossier) -> datetime:
    return d.received_at or d.submitted_at


def _recipients(d: Dossier) -> list[str]:
    return [
        d.applicant_name,
        f"{d.receiving_agency.name} (Bộ phận Một cửa, để trả cho người nộp)",
        "Lưu: VT",
    ]


# --- Mẫu 03: the one-stop's refusal to receive ---------------------------------------------


def refusal(d: Dossier, personal: bool = True) -> bytes:
    """Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ (REFUSE_RECEPTION only)."""
    pw = _paperwork()
    event = _last_event(d, Action.REFUSE_RECEPTION)
    reasons = tuple(p.Reason(line.strip(" -•")) for line in event.note.splitlines() if line.strip())
    return render.refusal_pdf(
        p.RefusalData(
            header=pw._one_stop_header(d.receiving_agency),
            number=pw._number(d, "TC"),
            procedure_name=d.procedure_version.name,
            applicant=pw._applicant(d, personal),
            reasons=reasons,
            officer=event.actor_label,
            issued_at=event.at,
            dossier_code=d.code,
            submitted_at=d.submitted_at,
        )
    )


# --- Thông báo từ chối giải quyết hồ sơ (after reception) ----------------------------------


def refusal_notice(d: Dossier, personal: bool = True) -> bytes:
    """The competent leader's refusal, with the proposal's reason and legal basis."""
    pw = _paperwork()
    event = _last_event(d, Action.REFUSE)
    number, signer = _number_and_signer(d, event, d.competent_agency)
    return render.refusal_notice_pdf(
        p.RefusalNoticeData(
            header=pw._header(d.competent_agency),
            number=number,
            dossier_code=d.code,
            procedure_name=d.procedure_version.name,
            applicant=pw._applicant(d, personal),
            received_at=_received(d),
            reason=event.data.get("reason", ""),
            legal_basis=event.data.get("legal_basis", "").rstrip(" ."),
            signer=signer,
            issued_at=event.at,
            receiving_agency=d.receiving_agency.name,
            recipients=tuple(_recipients(d)),
        )
    )


# --- Mẫu 04 ---------------------------------------------------------------------------------


def apology(d: Dossier, personal: bool = True) -> bytes:
    """Mẫu 04 of the latest extension decision; earlier ones are listed as history. The
    original date is the one printed on the receipt (Mẫu 01)."""
    pw = _paperwork()
    events = list(d.events.filter(action=Action.EXTEND).select_related("actor").order_by("at"))
    last = events[-1]
    agency = Agency.objects.filter(pk=last.data.get("agency_id")).first() or d.competent_agency
    number, signer = _number_and_signer(d, last, agency)
    history = [
        p.Extension(
            requested_at=e.at,
            previous_due_at=_when(e.data["previous_due_at"]) or e.at,
            new_due_at=_when(e.data["new_due_at"]) or e.at,
            reason=e.note,
            approved_by=e.actor_label,
        )
        for e in events[:-1]
    ]
    original = _when(last.data.get("receipt_due_at")) or _when(last.data["previous_due_at"])
    return render.apology_pdf(
        p.ApologyData(
            header=pw._header(agency),
            number=number,
            dossier_code=d.code,
            procedure_name=d.procedure_version.name,
            applicant=pw._applicant(d, personal),
            received_at=_received(d),
            original_due_at=original or last.at,
            reason=last.note,
            new_due_at=_when(last.data["new_due_at"]) or last.at,
            signer=signer,
            issued_at=last.at,
            extension_history=tuple(history),
            receiving_agency=d.receiving_agency.name,
            decision_label=last.data.get("decision_label", ""),
            recipients=tuple(_recipients(d)),
        )
    )


# --- Mẫu 05 ---------------------------------------------------------------------------------


def _stop_request(data: dict[str, Any]) -> str:
    if not data.get("request_by"):
        return ""
    text = f"đề nghị dừng giải quyết hồ sơ của {data['request_by']}"
    day = data.get("request_date", "")
    if day:
        with contextlib.suppress(ValueError):
            day = f"{datetime.fromisoformat(day):%d/%m/%Y}"
        text += f" ngày {day}"
    if data.get("request_how"):
        text += f" ({data['request_how']})"
    return text


def _settlement(fees_paid: int, refund: int) -> str:
    if not fees_paid:
        return "Người nộp hồ sơ chưa nộp phí, lệ phí: không có khoản phải hoàn trả."
    if refund >= fees_paid:
        return f"Hoàn trả toàn bộ số phí, lệ phí đã nộp: {money(fees_paid)}."
    if refund:
        return (
            f"Đã nộp {money(fees_paid)}; hoàn trả {money(refund)}; "
            f"không hoàn trả {money(fees_paid - refund)} (phần công việc đã thực hiện)."
        )
    return f"Đã nộp {money(fees_paid)}; không hoàn trả (phần công việc đã thực hiện)."


def stop(d: Dossier, personal: bool = True) -> bytes:
    """Mẫu 05 — the request (or own motion), stage, decision and settlement of the event."""
    pw = _paperwork()
    event = _last_event(d, Action.STOP)
    data = event.data
    number, signer = _number_and_signer(d, event, d.competent_agency)
    fees_paid = int(data.get("fees_paid", d.fees_paid))
    refund = int(data.get("refund_amount", fees_paid))
    step = event.step
    stage = data.get("stage") or (step.name if step else Status(event.from_status).label)
    return render.stop_pdf(
        p.StopData(
            header=pw._header(d.competent_agency),
            number=number,
            dossier_code=d.code,
            procedure_name=d.procedure_version.name,
            applicant=pw._applicant(d, personal),
            received_at=_received(d),
            reason=event.note,
            stage=stage,
            decision=(
                f"Dừng giải quyết hồ sơ mã số {d.code} kể từ "
                f"{timezone.localtime(event.at):%H giờ %M, ngày %d/%m/%Y}; hồ sơ kết thúc, "
                "không tiếp tục giải quyết."
            ),
            fees_settlement=_settlement(fees_paid, refund),
            signer=signer,
            issued_at=event.at,
            stopped_at=event.at,
            request=_stop_request(data),
            basis=ND118_FULL,
            recipients=tuple(_recipients(d)),
        )
    )


# --- Xác nhận rút hồ sơ ---------------------------------------------------------------------


def withdrawal(d: Dossier, personal: bool = True) -> bytes:
    """The record of a withdrawal (the applicant's own act, not a decision): docs/decisions.md."""
    pw = _paperwork()
    event = _last_event(d, Action.WITHDRAW)
    by_applicant = event.actor_id is not None and event.actor_id == d.applicant_id
    fees_paid = int(event.data.get("fees_paid", d.fees_paid))
    return render.withdrawal_pdf(
        p.WithdrawalData(
            header=pw._one_stop_header(d.receiving_agency),
            number=pw._number(d, "XNRHS"),
            dossier_code=d.code,
            procedure_name=d.procedure_version.name,
            applicant=pw._applicant(d, personal),
            submitted_at=d.submitted_at,
            received_at=d.received_at,
            withdrawn_at=event.at,
            requested_by=d.applicant_name,
            channel=(
                "rút trực tuyến trên Cổng dịch vụ công"
                if by_applicant
                else "đề nghị tại Bộ phận Một cửa"
                if d.channel != Channel.NATIONAL_PORTAL
                else "đề nghị qua Cổng Dịch vụ công quốc gia"
            ),
            reason=event.note,
            stage=event.data.get("stage", Status(event.from_status).label),
            fees_settlement=(
                f"đã nộp {money(fees_paid)}, được hoàn trả theo quy định về phí, lệ phí."
                if fees_paid
                else "không có khoản phí, lệ phí đã nộp."
            ),
            officer="" if by_applicant else event.actor_label,
        )
    )
