"""Thời hạn bảo quản: retention periods of the records an agency keeps.

The rule: Thông tư 10/2022/TT-BNV (Bộ Nội vụ, 19/12/2022, in force 15/02/2023, replacing
Thông tư 09/2011/TT-BNV and 13/2011/TT-BNV), Phụ lục I — the table of periods for the files
every agency forms, grouped by kind of work; a period is "Vĩnh viễn" or a number of years
(Nghị định 30/2020/NĐ-CP, Phụ lục V §I.4: "Vĩnh viễn hoặc thời hạn bằng số năm cụ thể").

How each row is marked (issue 14, item 5):
- `SourceLevel.READ`: read in the official text of the Thông tư. No row is: its text (with the
  item numbers of Phụ lục I) was not found in the reference corpora — see docs/archive.md for
  the searches made;
- `SourceLevel.SECONDARY`: quoted by a secondary source (named in `citation`);
- `SourceLevel.UNVERIFIED`: from background knowledge; `note` compares it with the superseded
  Thông tư 09/2011/TT-BNV table, the only full table found (a third-party transcription).
Rows are kept by key: `RecordFile.retention_key` stores the key, so a key is never renamed.
The plan's leader approves each file's period anyway (Điều 28: the Danh mục hồ sơ is approved
by the head of the agency), and any period can be typed in by hand.
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
    note: str = ""  # where the value came from; how it compares with Thông tư 09/2011

    @property
    def label(self) -> str:
        return period_label(self.years)


def period_label(years: int | None) -> str:
    """The Maintenance field (Phụ lục VI, S30): "Vĩnh viễn" or "20 năm"."""
    return PERMANENT if years is None else f"{years} năm"


# Only group 3's number and name come from a source (the legal Q&A below); the other group
# names are descriptive, not the Thông tư's headings.
G_GENERAL = "Tài liệu chung"
G_SUMMARY = "Tài liệu tổng hợp"
G_PLANNING = "Tài liệu quy hoạch"
G_STAFF = "Nhóm 3. Tài liệu tổ chức, cán bộ, công chức, viên chức, người lao động"
G_FINANCE = "Tài liệu tài chính, kế toán"
G_INSPECTION = "Tài liệu thanh tra, giải quyết khiếu nại, tố cáo"
G_EMULATION = "Tài liệu thi đua, khen thưởng"
G_RECORDS = "Tài liệu văn thư, lưu trữ"

# Secondary sources found (issue 14, item 5):
# - a legal Q&A text (public GitHub file of sentence-similarity training data; repository not
#   resolved) quoting "mục 3 Phụ lục I kèm theo Thông tư 10/2022/TT-BNV ... Tài liệu tổ chức,
#   cán bộ, công chức, viên chức, người lao động" — "mục 3" there names the group, not a row;
# - the Thư viện Pháp luật news item of 20/12/2022 "Quy định thời hạn bảo quản tài liệu của cơ
#   quan nhà nước" (tintuc.thuvienphapluat.com/.../44870/...; the same text on saovietlaw.com),
#   listing three rows the Thông tư changed from Thông tư 09/2011.
_QA = f"{SOURCE}, nhóm 3 (theo nguồn thứ cấp: hỏi đáp pháp luật trích dẫn; số mục chưa rõ)"
_NEWS = f"{SOURCE} (theo nguồn thứ cấp: bản tin Thư viện Pháp luật ngày 20/12/2022; số mục chưa rõ)"
_UNVERIFIED = f"{SOURCE} (chưa đối chiếu nguyên văn)"
_OLD = "Thông tư 09/2011/TT-BNV (đã bị thay thế)"

RETENTIONS: tuple[Retention, ...] = (
    # --- quoted by a secondary source --------------------------------------------------------
    Retention(
        "to-chuc-dieu-le-quy-che",
        G_STAFF,
        "Hồ sơ xây dựng, ban hành Điều lệ tổ chức và hoạt động của cơ quan, tổ chức; Quy chế "
        "làm việc, quy định, hướng dẫn công tác tổ chức của cơ quan, tổ chức",
        20,
        _QA,
        SourceLevel.SECONDARY,
        f"Nguồn thứ cấp ghi rõ không còn vĩnh viễn như {_OLD}.",
    ),
    Retention(
        "can-bo-quy-hoach-phieu-tin-nhiem",
        G_STAFF,
        "Hồ sơ về quy hoạch cán bộ, công chức, viên chức: phiếu tín nhiệm quy hoạch",
        5,
        _NEWS,
        SourceLevel.SECONDARY,
        f"{_OLD}: hồ sơ quy hoạch cán bộ 20 năm.",
    ),
    Retention(
        "can-bo-quy-hoach",
        G_STAFF,
        "Hồ sơ về quy hoạch cán bộ, công chức, viên chức: các thành phần tài liệu khác",
        10,
        _NEWS,
        SourceLevel.SECONDARY,
        f"{_OLD}: hồ sơ quy hoạch cán bộ 20 năm.",
    ),
    Retention(
        "quy-hoach-cong-van",
        G_PLANNING,
        "Công văn trao đổi về công tác quy hoạch",
        5,
        _NEWS,
        SourceLevel.SECONDARY,
        f"{_OLD}: 10 năm.",
    ),
    Retention(
        "tai-chinh-dau-thau-trung-thau",
        G_FINANCE,
        "Hồ sơ đấu thầu mua sắm thường xuyên tài sản, vật tư, thiết bị: tài liệu mời thầu, "
        "đấu thầu và phê duyệt kết quả đấu thầu, hồ sơ dự thầu trúng thầu",
        20,
        _NEWS,
        SourceLevel.SECONDARY,
        f"Không có dòng riêng trong {_OLD}.",
    ),
    Retention(
        "tai-chinh-dau-thau-khong-trung",
        G_FINANCE,
        "Hồ sơ đấu thầu mua sắm thường xuyên tài sản, vật tư, thiết bị: hồ sơ dự thầu không "
        "trúng thầu",
        5,
        _NEWS,
        SourceLevel.SECONDARY,
        f"Không có dòng riêng trong {_OLD}.",
    ),
    # --- not verified against the text (see the module docstring) ---------------------------
    Retention(
        "tong-hop-bao-cao-nam",
        G_SUMMARY,
        "Kế hoạch, báo cáo công tác năm của cơ quan",
        None,
        _UNVERIFIED,
        SourceLevel.UNVERIFIED,
        f"{_OLD}: kế hoạch, báo cáo hằng năm của cơ quan và đơn vị trực thuộc — Vĩnh viễn.",
    ),
    Retention(
        "tong-hop-bao-cao-quy-thang",
        G_SUMMARY,
        "Kế hoạch, báo cáo công tác quý, tháng",
        5,
        _UNVERIFIED,
        SourceLevel.UNVERIFIED,
        f"Đáng ngờ. {_OLD}: của cơ quan — quý, 6 tháng, 9 tháng 20 năm; tháng, tuần 10 năm; "
        "của đơn vị chức năng — 5 năm.",
    ),
    Retention(
        "chung-hoi-nghi-tong-ket",
        G_GENERAL,
        "Hồ sơ hội nghị tổng kết, sơ kết công tác năm do cơ quan tổ chức",
        None,
        _UNVERIFIED,
        SourceLevel.UNVERIFIED,
        f"{_OLD}: tổng kết năm — Vĩnh viễn; sơ kết tháng, quý, 6 tháng — 5 năm.",
    ),
    Retention(
        "can-bo-ho-so-goc",
        G_STAFF,
        "Hồ sơ gốc cán bộ, công chức, viên chức",
        70,
        _UNVERIFIED,
        SourceLevel.UNVERIFIED,
        f"Đáng ngờ. {_OLD}: Vĩnh viễn.",
    ),
    Retention(
        "tai-chinh-bao-cao-nam",
        G_FINANCE,
        "Báo cáo tài chính, quyết toán năm",
        None,
        _UNVERIFIED,
        SourceLevel.UNVERIFIED,
        f"{_OLD}: kế hoạch, báo cáo tài chính và quyết toán hằng năm — Vĩnh viễn.",
    ),
    Retention(
        "tai-chinh-chung-tu",
        G_FINANCE,
        "Chứng từ kế toán sử dụng trực tiếp để ghi sổ kế toán và lập báo cáo tài chính",
        10,
        _UNVERIFIED,
        SourceLevel.UNVERIFIED,
        f"{_OLD}: 10 năm.",
    ),
    Retention(
        "thanh-tra-khieu-nai",
        G_INSPECTION,
        "Hồ sơ giải quyết khiếu nại, tố cáo",
        15,
        _UNVERIFIED,
        SourceLevel.UNVERIFIED,
        f"Đáng ngờ. {_OLD}: vụ việc nghiêm trọng — Vĩnh viễn; vụ việc khác — 15 năm.",
    ),
    Retention(
        "thi-dua-nha-nuoc",
        G_EMULATION,
        "Hồ sơ khen thưởng các hình thức khen thưởng cấp Nhà nước",
        None,
        _UNVERIFIED,
        SourceLevel.UNVERIFIED,
        f"{_OLD}: khen thưởng của Chủ tịch nước, Thủ tướng Chính phủ — Vĩnh viễn.",
    ),
    Retention(
        "van-thu-so-dang-ky",
        G_RECORDS,
        "Sổ đăng ký văn bản đi, văn bản đến",
        20,
        _UNVERIFIED,
        SourceLevel.UNVERIFIED,
        f"Đáng ngờ. {_OLD}: sổ đăng ký văn bản đến — 20 năm; tập lưu, sổ đăng ký văn bản đi — "
        "Vĩnh viễn (văn bản quy phạm pháp luật, chỉ thị, quyết định, quy chế) hoặc 50 năm.",
    ),
    Retention(
        "van-thu-cong-van-trao-doi",
        G_GENERAL,
        "Công văn trao đổi về những vấn đề chung",
        10,
        _UNVERIFIED,
        SourceLevel.UNVERIFIED,
        f"{_OLD}: 10 năm.",
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
