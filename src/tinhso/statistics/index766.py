"""The Bộ chỉ số 766 groups our data feeds (Quyết định 766/QĐ-TTg ngày 23/6/2022, Bộ chỉ số
chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp), built from sums.

Group keys follow the national portal's API (regulations.md §9.1). The national portal
computes the official scores from synchronised dossiers; these are our own ratios of the same
numerators and denominators, for steering before the national figures come out.
"""

from tinhso.statistics.figures import (
    DIGITISED,
    ONLINE,
    ONLINE_PAYMENT,
    PROGRESS,
    SATISFACTION,
    Group766,
)

BASIS = "Quyết định 766/QĐ-TTg ngày 23/6/2022"


def groups_766(s: dict[str, int]) -> tuple[Group766, ...]:
    """The groups from sums: received, received_online (incl. national portal), resolved,
    resolved_in_time, rated, satisfied, digitised, returned, results_digitised,
    received_with_fees, and optionally online_procedures / online_enabled_procedures."""
    groups = [
        Group766(
            PROGRESS,
            "Tiến độ giải quyết",
            s["resolved_in_time"],
            s["resolved"],
            "Hồ sơ giải quyết trước hạn và đúng hạn",
            "Hồ sơ đã giải quyết",
            f"{BASIS}; Thông tư 03/2025/TT-VPCP",
        ),
        Group766(
            ONLINE,
            "Cung cấp dịch vụ trực tuyến",
            s["received_online"],
            s["received"],
            "Hồ sơ tiếp nhận trực tuyến (kể cả qua Cổng DVC quốc gia)",
            "Hồ sơ tiếp nhận",
            f"{BASIS}; Nghị định 42/2022/NĐ-CP",
        ),
    ]
    if "online_enabled_procedures" in s:
        groups.append(
            Group766(
                f"{ONLINE}:procedures",
                "Thủ tục có phát sinh hồ sơ trực tuyến",
                s["online_procedures"],
                s["online_enabled_procedures"],
                "Thủ tục có dịch vụ công trực tuyến có ít nhất một hồ sơ trực tuyến",
                "Thủ tục có dịch vụ công trực tuyến có hồ sơ tiếp nhận trong kỳ",
                f"{BASIS}; Nghị định 42/2022/NĐ-CP",
            )
        )
    groups += [
        Group766(
            SATISFACTION,
            "Mức độ hài lòng",
            s["satisfied"],
            s["rated"],
            "Đánh giá hài lòng, rất hài lòng",
            "Lượt đánh giá",
            BASIS,
        ),
        Group766(
            DIGITISED,
            "Số hóa hồ sơ",
            s["digitised"],
            s["received"],
            "Hồ sơ tiếp nhận có thành phần hồ sơ điện tử (nộp trực tuyến hoặc quét tại quầy)",
            "Hồ sơ tiếp nhận",
            f"{BASIS}; Nghị định 45/2020/NĐ-CP",
        ),
        Group766(
            f"{DIGITISED}:results",
            "Số hóa kết quả giải quyết",
            s["results_digitised"],
            s["returned"],
            "Hồ sơ trả kết quả có bản điện tử của kết quả",
            "Hồ sơ đã trả kết quả",
            f"{BASIS}; Nghị định 45/2020/NĐ-CP",
        ),
        Group766(
            ONLINE_PAYMENT,
            "Thanh toán trực tuyến",
            0,
            s["received_with_fees"],
            "Hồ sơ thanh toán trực tuyến thành công",
            "Hồ sơ có nghĩa vụ tài chính (phí, lệ phí)",
            f"{BASIS}; Quyết định 1849/QĐ-BTTTT; regulations.md §6",
            note="Hệ thống chưa có thanh toán trực tuyến: tử số bằng 0 cho đến khi có.",
        ),
    ]
    return tuple(groups)
