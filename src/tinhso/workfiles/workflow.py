"""The work-file state machine, written once (style of tinhso.dossiers.workflow).

Every state change of a work file is one row of TRANSITIONS: the action, the states it starts
from, the state it leads to, who may take it, to whom the file goes (`hands_to`), its guard,
what it records and its legal basis. `tinhso.workfiles.services.work_file_act` is the only
code that applies a row; pages and the API ask `allowed_actions` which buttons to show.

Mới tạo → Đang xử lý → Chờ trình ký → Đã trình ký → Hoàn thành, plus Tạm dừng (the deadline
stops and resumes by the paused working time) and Trả về (back to the person in charge with a
reason).

Basis: Nghị định 30/2020/NĐ-CP Điều 28 (lập hồ sơ: mở, thu thập, cập nhật văn bản, kết thúc
hồ sơ), Điều 29 (hồ sơ kết thúc được nộp lưu); Phụ lục VI §III ("theo dõi, đôn đốc tiến độ",
trình ký, trả lại, luân chuyển có lịch sử).
"""

from dataclasses import dataclass
from enum import StrEnum

from tinhso.accounts.models import User
from tinhso.core.transitions import NotAllowed, Transition, TransitionError, offered, rows_for
from tinhso.workfiles.access import ACTOR_LABELS, Actor, actors_of
from tinhso.workfiles.models import WorkFile, WorkFileAction, WorkFileState

S = WorkFileState
A = Actor


Action = WorkFileAction  # the actions' names live with the models (RoutingStep.action)


class HandsTo(StrEnum):
    SAME = "same"  # the holder keeps it
    CHOSEN = "chosen"  # the person the actor names (to_user)
    HEAD = "head"  # named, or the head of the file's department
    LEADER = "leader"  # named, or the agency's leader
    IN_CHARGE = "in_charge"  # back to the person in charge
    NOBODY = "nobody"  # the file is closed


@dataclass(frozen=True, kw_only=True)
class WorkFileTransition(Transition[Action, Actor, WorkFile]):
    """A row, and to whom the file goes when it is taken."""

    hands_to: HandsTo


_t = WorkFileTransition.row


def _has_draft(wf: WorkFile) -> bool:
    return wf.links.filter(role="draft").exists()


def _subtasks_closed(wf: WorkFile) -> bool:
    return not wf.subtasks.exclude(state=S.DONE).exists()


_ND30 = "Nghị định 30/2020/NĐ-CP"
_L28 = f"{_ND30} Điều 28 (lập hồ sơ)"
_PL6 = f"{_ND30} Phụ lục VI §III (theo dõi, đôn đốc tiến độ)"
_OPEN_SUBTASKS = "Hồ sơ còn nhiệm vụ con chưa hoàn thành."

