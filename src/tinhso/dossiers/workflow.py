"""The dossier state machine, written once.

Every status change of a dossier is one row of TRANSITIONS: the action, the statuses it
starts from, the status it leads to, who may take it, its guard, what it records and its
legal basis. `tinhso.dossiers.services.dossier_act` is the only code that applies a row;
pages and the API ask `allowed_actions` which buttons to show. Who the user is to the
dossier (applicant, reception, step, leader) is tinhso.dossiers.access.actors_of.

Legal basis: Nghị định 118/2025/NĐ-CP (thực hiện thủ tục hành chính theo cơ chế một cửa,
một cửa liên thông) and Thông tư 03/2025/TT-VPCP (Phụ lục I, Mẫu 01–07), which replaced
Nghị định 61/2018/NĐ-CP and Thông tư 01/2018/TT-VPCP.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.catalogue.constants import FeeDueAt
from tinhso.core.money import dong
from tinhso.core.transitions import Transition, rows_for
from tinhso.dossiers.access import Actor, actors_of
from tinhso.dossiers.constants import Action, Channel, Status
from tinhso.dossiers.decisions import extension_still_allowed, refusal_pending
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.result_signing import GUARD_MESSAGE, may_return

S = Status


ACTOR_LABELS = {
    Actor.RECEPTION: "cán bộ một cửa nơi tiếp nhận",
    Actor.STEP: "người được giao bước xử lý hiện tại",
    Actor.LEADER: "lãnh đạo cơ quan giải quyết",
    Actor.APPLICANT: "người nộp hồ sơ",
    Actor.FAULT_LEADER: "lãnh đạo cơ quan để chậm giải quyết",
}


@dataclass(frozen=True, kw_only=True)
class DossierTransition(Transition[Action, Actor, Dossier]):
    """A row, with what only the dossier's table needs."""

    # A cheaper form of `guard` for listing the action on a page (allowed_actions); the guard
    # itself always runs when the action is taken (transition_for).
    listing_guard: Callable[[Dossier], bool] | None = None
    # A row only the system takes (services.dossier_system_act, `manage.py dossier_deadlines`);
    # its `actors` is empty, so no user is ever offered it.
    system: bool = False


_t = DossierTransition.row


def _received(d: Dossier) -> bool:
    return d.received_at is not None


def _not_received(d: Dossier) -> bool:
    return d.received_at is None


def _has_next_step(d: Dossier) -> bool:
    return (
        d.current_step is not None
        and d.current_step.order < d.plan_length
        and not refusal_pending(d)
    )


def _is_last_step(d: Dossier) -> bool:
    return (
        d.current_step is not None
        and d.current_step.order >= d.plan_length
        and not refusal_pending(d)
    )


def _no_refusal_pending(d: Dossier) -> bool:
    return not refusal_pending(d)


def _extension_in_time(d: Dossier) -> bool:
    return extension_still_allowed(d)


_WAITS_FOR_LEADER = "Hồ sơ đang chờ lãnh đạo cơ quan giải quyết quyết định đề xuất từ chối."


def _has_previous_step(d: Dossier) -> bool:
    return d.current_step is not None and d.current_step.order > 1 and not refusal_pending(d)


def _result_signed(d: Dossier) -> bool:
    """An electronic result is returned only signed by the competent person, then sealed by
    the agency, both still valid (issue 13 item 5; dossiers.result_signing.may_return)."""
    return may_return(d)


def _result_signed_listing(d: Dossier) -> bool:
    """The same on the dossier page, from the verdicts kept for the same file's bytes."""
    return may_return(d, cached=True)


def _supplement_overdue(d: Dossier) -> bool:
    return d.supplement_due_at is not None and d.supplement_due_at < timezone.now()


def _owed(d: Dossier) -> int:
    return max(int(d.fees_due) - int(d.fees_paid), 0)


def _fee_settled_for(moment: str) -> Callable[[Dossier], bool]:
    """The fee is due at `moment` (ProcedureVersion.fee_due_at) and not yet paid in full: the
    step waits (Nghị định 42/2022/NĐ-CP Điều 11; Luật Phí và lệ phí 2015 — the fee is paid
    when the agency says so, before it serves)."""

    def settled(d: Dossier) -> bool:
        if moment == FeeDueAt.BEFORE_RECEPTION and d.channel == Channel.COUNTER:
            # a walk-in pays in the same visit: the dossier only exists once received, and
            # the one-stop officer records the money on its page (payments.views_counter)
            return True
        return d.procedure_version.fee_due_at != moment or _owed(d) == 0

    return settled


