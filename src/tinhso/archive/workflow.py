"""The life of a file (hồ sơ) as one transition table (Nghị định 30/2020/NĐ-CP, Điều 29–30).

Đang lập → (kết thúc, Điều 29.4) → Đã kết thúc → (nộp lưu, Điều 30) → Đã nộp lưu.
A closed file may be reopened before it is handed over (a document was forgotten).
"""

from enum import StrEnum

from tinhso.archive.models import FileState


class FileAction(StrEnum):
    FILE = "file"  # add a document
    CLOSE = "close"
    REOPEN = "reopen"
    TRANSFER = "transfer"


TRANSITIONS: dict[tuple[str, FileAction], str] = {
    (FileState.OPEN, FileAction.FILE): FileState.OPEN,
    (FileState.OPEN, FileAction.CLOSE): FileState.CLOSED,
    (FileState.CLOSED, FileAction.REOPEN): FileState.OPEN,
    (FileState.CLOSED, FileAction.TRANSFER): FileState.TRANSFERRED,
}

REFUSALS: dict[FileAction, str] = {
    FileAction.FILE: "Hồ sơ đã kết thúc hoặc đã nộp lưu: không thêm văn bản được nữa.",
    FileAction.CLOSE: "Chỉ hồ sơ đang lập mới kết thúc được.",
    FileAction.REOPEN: "Chỉ hồ sơ đã kết thúc, chưa nộp lưu mới mở lại được.",
    FileAction.TRANSFER: "Chỉ hồ sơ đã kết thúc mới nộp lưu được.",
}


class TransitionError(ValueError):
    """The action is not allowed from the file's state; the message says why, in Vietnamese."""


def next_state(state: str, action: FileAction) -> str:
    try:
        return TRANSITIONS[(state, action)]
    except KeyError:
        raise TransitionError(REFUSALS[action]) from None
