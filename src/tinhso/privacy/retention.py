"""The retention schedule of personal data, and the purge that applies it.

Each rule: what it covers, how long it is kept, on what basis, and what "purge" does. The
contexts that own the data say how to purge it (they register a function here, as
notifications, dossiers, eforms and submission do in their AppConfig.ready), so privacy does
not reach into their models. Periods can be changed per province with the setting
PRIVACY_RETENTION_DAYS ({rule key: days}); docs/personal-data.md explains each choice.

Luật 91/2025/QH15: personal data is deleted or made anonymous when the purpose is done or the
retention period set by law ends (Điều 14 on xóa, hủy dữ liệu); data made anonymous is no
longer personal data (Điều 2), so statistics computed from anonymised dossiers stay.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings

# A purge function: (cut-off, dry_run) → how many rows it purges (or would).
Purger = Callable[[datetime, bool], int]


@dataclass(frozen=True)
class RetentionRule:
    key: str
    label: str
    days: int
    basis: str
    purge: str  # what purging does


RULES: dict[str, RetentionRule] = {
    rule.key: rule
    for rule in (
        RetentionRule(
            "drafts",
            "Hồ sơ nháp nộp trực tuyến (tờ khai, tệp tải lên)",
            365,
            "Luật 91/2025/QH15 Điều 14 (mục đích xử lý đã hoàn thành): nháp không sửa 12 tháng "
            "là bỏ dở; nháp đã nộp đã có bản trong hồ sơ.",
            "Xóa bản nháp và tệp của nó.",
        ),
        RetentionRule(
            "notifications",
            "Thư điện tử, SMS đã gửi (hoặc gửi không thành công)",
            365,
            "Luật 91/2025/QH15 Điều 14; giữ 12 tháng để chứng minh đã thông báo khi có khiếu "
            "nại (Luật Khiếu nại 2011: thời hiệu 90 ngày) và theo nhật ký ≥ 12 tháng "
            "(regulations.md §10.2).",
            "Xóa nội dung và người nhận (xóa bản ghi); thư chờ gửi không bị xóa.",
        ),
        RetentionRule(
            "closed_dossiers",
            "Dữ liệu cá nhân của hồ sơ đã kết thúc",
            3650,
            "Luật 91/2025/QH15 Điều 14 (hết thời hạn lưu trữ); bản gốc hồ sơ, kết quả do lưu trữ "
            "của cơ quan giải quyết giữ theo Luật Lưu trữ 2024; bản làm việc trên hệ thống một "
            "cửa giữ 10 năm sau khi kết thúc.",
            "Khử nhận dạng: xóa họ tên, CCCD, điện thoại, thư, địa chỉ, ghi chú, liên kết tài "
            "khoản và nội dung tờ khai; giữ thủ tục, cơ quan, ngày, trạng thái, tiến độ, phí "
            "để thống kê.",
        ),
        RetentionRule(
            "access_log",
            "Nhật ký truy cập dữ liệu cá nhân của cán bộ",
            730,
            "regulations.md §10.2: nhật ký giữ ít nhất 12 tháng; giữ 24 tháng để cán bộ bảo "
            "vệ dữ liệu cá nhân rà soát.",
            "Xóa các lượt truy cập cũ hơn thời hạn.",
        ),
    )
}

_PURGERS: dict[str, list[tuple[str, Purger]]] = {}


def register(key: str, label: str, purger: Purger) -> None:
    """A context says how to purge its data under the rule `key` (once per label)."""
    if key not in RULES:
        raise KeyError(f"Không có quy tắc lưu giữ '{key}'.")
    entries = _PURGERS.setdefault(key, [])
    if all(existing != label for existing, _ in entries):
        entries.append((label, purger))


def period(key: str) -> timedelta:
    """The rule's period, or the province's own (settings.PRIVACY_RETENTION_DAYS)."""
    overrides: dict[str, int] = getattr(settings, "PRIVACY_RETENTION_DAYS", {}) or {}
    return timedelta(days=int(overrides.get(key, RULES[key].days)))


@dataclass(frozen=True)
class PurgeCount:
    rule: RetentionRule
    label: str
    cutoff: datetime
    count: int


def purge(now: datetime, *, dry_run: bool) -> list[PurgeCount]:
    """Apply every rule: each registered purger with its cut-off (now − period)."""
    counts = []
    for key, rule in RULES.items():
        cutoff = now - period(key)
        for label, purger in _PURGERS.get(key, []):
            counts.append(PurgeCount(rule, label, cutoff, purger(cutoff, dry_run)))
    return counts