_FEE_UNPAID = "Hồ sơ chưa nộp đủ phí, lệ phí (còn {owed}): chờ thanh toán hoặc thu tại quầy."
_FEE_BASIS = "Nghị định 42/2022/NĐ-CP Điều 11; Luật Phí và lệ phí 2015"


# The steps a fee due at a given moment holds back (ProcedureVersion.fee_due_at).
_FEE_GATES = {
    Action.RECEIVE: FeeDueAt.BEFORE_RECEPTION,
    Action.RETURN_RESULT: FeeDueAt.BEFORE_RESULT,
}


def guard_refusal(t: DossierTransition, dossier: Dossier) -> str:
    """Why the row's guard refuses: the unpaid fee first (it says how much), else the row's
    own message."""
    moment = _FEE_GATES.get(Action(t.action))
    if moment and not _fee_settled_for(moment)(dossier):
        return _FEE_UNPAID.format(owed=dong(_owed(dossier)))
    return t.guard_message or f"Chưa thể '{Action(t.action).label}' lúc này."


_paid_before_result = _fee_settled_for(FeeDueAt.BEFORE_RESULT)


def _result_signed_and_paid(d: Dossier) -> bool:
    return _paid_before_result(d) and _result_signed(d)


def _result_signed_and_paid_listing(d: Dossier) -> bool:
    return _paid_before_result(d) and _result_signed_listing(d)


_ND118 = "Nghị định 118/2025/NĐ-CP"
_TT03 = "Thông tư 03/2025/TT-VPCP"

