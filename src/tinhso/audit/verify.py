"""Walking the hash chain of the audit record (tinhso.audit.chain) to find the first broken link.

The walk reads the chain in seq order, a page at a time (keyset pagination on the unique seq
index: each page is one index range scan, memory stays bounded and no long-running cursor or
snapshot is held, so it also runs on a read replica), and recomputes every hash.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tinhso.audit.chain import CONTENT_FIELDS, GENESIS, content_digest, link_digest
from tinhso.audit.models import AuditEvent

PAGE = 5000


@dataclass(frozen=True)
class Break:
    """The first place where the chain does not hold, in words an operator can act on."""

    problem: str
    row_id: int | None = None
    seq: int | None = None


@dataclass
class Walk:
    checked: int = 0
    first_seq: int | None = None
    last_seq: int = 0
    last_hash: str = GENESIS
    unlinked: int = 0
    broken: Break | None = None
    anchors_checked: list[int] = field(default_factory=list)


def _row_problem(row: Mapping[str, Any], prev_seq: int, prev_hash: str) -> str | None:
    seq: int = row["seq"]
    if seq != prev_seq + 1:
        missing = f"seq {prev_seq + 1}" if seq == prev_seq + 2 else f"seq {prev_seq + 1}–{seq - 1}"
        return f"thiếu dòng {missing} ngay trước dòng này: dòng đã bị xoá khỏi nhật ký"
    if content_digest(row) != row["content_hash"]:
        return "nội dung của dòng đã bị sửa sau khi ghi (mã băm nội dung không khớp)"
    expected_link = link_digest(
        row_id=row["id"], seq=seq, content_hash=row["content_hash"], prev_hash=row["prev_hash"]
    )
    if expected_link != row["row_hash"]:
        return "các cột chuỗi của dòng đã bị sửa (mã băm dòng không khớp)"
    if row["prev_hash"] != prev_hash:
        return (
            f"liên kết bị đứt: mã băm dòng trước ghi trong dòng này không khớp dòng seq "
            f"{prev_seq} — dòng seq {prev_seq} đã bị sửa cả mã băm, hoặc bị thay bằng dòng khác"
        )
    return None


def verify_chain(
    *, anchors: Mapping[int, str] | None = None, from_seq: int = 1, page: int = PAGE
) -> Walk:
    """Check the chain from `from_seq` (1: from the start) to its tip; stop at the first break.

    `anchors` maps a seq to the row hash written down earlier (the "mốc" audit_verify prints):
    each must still be there, unchanged, which is what detects a rewritten or cut-off tail.
    Starting later than 1 trusts the link stored in the row at `from_seq` (whatever came before
    it is not checked): for a chain whose older rows were archived, or to check the rest of the
    chain after a break that has been investigated and recorded (docs/audit.md).
    """
    anchors = dict(anchors or {})
    walk = Walk(unlinked=AuditEvent.objects.filter(seq__isnull=True).count())
    columns = ("id", "seq", "content_hash", "prev_hash", "row_hash", *CONTENT_FIELDS)
    prev_seq, prev_hash = from_seq - 1, GENESIS
    if from_seq > 1:
        start = AuditEvent.objects.filter(seq=from_seq).values_list("prev_hash", flat=True)
        trusted = start.first()
        if trusted is None:
            walk.broken = Break(f"không có dòng seq {from_seq} để bắt đầu kiểm tra từ đó")
            return walk
        prev_hash = trusted
    while True:
        rows = list(
            AuditEvent.objects.filter(seq__gt=prev_seq).order_by("seq").values(*columns)[:page]
        )
        if not rows:
            break
        for row in rows:
            problem = _row_problem(row, prev_seq, prev_hash)
            if problem is None and row["seq"] in anchors:
                walk.anchors_checked.append(row["seq"])
                if anchors.pop(row["seq"]) != row["row_hash"]:
                    problem = "mã băm của dòng khác với mốc đã ghi lại trước đây"
            if problem is not None:
                walk.broken = Break(problem, row_id=row["id"], seq=row["seq"])
                return walk
            if walk.first_seq is None:
                walk.first_seq = row["seq"]
            walk.checked += 1
            prev_seq, prev_hash = row["seq"], row["row_hash"]
            walk.last_seq, walk.last_hash = prev_seq, prev_hash
    for seq in sorted(anchors):
        if seq > prev_seq:
            walk.broken = Break(
                f"không còn dòng seq {seq} của mốc đã ghi lại: các dòng cuối chuỗi đã bị xoá "
                f"(chuỗi hiện chỉ đến seq {prev_seq})",
                seq=seq,
            )
        else:
            walk.broken = Break(f"mốc seq {seq} nằm trước điểm bắt đầu kiểm tra", seq=seq)
        return walk
    return walk
