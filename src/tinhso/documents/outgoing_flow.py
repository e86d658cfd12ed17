"""The outgoing-document state machine, written once (style of tinhso.dossiers.workflow).

Every state change of an outgoing document is one row of TRANSITIONS: the action, the states
it starts from, the state it leads to, who may take it, its guard, what it records and its legal
basis. `tinhso.documents.outgoing.apply_transition` is the only code that applies a row; pages
and the API ask `allowed_actions` which buttons to show. Who the user is to the document is
answered by tinhso.documents.access (user_can_edit_draft, …).

DRAFT → IN_REVIEW → APPROVED → SIGNED → ISSUED → SENT, plus RECALLED and REPLACED.
Legal basis: Nghị định 30/2020/NĐ-CP Điều 10 (soạn thảo), 13 (duyệt, kiểm tra thể thức, ký),
15 (cấp số, thời gian ban hành — after the signature), 16 (đăng ký, phát hành), 18.3
(thu hồi, thay thế, đính chính), Phụ lục VI §III.8.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from tinhso.core.transitions import Transition, from_state
from tinhso.documents import access
from tinhso.documents.models import Document, DocumentState

S = DocumentState


class OutgoingError(Exception):
    """A refused step of an outgoing document; the message is Vietnamese, nothing changed."""


class Action(StrEnum):
    SUBMIT = "submit"
    APPROVE_CONTENT = "approve_content"
    APPROVE_FORMAT = "approve_format"
    RETURN = "return"
    SIGN = "sign"
    ISSUE = "issue"
    SEND = "send"
    RECALL = "recall"
    REPLACE = "replace"


ACTION_LABELS = {
    Action.SUBMIT: "Trình duyệt",
    Action.APPROVE_CONTENT: "Duyệt nội dung",
    Action.APPROVE_FORMAT: "Duyệt thể thức",
    Action.RETURN: "Trả lại dự thảo",
    Action.SIGN: "Ký số ban hành",
    Action.ISSUE: "Cấp số và đóng dấu",
    Action.SEND: "Phát hành (gửi)",
    Action.RECALL: "Thu hồi",
    Action.REPLACE: "Thay thế",
}

Rule = Callable[[Any, Document], bool]
RULES: dict[str, Rule] = {
    "edit": access.user_can_edit_draft,
    "content": access.user_can_approve_content,
    "format": access.user_can_approve_format,
    "sign": access.user_can_sign_outgoing,
    "issue": access.user_can_issue_outgoing,
}
WHO = {
    "edit": "người soạn thảo hoặc trưởng đơn vị soạn thảo",
    "content": "trưởng đơn vị soạn thảo",
    "format": "văn thư hoặc Văn phòng",
    "sign": "lãnh đạo cơ quan",
    "issue": "văn thư cơ quan",
}


@dataclass(frozen=True, kw_only=True)
class OutgoingTransition(Transition[Action, str, Document]):
    """A row; its actors are keys of RULES (none: taken by the system only)."""

    @property
    def label(self) -> str:
        return ACTION_LABELS[self.action]


_t = OutgoingTransition.row


def _has_version(d: Document) -> bool:
    return d.drafts.exists()


def _content_approved(d: Document) -> bool:
    from tinhso.documents.outgoing import approved_on_current

    return approved_on_current(d, "content")


def _content_not_yet(d: Document) -> bool:
    return not _content_approved(d)


def _current_pdf(d: Document) -> bool:
    latest = d.drafts.order_by("-number").first()
    return latest is not None and latest.content_type == "application/pdf"


def _has_recipients(d: Document) -> bool:
    return d.recipients.exists()


_ND30 = "Nghị định 30/2020/NĐ-CP"
TRANSITIONS: tuple[OutgoingTransition, ...] = (
    _t(
        Action.SUBMIT,
        {S.DRAFT},
        S.IN_REVIEW,
        {"edit"},
        "trình dự thảo",
        f"{_ND30} Điều 10",
        guard=_has_version,
        guard_message="Dự thảo chưa có tệp nội dung nào.",
    ),
    _t(
        Action.APPROVE_CONTENT,
        {S.IN_REVIEW},
        S.IN_REVIEW,
        {"content"},
        "duyệt nội dung phiên bản hiện tại",
        f"{_ND30} Điều 10.1.b, 13.1",
        guard=_content_not_yet,
        guard_message="Nội dung phiên bản này đã được duyệt.",
    ),
    _t(
        Action.APPROVE_FORMAT,
        {S.IN_REVIEW},
        S.APPROVED,
        {"format"},
        "kiểm tra thể thức, kỹ thuật trình bày",
        f"{_ND30} Điều 13.2, Phụ lục I",
        guard=_content_approved,
        guard_message="Nội dung dự thảo phải được trưởng đơn vị duyệt trước khi kiểm tra thể thức.",
    ),
    _t(
        Action.RETURN,
        {S.IN_REVIEW, S.APPROVED},
        S.DRAFT,
        {"content", "format", "sign"},
        "trả lại dự thảo kèm ý kiến",
        f"{_ND30} Điều 10, 13",
        needs_note=True,
    ),
    _t(
        Action.SIGN,
        {S.APPROVED},
        S.SIGNED,
        {"sign"},
        "chữ ký số của người có thẩm quyền",
        f"{_ND30} Điều 13.3, Phụ lục I (ô 7c)",
        guard=_current_pdf,
        guard_message="Chỉ ký số được dự thảo là tệp PDF; hãy tải lên bản PDF cuối cùng.",
    ),
    _t(
        Action.ISSUE,
        {S.SIGNED},
        S.ISSUED,
        {"issue"},
        "cấp số, ngày ban hành và chữ ký số của cơ quan (con dấu)",
        f"{_ND30} Điều 15 (cấp số sau khi ký), Điều 16, Phụ lục I (ô 8)",
    ),
    _t(
        Action.SEND,
        {S.ISSUED},
        S.SENT,
        {"issue"},
        "phát hành tới nơi nhận",
        f"{_ND30} Điều 16",
        guard=_has_recipients,
        guard_message="Văn bản chưa có nơi nhận nào.",
    ),
    _t(
        Action.RECALL,
        {S.ISSUED, S.SENT},
        S.RECALLED,
        {"sign", "issue"},
        "thu hồi văn bản và các bản đã gửi",
        f"{_ND30} Điều 18.3, Phụ lục VI §III.8",
        needs_note=True,
    ),
    _t(
        Action.REPLACE,
        {S.ISSUED, S.SENT},
        S.REPLACED,
        set(),
        "bị thay thế bởi văn bản mới",
        f"{_ND30} Điều 18.3, Phụ lục VI §III.8",
    ),
)
BY_ACTION = {t.action: t for t in TRANSITIONS}


def actor_allowed(user: Any, document: Document, t: OutgoingTransition) -> bool:
    return any(RULES[key](user, document) for key in t.actors)


def allowed_actions(user: Any, document: Document) -> list[OutgoingTransition]:
    """The rows this user may take now on this document (buttons on the page)."""
    # Each rule asks the database: only the rows from this state are asked about.
    return [
        t
        for t in from_state(TRANSITIONS, document.state)
        if t.actors and actor_allowed(user, document, t) and t.passes(document)
    ]


def check_transition(
    user: Any, document: Document, action: Action, note: str = "", *, system: bool = False
) -> OutgoingTransition:
    """The row for `action`, or OutgoingError / AccessDenied with the reason."""
    t = BY_ACTION.get(Action(action))
    if t is None:
        raise OutgoingError("Thao tác không hợp lệ.")
    if document.state not in t.sources:
        raise OutgoingError(
            f"Không thể «{ACTION_LABELS[t.action]}» khi văn bản đang ở trạng thái "
            f"«{document.get_state_display()}»."
        )
    if not system:
        if not t.actors:
            raise OutgoingError("Thao tác này do hệ thống thực hiện.")
        if not actor_allowed(user, document, t):
            who = " hoặc ".join(WHO[k] for k in sorted(t.actors))
            raise access.AccessDenied(f"Chỉ {who} được «{ACTION_LABELS[t.action]}».")
    if t.needs_note and not note.strip():
        raise OutgoingError("Vui lòng nhập lý do / ý kiến.")
    if not t.passes(document):
        raise OutgoingError(t.guard_message)
    return t
