"""Thời hạn bảo quản: retention periods of the records an agency keeps.

The rule: Thông tư 10/2022/TT-BNV (Bộ Nội vụ, 19/12/2022) — "Bảng thời hạn bảo quản hồ sơ,
tài liệu hình thành phổ biến trong hoạt động của các cơ quan, tổ chức" (Phụ lục I), grouped
by kind of work; a period is "Vĩnh viễn" or a number of years (Nghị định 30/2020/NĐ-CP,
Phụ lục V §I.4: "Vĩnh viễn hoặc thời hạn bằng số năm cụ thể").

What could be sourced for this table (issue 14, item 5) and how each row is marked:
- `SourceLevel.READ`: read in the cited text during this work;
- `SourceLevel.SECONDARY`: quoted by a secondary source only (cited), not the official text;
- `SourceLevel.UNVERIFIED`: from background knowledge of the Thông tư; NOT verified against
  its text (vbpl.vn / congbao.chinhphu.vn) — check before relying on it.
The full text of Thông tư 10/2022/TT-BNV was not found in the reference corpora; only one row
was found quoted. The plan's leader approves each file's period anyway (Điều 28: the Danh mục
hồ sơ is approved by the head of the agency), and any period can be typed in by hand.
"""

from dataclasses import dataclass
from enum import Enum

PERMANENT = "Vĩnh viễn"
SOURCE = "Thông tư 10/2022/TT-BNV, Phụ lục I"


class SourceLevel(Enum):
    READ = "đã đối chiếu văn bản"
    SECONDARY = "theo nguồn thứ cấp"
    UNVERIFIED = "chưa kiểm chứng"


@dataclass(frozen=True)
class Retention:
    key: str
    group: str  # nhóm tài liệu (Phụ lục I)
    title: str  # loại hồ sơ, tài liệu
    years: int | None  # None = Vĩnh viễn
    citation: str
    source: SourceLevel

    @property
    def label(self) -> str:
        return period_label(self.years)


def period_label(years: int | None) -> str:
    """The Maintenance field (Phụ lục VI, S30): "Vĩnh viễn" or "20 năm"."""
    return PERMANENT if years is None else f"{years} năm"


G_GENERAL = "1. Tài liệu chung"
G_SUMMARY = "2. Tài liệu tổng hợp"
G_STAFF = "3. Tài liệu tổ chức, cán bộ, công chức, viên chức, người lao động"
G_FINANCE = "Tài liệu tài chính, kế toán"
G_INSPECTION = "Tài liệu thanh tra, giải quyết khiếu nại, tố cáo"
G_EMULATION = "Tài liệu thi đua, khen thưởng"
G_RECORDS = "Tài liệu văn thư, lưu trữ"

# Row found: a legal Q&A text (public GitHub file, sentence-similarity training data; repository
# not resolved) quoting "mục 3 Phụ lục I kèm theo Thông tư 10/2022/TT-BNV".
_QUOTED = f"{SOURCE}, mục 3 (trích dẫn trong nguồn thứ cấp)"
_UNVERIFIED = f"{SOURCE} (chưa đối chiếu nguyên văn)"

RETENTIONS: tuple[Retention, ...] = (
    Retention(
        "to-chuc-dieu-le-quy-che",
        G_STAFF,
        "Hồ sơ xây dựng, ban hành Điều lệ tổ chức và hoạt động của cơ quan, tổ chức; Quy chế "
        "làm việc, quy định, hướng dẫn công tác tổ chức của cơ quan, tổ chức",
        20,
        _QUOTED,
        SourceLevel.SECONDARY,
    ),
    # --- not verified against the text (see the module docstring) -------------------------
    Retention(
        "tong-hop-bao-cao-nam",
        G_SUMMARY,
        "Kế hoạch, báo cáo công tác năm của cơ quan",
        None,
        _UNVERIFIED,
        SourceLevel.UNVERIFIED,
    ),
    Retention(
        "tong-hop-bao-cao-quy-thang",
        G_SUMMARY,
        "Kế hoạch, báo cáo công tác quý, tháng",
        5,
        _UNVERIFIED,
        SourceLevel.UNVERIFIED,
    ),
    Retention(
        "chung-hoi-nghi-tong-ket",
        G_GENERAL,
        "Hồ sơ hội nghị tổng kết, sơ kết công tác năm do cơ quan tổ chức",
        None,
        _UNVERIFIED,
        SourceLevel.UNVERIFIED,
    ),
    Retention(
        "can-bo-ho-so-goc",
        G_STAFF,
        "Hồ sơ gốc cán bộ, công chức, viên chức",
        70,
        _UNVERIFIED,
        SourceLevel.UNVERIFIED,
    ),
    Retention(
        "tai-chinh-bao-cao-nam",
        G_FINANCE,
        "Báo cáo tài chính, quyết toán năm",
        None,
        _UNVERIFIED,
        SourceLevel.UNVERIFIED,
    ),
    Retention(
        "tai-chinh-chung-tu",
        G_FINANCE,
        "Chứng từ kế toán sử dụng trực tiếp để ghi sổ kế toán và lập báo cáo tài chính",
        10,
        _UNVERIFIED,
        SourceLevel.UNVERIFIED,
    ),
    Retention(
        "thanh-tra-khieu-nai",
        G_INSPECTION,
        "Hồ sơ giải quyết khiếu nại, tố cáo",
        15,
        _UNVERIFIED,
        SourceLevel.UNVERIFIED,
    ),
    Retention(
        "thi-dua-nha-nuoc",
        G_EMULATION,
        "Hồ sơ khen thưởng các hình thức khen thưởng cấp Nhà nước",
        None,
        _UNVERIFIED,
        SourceLevel.UNVERIFIED,
    ),
    Retention(
        "van-thu-so-dang-ky",
        G_RECORDS,
        "Sổ đăng ký văn bản đi, văn bản đến",
        20,
        _UNVERIFIED,
        SourceLevel.UNVERIFIED,
    ),
    Retention(
        "van-thu-cong-van-trao-doi",
        G_GENERAL,
        "Công văn trao đổi về những vấn đề chung",
        10,
        _UNVERIFIED,
        SourceLevel.UNVERIFIED,
    ),
)
BY_KEY: dict[str, Retention] = {r.key: r for r in RETENTIONS}
CHOICES: list[tuple[str, str]] = [
    (
        r.key,
        f"{r.title} — {r.label}" + ("" if r.source is SourceLevel.READ else f" ({r.source.value})"),
    )
    for r in RETENTIONS
]

# Nghị định 30/2020/NĐ-CP, Điều 31.3.c: files kept 05 years or more go to the agency archive.
TRANSFER_FROM_YEARS = 5


def retention(key: str) -> Retention:
    try:
        return BY_KEY[key]
    except KeyError:
        raise ValueError(f"Không có loại hồ sơ {key!r} trong bảng thời hạn bảo quản.") from None


def goes_to_archive(years: int | None) -> bool:
    """Điều 31.3.c: only files kept 05 years or more (or for ever) are handed to the archive."""
    return years is None or years >= TRANSFER_FROM_YEARS