TRANSITIONS: tuple[WorkFileTransition, ...] = (
    _t(
        Action.START,
        {S.NEW},
        S.IN_PROGRESS,
        {A.IN_CHARGE},
        "người chủ trì nhận hồ sơ, bắt đầu xử lý",
        _L28,
        hands_to=HandsTo.SAME,
    ),
    _t(
        Action.FORWARD,
        {S.NEW, S.IN_PROGRESS},
        S.IN_PROGRESS,
        {A.IN_CHARGE, A.HEAD, A.LEADER},
        "người chủ trì mới; người chuyển, thời điểm, ghi chú",
        _PL6,
        hands_to=HandsTo.CHOSEN,
    ),
    _t(
        Action.PREPARE,
        {S.IN_PROGRESS},
        S.AWAITING_SIGNATURE,
        {A.IN_CHARGE},
        "dự thảo đã hoàn thiện; chuyển lãnh đạo phòng xem xét để trình ký",
        f"{_ND30} Điều 10 (soạn thảo, kiểm tra nội dung trước khi trình ký); {_L28}",
        guard=_has_draft,
        guard_message="Hồ sơ chưa có dự thảo văn bản nào: hãy gắn dự thảo trước khi trình ký.",
        hands_to=HandsTo.HEAD,
    ),
    _t(
        Action.PRESENT,
        {S.AWAITING_SIGNATURE},
        S.SUBMITTED,
        {A.HEAD, A.IN_CHARGE},
        "trình lãnh đạo cơ quan ký; người trình, người nhận, thời điểm",
        f"{_ND30} Điều 13 (ký ban hành văn bản); {_PL6}",
        guard=_has_draft,
        guard_message="Hồ sơ chưa có dự thảo văn bản nào để trình ký.",
        hands_to=HandsTo.LEADER,
    ),
    _t(
        Action.RETURN,
        {S.AWAITING_SIGNATURE, S.SUBMITTED},
        S.RETURNED,
        {A.HEAD, A.LEADER},
        "lý do trả về; hồ sơ về người chủ trì",
        _PL6,
        needs_note=True,
        hands_to=HandsTo.IN_CHARGE,
    ),
    _t(
        Action.REWORK,
        {S.RETURNED},
        S.IN_PROGRESS,
        {A.IN_CHARGE},
        "người chủ trì xử lý lại theo ý kiến trả về",
        _PL6,
        hands_to=HandsTo.SAME,
    ),
    _t(
        Action.COMPLETE,
        {S.SUBMITTED},
        S.DONE,
        {A.LEADER},
        "lãnh đạo đã ký; kết thúc hồ sơ; kết quả trước hạn / đúng hạn / quá hạn",
        f"{_L28}: kết thúc hồ sơ khi công việc đã giải quyết xong; Điều 29 (nộp lưu)",
        guard=_subtasks_closed,
        guard_message=_OPEN_SUBTASKS,
        hands_to=HandsTo.NOBODY,
    ),
    _t(
        Action.COMPLETE,
        {S.IN_PROGRESS},
        S.DONE,
        {A.IN_CHARGE, A.HEAD, A.LEADER},
        "công việc giải quyết xong không cần ban hành văn bản; kết quả theo hạn",
        f"{_L28}: kết thúc hồ sơ; Điều 29 (nộp lưu)",
        guard=_subtasks_closed,
        guard_message=_OPEN_SUBTASKS,
        hands_to=HandsTo.NOBODY,
    ),
    _t(
        Action.PAUSE,
        {S.IN_PROGRESS},
        S.PAUSED,
        {A.IN_CHARGE, A.HEAD, A.LEADER},
        "lý do tạm dừng; thời hạn ngừng tính từ lúc tạm dừng",
        _PL6,
        needs_note=True,
        hands_to=HandsTo.SAME,
    ),
    _t(
        Action.RESUME,
        {S.PAUSED},
        S.IN_PROGRESS,
        {A.IN_CHARGE, A.HEAD, A.LEADER},
        "tiếp tục xử lý; hạn lùi đúng bằng thời gian làm việc đã tạm dừng",
        f"{_PL6}; thời gian tạm dừng không tính vào thời hạn",
        hands_to=HandsTo.SAME,
    ),
)


def _label(state: str) -> str:
    return str(WorkFileState(state).label)


def transition_for(wf: WorkFile, action: str, user: User) -> WorkFileTransition:
    """The row that applies, or TransitionError / NotAllowed with the reason."""
    if action not in Action.values or action == Action.OPEN:
        raise TransitionError(f"Thao tác '{action}' không tồn tại.")
    label = Action(action).label
    rows = rows_for(TRANSITIONS, action, wf.state)
    if not rows:
        raise TransitionError(
            f"Không thể '{label}' khi hồ sơ công việc đang ở trạng thái '{_label(wf.state)}'."
        )
    who = actors_of(user, wf)
    mine = [t for t in rows if t.taken_by(who)]
    if not mine:
        allowed = ", ".join(sorted({ACTOR_LABELS[a] for t in rows for a in t.actors}))
        raise NotAllowed(f"Chỉ {allowed} được '{label}' hồ sơ này.")
    for t in mine:
        if t.passes(wf):
            return t
    raise TransitionError(mine[0].guard_message or f"Chưa thể '{label}' lúc này.")


def allowed_actions(wf: WorkFile, user: User) -> list[WorkFileTransition]:
    """The actions this user may take on the file now, in table order, one per action."""
    return offered(TRANSITIONS, wf.state, actors_of(user, wf), wf)