TRANSITIONS: tuple[DossierTransition, ...] = (
    _t(
        Action.RECEIVE,
        {S.SUBMITTED},
        S.PROCESSING,
        {Actor.RECEPTION},
        "ngày tiếp nhận, hạn giải quyết, hẹn trả; giao bước xử lý đầu tiên",
        f"{_ND118}; Giấy tiếp nhận hồ sơ và hẹn trả kết quả – Mẫu 01, {_TT03}; phí, lệ phí "
        f"nộp trước khi tiếp nhận: {_FEE_BASIS}",
        guard=_fee_settled_for(FeeDueAt.BEFORE_RECEPTION),
        guard_message=_FEE_UNPAID,
    ),
    _t(
        Action.REFUSE_RECEPTION,
        {S.SUBMITTED},
        S.REFUSED,
        {Actor.RECEPTION},
        "lý do từ chối (căn cứ pháp lý); kết thúc hồ sơ",
        f"{_ND118}; Phiếu từ chối tiếp nhận giải quyết hồ sơ – Mẫu 03, {_TT03}",
        needs_note=True,
    ),
    _t(
        Action.REQUEST_SUPPLEMENT,
        {S.SUBMITTED},
        S.AWAITING_SUPPLEMENT,
        {Actor.RECEPTION},
        "các giấy tờ cần bổ sung, hướng dẫn một lần, đầy đủ",
        f"{_ND118}; Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ – Mẫu 02, {_TT03}",
        needs_note=True,
    ),
    _t(
        Action.REQUEST_SUPPLEMENT,
        {S.PROCESSING},
        S.AWAITING_SUPPLEMENT,
        {Actor.STEP},
        "các giấy tờ cần bổ sung; tạm dừng tính thời gian giải quyết",
        f"{_ND118}; Mẫu 02, {_TT03}: thời gian chờ bổ sung không tính vào thời hạn",
        needs_note=True,
        guard=_no_refusal_pending,
        guard_message=_WAITS_FOR_LEADER,
    ),
    _t(
        Action.SUPPLEMENT_RECEIVED,
        {S.AWAITING_SUPPLEMENT},
        S.PROCESSING,
        {Actor.RECEPTION, Actor.APPLICANT},
        "ngày nhận bổ sung; thời gian giải quyết tính tiếp, hạn lùi theo số ngày chờ",
        f"{_ND118}",
        guard=_received,
    ),
    _t(
        Action.SUPPLEMENT_RECEIVED,
        {S.AWAITING_SUPPLEMENT},
        S.SUBMITTED,
        {Actor.RECEPTION, Actor.APPLICANT},
        "hồ sơ bổ sung trước khi tiếp nhận; chờ tiếp nhận lại",
        f"{_ND118}",
        guard=_not_received,
    ),
    _t(
        Action.FORWARD,
        {S.PROCESSING},
        S.PROCESSING,
        {Actor.STEP},
        "kết quả bước hiện tại; giao bước tiếp theo (có thể cho cơ quan khác – liên thông)",
        f"{_ND118}; Phiếu kiểm soát quá trình giải quyết hồ sơ – Mẫu 06, {_TT03}",
        guard=_has_next_step,
        guard_message="Đây là bước cuối, hoặc hồ sơ đang chờ quyết định về đề xuất từ chối.",
    ),
    _t(
        Action.SEND_BACK,
        {S.PROCESSING},
        S.PROCESSING,
        {Actor.STEP},
        "lý do trả lại; giao lại bước trước",
        f"{_ND118}; Mẫu 06, {_TT03}",
        needs_note=True,
        guard=_has_previous_step,
        guard_message="Hồ sơ đang ở bước đầu tiên (không có bước trước để trả lại), hoặc đang "
        "chờ quyết định về đề xuất từ chối.",
    ),
    _t(
        Action.APPROVE,
        {S.PROCESSING},
        S.RESULT_READY,
        {Actor.STEP},
        "ngày có kết quả; tiến độ trước hạn / đúng hạn / quá hạn",
        f"{_ND118}",
        guard=_is_last_step,
        guard_message="Hồ sơ chưa đến bước phê duyệt, hoặc đang chờ quyết định về đề xuất từ chối.",
    ),
    _t(
        Action.PROPOSE_REFUSAL,
        {S.PROCESSING},
        S.PROCESSING,
        {Actor.STEP},
        "lý do và căn cứ pháp lý của đề xuất từ chối; chờ lãnh đạo cơ quan giải quyết quyết định",
        f"{_ND118}: từ chối giải quyết là quyết định của cơ quan có thẩm quyền",
        needs_note=True,
        guard=_no_refusal_pending,
        guard_message=_WAITS_FOR_LEADER,
    ),
    _t(
        Action.REFUSE,
        {S.PROCESSING},
        S.REFUSED,
        {Actor.LEADER},
        "đồng ý đề xuất; Thông báo từ chối giải quyết hồ sơ có số, ký hiệu; kết thúc hồ sơ",
        f"{_ND118}; thông báo trả qua Bộ phận Một cửa nơi tiếp nhận",
        guard=refusal_pending,
        guard_message="Chưa có đề xuất từ chối giải quyết của người thụ lý hồ sơ.",
    ),
    _t(
        Action.REJECT_REFUSAL,
        {S.PROCESSING},
        S.PROCESSING,
        {Actor.LEADER},
        "lý do không đồng ý đề xuất từ chối; hồ sơ tiếp tục được giải quyết",
        f"{_ND118}",
        needs_note=True,
        guard=refusal_pending,
        guard_message="Chưa có đề xuất từ chối giải quyết của người thụ lý hồ sơ.",
    ),
    _t(
        Action.EXTEND,
        {S.PROCESSING},
        S.PROCESSING,
        {Actor.FAULT_LEADER},
        "quyết định gia hạn (lần thứ mấy), lý do chậm, lời xin lỗi, ngày hẹn mới; văn bản có số",
        f"{_ND118}: chậm nhất 01 ngày trước ngày hẹn trả; Văn bản xin lỗi và đề nghị gia hạn "
        f"thời gian giải quyết – Mẫu 04, {_TT03}",
        needs_note=True,
        guard=_extension_in_time,
        guard_message=(
            "Đã quá thời hạn ban hành văn bản xin lỗi và đề nghị gia hạn: chậm nhất 01 ngày "
            "làm việc trước ngày hẹn trả kết quả."
        ),
    ),
    _t(
        Action.STOP,
        {S.PROCESSING, S.AWAITING_SUPPLEMENT},
        S.STOPPED,
        {Actor.LEADER},
        "đề nghị dừng của người nộp (nếu có), giai đoạn, quyết định, hoàn trả phí; kết thúc",
        f"{_ND118}; Thông báo dừng giải quyết hồ sơ – Mẫu 05, {_TT03}",
        needs_note=True,
    ),
    _t(
        Action.WITHDRAW,
        {S.SUBMITTED, S.PROCESSING, S.AWAITING_SUPPLEMENT},
        S.WITHDRAWN,
        {Actor.APPLICANT, Actor.RECEPTION},
        "đề nghị rút hồ sơ của người nộp; kết thúc hồ sơ",
        f"{_ND118}",
        needs_note=True,
    ),
    _t(
        Action.RETURN_RESULT,
        {S.RESULT_READY},
        S.RETURNED,
        {Actor.RECEPTION},
        "ngày trả, hình thức trả, người nhận kết quả",
        f"{_ND118}; Nghị định 30/2020/NĐ-CP Phụ lục I: kết quả điện tử có chữ ký số của người "
        "có thẩm quyền rồi của cơ quan (dossiers.result_signing)",
        guard=_result_signed_and_paid,
        listing_guard=_result_signed_and_paid_listing,
        guard_message=GUARD_MESSAGE,
    ),
    # Issue 12 §16 (docs/dossier-deadlines.md): a supplement request the applicant leaves
    # unanswered past its deadline stops the dossier; the system takes it, on the timeline
    # and the audit record, and Mẫu 05 is the notice.
    _t(
        Action.STOP,
        {S.AWAITING_SUPPLEMENT},
        S.STOPPED,
        set(),
        "quá hạn bổ sung hồ sơ mà người nộp chưa bổ sung; hệ thống dừng giải quyết",
        f"{_ND118}; Phiếu yêu cầu bổ sung – Mẫu 02 và Thông báo dừng giải quyết hồ sơ – "
        f"Mẫu 05, {_TT03}",
        needs_note=True,
        guard=_supplement_overdue,
        guard_message="Hồ sơ chưa quá hạn bổ sung.",
        system=True,
    ),
)


