"""What the applicant reads of their dossier's timeline: one rule for the pages of
/ho-so-cua-toi/, /api/v1/me and /api/v1/dossiers.

The applicant is told where the dossier is (the agency), never who holds it (officers'
names), and reads only the notes written to them. The officers' record of the dossier
(Phiếu kiểm soát quá trình giải quyết, Nghị định 118/2025/NĐ-CP) stays with the agencies.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tinhso.accounts.access import user_is_staff
from tinhso.catalogue.constants import DeliveryMode
from tinhso.dossiers.constants import Action
from tinhso.dossiers.models import Dossier, DossierEvent

# Hand-overs between officers and agencies are internal: the applicant is told where the
# dossier is, not who holds it.
# A proposal to refuse and the leader's rejection of it are deliberation inside the body: the
# applicant learns the decision (REFUSE), with its reason (docs/decisions.md).
INTERNAL_ACTIONS = frozenset(
    {Action.FORWARD, Action.SEND_BACK, Action.PROPOSE_REFUSAL, Action.REJECT_REFUSAL}
)

# How an internal hand-over reads in the API for the applicant (no Action: it merges
# consecutive hand-overs within one agency, as the pages do).
IN_PROGRESS = "in_progress"

# Actions taken at the receiving one-stop desk (Bộ phận Một cửa).
DESK_ACTIONS = frozenset(
    {Action.SUBMIT, Action.RECEIVE, Action.REFUSE_RECEPTION, Action.RETURN_RESULT}
)

# Notes written to the applicant: the ones tinhso.dossiers.notices sends them (reasons for a
# supplement, refusal, stop or delay, Mẫu 02–05 of Thông tư 03/2025/TT-VPCP). Other notes are
# officers' working notes; the applicant's own notes are always shown to them.
NOTES_FOR_APPLICANT = frozenset(
    {
        Action.REQUEST_SUPPLEMENT,
        Action.REFUSE_RECEPTION,
        Action.REFUSE,
        Action.EXTEND,
        Action.STOP,
    }
)

# How an action reads to the applicant, where it differs from the officers' label.
APPLICANT_LABELS: dict[str, str] = {
    Action.SUBMIT: "Nộp hồ sơ",
    Action.APPROVE: "Đã có kết quả giải quyết",
    Action.SUPPLEMENT_RECEIVED: "Nộp hồ sơ bổ sung",
    Action.EXTEND: "Xin lỗi và hẹn lại ngày trả kết quả",
    Action.WITHDRAW: "Rút hồ sơ",
    Action.RETURN_RESULT: "Trả kết quả",
}


@dataclass(frozen=True)
class Entry:
    """One line of the applicant's timeline."""

    at: datetime
    label: str
    place: str
    note: str = ""
    action: str = ""
    from_status: str = ""
    to_status: str = ""


def reads_working_record(user: Any) -> bool:
    """Officers read the dossier's working record (who did what, working notes); citizens
    and businesses, the applicant's timeline, even through the officers' API."""
    return user_is_staff(user)


def delivery_label(mode: str) -> str:
    return DeliveryMode(mode).label if mode in DeliveryMode.values else mode


def _place(event: DossierEvent, dossier: Dossier, started: dict[datetime, str]) -> str:
    if event.actor_id is not None and event.actor_id == dossier.applicant_id:
        return ""
    if event.action in DESK_ACTIONS:
        return dossier.receiving_agency.name
    if event.action in INTERNAL_ACTIONS and event.at in started:
        return started[event.at]
    if event.step is not None:
        return event.step.agency.name
    if event.action == Action.REQUEST_SUPPLEMENT:
        return dossier.receiving_agency.name
    return dossier.competent_agency.name


def applicant_timeline(dossier: Dossier) -> list[Entry]:
    """The timeline as the applicant reads it: dates, Vietnamese labels, the agency where the
    dossier is, the notes written to them; never officers' names or working notes."""
    started = {
        s.started_at: s.agency.name
        for s in dossier.steps.select_related("agency").only(
            "dossier", "started_at", "agency__name"
        )
    }
    entries: list[Entry] = []
    events = dossier.events.select_related("step__agency").order_by("at", "id")
    for e in events:
        place = _place(e, dossier, started)
        if e.action in INTERNAL_ACTIONS:
            label = f"Đang xử lý tại {place}"
            if entries and entries[-1].label == label:
                continue
            entries.append(Entry(e.at, label, "", "", IN_PROGRESS, e.from_status, e.to_status))
            continue
        own = e.actor_id is not None and e.actor_id == dossier.applicant_id
        officers_label = Action(e.action).label if e.action in Action.values else e.action
        label = APPLICANT_LABELS.get(e.action, officers_label)
        note = e.note if (own or e.action in NOTES_FOR_APPLICANT) else ""
        if e.action == Action.REFUSE and e.data.get("reason"):
            note = f"{e.data['reason']} (căn cứ: {e.data.get('legal_basis', '')})"
        if e.action == Action.RETURN_RESULT and e.data.get("delivery_mode"):
            label = f"{label}: {delivery_label(e.data['delivery_mode'])}"
        place = "Ông/bà" if own else place
        entries.append(Entry(e.at, label, place, note, e.action, e.from_status, e.to_status))
    return entries
