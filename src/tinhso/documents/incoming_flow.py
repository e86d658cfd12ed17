"""The state machine of an incoming document (văn bản đến), written once.

Every state change of an incoming document is one row of TRANSITIONS: the action, the states
it starts from, the state it leads to, who may take it, what it records and its legal basis.
`tinhso.documents.incoming` is the only code that applies a row; pages and the API ask
`allowed_actions` which buttons to show.

Legal basis: Nghị định 30/2020/NĐ-CP (công tác văn thư) — Điều 20 (trình tự quản lý văn bản
đến), Điều 21 (tiếp nhận), Điều 22 (đăng ký), Điều 23 (trình, chuyển giao), Điều 24 (giải
quyết và theo dõi, đôn đốc việc giải quyết văn bản đến); Điều 4.2.c and 18.1 (same day or the
next working day, urgent ones at once); Phụ lục IV (dấu "ĐẾN", Sổ đăng ký văn bản đến, Phiếu
giải quyết văn bản đến, Sổ theo dõi giải quyết văn bản đến).
"""

from typing import Any

from django.db import models

from tinhso.core.transitions import NotAllowed, Transition, TransitionError, offered, rows_for
from tinhso.documents import access
from tinhso.documents.kinds import AssignmentRole
from tinhso.documents.models import Assignment, Document, DocumentState

S = DocumentState


class IncomingAction(models.TextChoices):
    REGISTER = "register", "Vào sổ văn bản đến"
    REFUSE = "refuse", "Từ chối nhận văn bản"
    ASSIGN = "assign", "Phân công xử lý (bút phê)"
    DELEGATE = "delegate", "Giao lại trong đơn vị"
    REPORT_PROGRESS = "progress", "Cập nhật tiến độ"
    COMPLETE = "complete", "Hoàn thành xử lý"


class Actor(models.TextChoices):
    CLERK = "clerk", "văn thư cơ quan"
    LEADER = "leader", "lãnh đạo cơ quan"
    HEAD = "head", "trưởng đơn vị được giao"
    LEAD_ASSIGNEE = "lead", "đơn vị, cá nhân chủ trì"
    ASSIGNEE = "assignee", "đơn vị, cá nhân được giao"


IncomingTransition = Transition[IncomingAction, Actor, Document]
_t = IncomingTransition.row

_ND30 = "Nghị định 30/2020/NĐ-CP"
A = IncomingAction

TRANSITIONS: tuple[IncomingTransition, ...] = (
    _t(
        A.REGISTER,
        {S.PENDING},
        S.REGISTERED,
        {Actor.CLERK},
        "số đến, ngày giờ đến, sổ; dữ liệu dấu ĐẾN; mức độ khẩn, độ mật; vào sổ muộn; "
        "cảnh báo trùng đã xác nhận; báo ngay lãnh đạo nếu văn bản khẩn",
        f"{_ND30}, Điều 21, 22, 4.2.c, 18.1; Phụ lục IV (dấu ĐẾN, Sổ đăng ký văn bản đến)",
    ),
    _t(
        A.REFUSE,
        {S.PENDING},
        S.REFUSED,
        {Actor.CLERK},
        "lý do từ chối nhận (gửi lại nơi gửi)",
        f"{_ND30}, Điều 21.2 (kiểm tra, trả lại văn bản không đúng thể thức, gửi nhầm); "
        "QCVN 102:2016/BTTTT, trạng thái 02",
        needs_note=True,
    ),
    _t(
        A.ASSIGN,
        {S.REGISTERED, S.ASSIGNED},
        S.ASSIGNED,
        {Actor.LEADER},
        "phiếu giải quyết: chủ trì, phối hợp, để biết, hạn xử lý từng người (ngày làm việc), "
        "ý kiến chỉ đạo; phiếu mới thay phiếu cũ",
        f"{_ND30}, Điều 23, 24.1; Phụ lục IV (Phiếu giải quyết văn bản đến)",
    ),
    _t(
        A.DELEGATE,
        {S.ASSIGNED},
        S.ASSIGNED,
        {Actor.HEAD},
        "người của đơn vị được giao lại, hạn không quá hạn của đơn vị",
        f"{_ND30}, Điều 24.2 (người đứng đầu đơn vị giao xử lý trong đơn vị)",
    ),
    _t(
        A.DELEGATE,
        {S.IN_PROGRESS},
        S.IN_PROGRESS,
        {Actor.HEAD},
        "người của đơn vị được giao lại, hạn không quá hạn của đơn vị",
        f"{_ND30}, Điều 24.2",
    ),
    _t(
        A.REPORT_PROGRESS,
        {S.ASSIGNED, S.IN_PROGRESS},
        S.IN_PROGRESS,
        {Actor.LEAD_ASSIGNEE, Actor.ASSIGNEE},
        "tiến độ (%) và ghi chú của người được giao",
        f"{_ND30}, Điều 24.3 (theo dõi, đôn đốc việc giải quyết)",
    ),
    _t(
        A.COMPLETE,
        {S.ASSIGNED, S.IN_PROGRESS},
        S.DONE,
        {Actor.LEAD_ASSIGNEE, Actor.LEADER},
        "ngày hoàn thành, số và ký hiệu văn bản trả lời (Sổ theo dõi giải quyết văn bản đến)",
        f"{_ND30}, Điều 24; Phụ lục IV (Sổ theo dõi giải quyết văn bản đến)",
    ),
)


def reaches(assignment: Assignment, user: Any, departments: list[int]) -> bool:
    """A line of the slip reaches the person named on it, or everyone of the unit named."""
    if assignment.assignee_id is not None:
        return bool(assignment.assignee_id == getattr(user, "pk", None))
    return assignment.department_id in departments


def actors_of(user: Any, document: Document) -> frozenset[Actor]:
    """Who the user is to this incoming document (the rules live in documents.access)."""
    found: set[Actor] = set()
    if access.user_is_clerk_of(user, document.agency_id):
        found.add(Actor.CLERK)
    if access.user_leads(user, document.agency_id):
        found.add(Actor.LEADER)
    departments = access.user_departments(user)
    headed = set(access.headed_departments(user))
    lines = document.assignments.filter(is_active=True) if document.pk else []
    for line in lines:
        if line.department_id in headed:
            found.add(Actor.HEAD)
        if reaches(line, user, departments):
            found.add(Actor.ASSIGNEE)
            if line.role == AssignmentRole.LEAD:
                found.add(Actor.LEAD_ASSIGNEE)
    return frozenset(found)


def transition_for(document: Document, action: str, user: Any) -> IncomingTransition:
    """The row that applies, or TransitionError/NotAllowed with the reason."""
    if action not in IncomingAction.values:
        raise TransitionError(f"Thao tác '{action}' không tồn tại.")
    label = IncomingAction(action).label
    rows = rows_for(TRANSITIONS, action, document.state)
    if not rows:
        state = DocumentState(document.state).label
        raise TransitionError(f"Không thể '{label}' khi văn bản đang ở trạng thái '{state}'.")
    who = actors_of(user, document)
    for t in rows:
        if t.taken_by(who):
            return t
    allowed = ", ".join(sorted(a.label for a in rows[0].actors))
    raise NotAllowed(f"Chỉ {allowed} được '{label}' văn bản này.")


def allowed_actions(document: Document, user: Any) -> list[IncomingTransition]:
    """The actions this user may take now, in table order, one per action."""
    return offered(TRANSITIONS, document.state, actors_of(user, document), document)