class TransitionError(Exception):
    """An action that may not be taken now: the message says why, in Vietnamese."""


class NotAllowed(TransitionError):
    """The action exists for this status but this user may not take it."""


def _matching(dossier: Dossier, action: str) -> list[DossierTransition]:
    return rows_for(TRANSITIONS, action, dossier.status)


def transition_for(dossier: Dossier, action: str, user: User | None) -> DossierTransition:
    """The row that applies, or TransitionError/NotAllowed with the reason.

    user=None is the system itself: only rows marked `system` apply to it."""
    if action not in Action.values:
        raise TransitionError(f"Hành động '{action}' không tồn tại.")
    label = Action(action).label
    rows = _matching(dossier, action)
    if not rows:
        raise TransitionError(
            f"Không thể '{label}' khi hồ sơ đang ở trạng thái '{Status(dossier.status).label}'."
        )
    passing = [t for t in rows if t.guard is None or t.guard(dossier)]
    if user is None:
        for t in rows:
            if t.system:
                if t.guard is None or t.guard(dossier):
                    return t
                raise TransitionError(guard_refusal(t, dossier))
        raise NotAllowed(f"Hệ thống không tự '{label}' hồ sơ ở trạng thái này.")
    passing = [t for t in passing if not t.system]
    if not passing:
        raise TransitionError(guard_refusal(rows[0], dossier))
    who = actors_of(user, dossier)
    for t in passing:
        if who & t.actors:
            return t
    allowed = ", ".join(sorted(ACTOR_LABELS[a] for a in passing[0].actors))
    raise NotAllowed(f"Chỉ {allowed} được '{label}' hồ sơ này.")


def _listed(t: DossierTransition, dossier: Dossier) -> bool:
    guard = t.listing_guard or t.guard
    return guard is None or guard(dossier)


def allowed_actions(dossier: Dossier, user: User) -> list[DossierTransition]:
    """The actions this user may take on the dossier now, in table order, one per action."""
    who = actors_of(user, dossier)
    seen: set[str] = set()
    found = []
    for t in TRANSITIONS:
        if (
            dossier.status in t.sources
            and t.action not in seen
            and _listed(t, dossier)
            and who & t.actors
        ):
            seen.add(t.action)
            found.append(t)
    return found
