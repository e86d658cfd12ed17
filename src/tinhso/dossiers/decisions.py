"""Rules of the decisions on a received dossier: refusal, apology and extension, stop.

Legal basis and the choices made where the law is unclear: docs/decisions.md.

- Refusal after reception (Nghị định 118/2025/NĐ-CP): the dossier was accepted by the one-stop,
  so refusing to resolve it is the competent body's decision. The holder of the current step
  proposes (reason and legal basis), the leader of the competent agency decides; the applicant
  gets a numbered "Thông báo từ chối giải quyết hồ sơ" signed by that leader, returned through
  the one-stop (receiving agency). Mẫu 03 is only the one-stop's refusal to *receive*.
- Apology and extension (Mẫu 04, Thông tư 03/2025/TT-VPCP): the agency at fault writes it, at
  the latest one working day before the current return date (the rule of Nghị định 61/2018
  kept by Nghị định 118/2025), signed by its leader; each further delay is a new decision with
  its own reason and number.
"""

from datetime import date, datetime

from django.utils import timezone

from tinhso.dossiers.constants import Action, Status, Timeliness
from tinhso.dossiers.models import Dossier
from tinhso.organisation.models import Agency
from tinhso.workcalendar import calendar

ND118 = "Nghị định 118/2025/NĐ-CP"
# From how many working days before the return date the dossier page warns of Mẫu 04.
EXTENSION_WARNING_DAYS = 2


# --- refusal --------------------------------------------------------------------------------


def refusal_pending(dossier: Dossier) -> bool:
    """A proposal to refuse waits for the competent leader's decision."""
    return dossier.status == Status.PROCESSING and dossier.refusal_proposed_at is not None


def refusal_proposal(dossier: Dossier):
    """The pending proposal's event (reason in `note`, basis in data["legal_basis"])."""
    if not refusal_pending(dossier):
        return None
    return dossier.events.filter(action=Action.PROPOSE_REFUSAL).order_by("-at", "-id").first()


# --- apology and extension ------------------------------------------------------------------


def extension_latest_day(due_at: datetime) -> date:
    """The last day Mẫu 04 may be issued: the working day before the return date's day
    ("chậm nhất 01 ngày trước ngày hết hạn")."""
    return calendar.working_day_before(timezone.localdate(due_at))


def extension_warning_from(due_at: datetime) -> date:
    """From this day the dossier page warns that the apology is due (two working days before
    the return date)."""
    day = timezone.localdate(due_at)
    for _ in range(EXTENSION_WARNING_DAYS):
        day = calendar.working_day_before(day)
    return day


def extension_still_allowed(dossier: Dossier, now: datetime | None = None) -> bool:
    if dossier.due_at is None:
        return False
    today = timezone.localdate(now or timezone.now())
    return today <= extension_latest_day(dossier.due_at)


def extension_too_late_message(dossier: Dossier) -> str:
    if dossier.due_at is None:
        return "Hồ sơ chưa có ngày hẹn trả kết quả để gia hạn."
    latest = extension_latest_day(dossier.due_at)
    return (
        "Không thể ban hành văn bản xin lỗi và đề nghị gia hạn: theo Nghị định 118/2025/NĐ-CP "
        "văn bản phải ban hành chậm nhất 01 ngày làm việc trước ngày hẹn trả "
        f"{timezone.localtime(dossier.due_at):%d/%m/%Y} (tức là chậm nhất ngày "
        f"{latest:%d/%m/%Y})."
    )


def extension_warning(dossier: Dossier, now: datetime | None = None) -> str:
    """The warning of the dossier page, from two working days before the return date."""
    if dossier.status != Status.PROCESSING or dossier.due_at is None:
        return ""
    today = timezone.localdate(now or timezone.now())
    if today < extension_warning_from(dossier.due_at):
        return ""
    due = f"{timezone.localtime(dossier.due_at):%d/%m/%Y}"
    latest = extension_latest_day(dossier.due_at)
    if today <= latest:
        return (
            f"Hồ sơ sắp đến ngày hẹn trả {due}. Nếu không kịp giải quyết, lãnh đạo cơ quan "
            "để chậm phải ban hành văn bản xin lỗi và đề nghị gia hạn (Mẫu 04) chậm nhất ngày "
            f"{latest:%d/%m/%Y}."
        )
    return (
        f"Đã qua thời hạn ban hành văn bản xin lỗi và đề nghị gia hạn (chậm nhất ngày "
        f"{latest:%d/%m/%Y}) cho ngày hẹn trả {due}: hồ sơ trả sau ngày hẹn là trễ hạn."
    )


def agency_at_fault(dossier: Dossier, now: datetime | None = None) -> Agency:
    """The agency whose delay the apology is for: the holder of the current step when that
    step is past its own due time; else the agency of the last step finished late; else the
    competent agency (by default)."""
    now = now or timezone.now()
    step = dossier.current_step
    if step is not None and step.due_at < now:
        return step.agency
    late = (
        dossier.steps.filter(timeliness=Timeliness.LATE)
        .select_related("agency")
        .order_by("-finished_at", "-id")
        .first()
    )
    if late is not None:
        return late.agency
    return dossier.competent_agency


def agency_at_fault_id(dossier: Dossier, now: datetime | None = None) -> int:
    return agency_at_fault(dossier, now).pk


def ordinal(n: int) -> str:
    """Which decision this is: "lần thứ nhất", "lần thứ hai" …"""
    words = {1: "nhất", 2: "hai", 3: "ba", 4: "tư", 5: "năm"}
    return f"lần thứ {words.get(n, str(n))}"
