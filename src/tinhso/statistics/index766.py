"""The Bộ chỉ số 766 (Quyết định 766/QĐ-TTg ngày 23/6/2022, Bộ chỉ số chỉ đạo, điều hành và
đánh giá chất lượng phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, dịch vụ
công theo thời gian thực trên môi trường điện tử), built from sums: six groups, each with its
metrics (numerator / denominator) and its points.

Group keys follow the national portal's API (regulations.md §9.1). The national portal
computes the official scores from synchronised dossiers; these are our own ratios of the same
numerators and denominators, for steering before the national figures come out.

Points (POINTS): the maximum of each group as the decision weighs them — công khai, minh bạch
18; tiến độ giải quyết 20; dịch vụ công trực tuyến 12; thanh toán trực tuyến 10; mức độ hài
lòng 18; số hóa hồ sơ 22; total 100 (regulations.md §9.1). A group scores max × the mean of
its metrics' ratios (each metric of a group weighs the same: the sub-weights are not in the
texts we hold — docs/index766.md).
"""

from tinhso.statistics.figures import (
    DIGITISED,
    ONLINE,
    ONLINE_PAYMENT,
    PROGRESS,
    SATISFACTION,
    TRANSPARENCY,
    Group766,
    Score766,
)

BASIS = "Quyết định 766/QĐ-TTg ngày 23/6/2022"

# Quyết định 766/QĐ-TTg: the maximum points of each group; they add up to 100.
POINTS: dict[str, int] = {
    TRANSPARENCY: 18,
    PROGRESS: 20,
    ONLINE: 12,
    ONLINE_PAYMENT: 10,
    SATISFACTION: 18,
    DIGITISED: 22,
}
assert sum(POINTS.values()) == 100
LABELS = {
    TRANSPARENCY: "Công khai, minh bạch",
    PROGRESS: "Tiến độ giải quyết",
    ONLINE: "Cung cấp dịch vụ trực tuyến",
    ONLINE_PAYMENT: "Thanh toán trực tuyến",
    SATISFACTION: "Mức độ hài lòng",
    DIGITISED: "Số hóa hồ sơ",
}
# The order of the national portal's API.
SCORE_ORDER = (TRANSPARENCY, PROGRESS, ONLINE, DIGITISED, SATISFACTION, ONLINE_PAYMENT)

SUMS = (
    "received",
    "received_online",
    "resolved",
    "resolved_in_time",
    "rated",
    "satisfied",
    "digitised",
    "returned",
    "results_digitised",
    "received_with_fees",
    "paid_online",
    "components",
    "components_digitised",
    "components_reused",
    "synced",
    "synced_of",
    "online_procedures",
    "online_enabled_procedures",
)


def _metrics(s: dict[str, int]) -> dict[str, tuple[Group766, ...]]:
    return {
        TRANSPARENCY: (
            Group766(
                TRANSPARENCY,
                "Hồ sơ đồng bộ lên Cổng DVC quốc gia",
                s["synced"],
                s["synced_of"],
                "Hồ sơ tiếp nhận trong kỳ mà Cổng Dịch vụ công quốc gia đã nhận trạng thái mới "
                "nhất (không còn tin chờ gửi, lỗi hoặc gửi không thành công)",
                "Hồ sơ tiếp nhận trong kỳ",
                f"{BASIS}; Nghị định 118/2025/NĐ-CP",
            ),
        ),
        PROGRESS: (
            Group766(
                PROGRESS,
                "Tiến độ giải quyết",
                s["resolved_in_time"],
                s["resolved"],
                "Hồ sơ giải quyết trước hạn và đúng hạn (so với thời hạn theo quy định)",
                "Hồ sơ đã giải quyết",
                f"{BASIS}; Thông tư 03/2025/TT-VPCP",
            ),
        ),
        ONLINE: (
            Group766(
                ONLINE,
                "Cung cấp dịch vụ trực tuyến",
                s["received_online"],
                s["received"],
                "Hồ sơ tiếp nhận trực tuyến (kể cả qua Cổng DVC quốc gia)",
                "Hồ sơ tiếp nhận",
                f"{BASIS}; Nghị định 42/2022/NĐ-CP",
            ),
            Group766(
                f"{ONLINE}:procedures",
                "Thủ tục có phát sinh hồ sơ trực tuyến",
                s["online_procedures"],
                s["online_enabled_procedures"],
                "Thủ tục có dịch vụ công trực tuyến có ít nhất một hồ sơ trực tuyến",
                "Thủ tục có dịch vụ công trực tuyến có hồ sơ tiếp nhận trong kỳ",
                f"{BASIS}; Nghị định 42/2022/NĐ-CP",
            ),
        ),
        SATISFACTION: (
            Group766(
                SATISFACTION,
                "Mức độ hài lòng",
                s["satisfied"],
                s["rated"],
                "Đánh giá hài lòng, rất hài lòng",
                "Lượt đánh giá",
                BASIS,
            ),
        ),
        DIGITISED: (
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
                f"{DIGITISED}:components",
                "Số hóa thành phần hồ sơ",
                s["components_digitised"],
                s["components"],
                "Thành phần hồ sơ có bản điện tử khi tiếp nhận",
                "Thành phần hồ sơ tiếp nhận (bắt buộc, và không bắt buộc có nộp bản điện tử)",
                f"{BASIS}; Thông tư 01/2023/TT-VPCP",
            ),
            Group766(
                f"{DIGITISED}:results",
                "Số hóa kết quả giải quyết",
                s["results_digitised"],
                s["returned"],
                "Hồ sơ trả kết quả có bản điện tử của kết quả",
                "Hồ sơ đã trả kết quả",
                f"{BASIS}; Thông tư 01/2023/TT-VPCP",
            ),
            Group766(
                f"{DIGITISED}:reuse",
                "Tái sử dụng dữ liệu số hóa",
                s["components_reused"],
                s["components"],
                "Thành phần hồ sơ lấy từ kho dữ liệu của người nộp (không phải nộp lại)",
                "Thành phần hồ sơ tiếp nhận",
                f"{BASIS}; Thông tư 01/2023/TT-VPCP",
            ),
        ),
        ONLINE_PAYMENT: (
            Group766(
                ONLINE_PAYMENT,
                "Thanh toán trực tuyến",
                s["paid_online"],
                s["received_with_fees"],
                "Hồ sơ có phí, lệ phí đã thanh toán trực tuyến thành công (có mã giao dịch)",
                "Hồ sơ tiếp nhận có phí, lệ phí phải nộp (lớn hơn 0 đồng)",
                f"{BASIS}; Quyết định 1849/QĐ-BTTTT; regulations.md §6",
                note="Chỉ có thanh toán qua Cổng Dịch vụ công quốc gia (Nền tảng thanh toán "
                "trực tuyến); hệ thống chưa có cổng thanh toán riêng.",
            ),
        ),
    }


def scores_766(s: dict[str, int]) -> tuple[Score766, ...]:
    """The six groups with their metrics and points, from sums (missing sums count 0)."""
    sums = {name: int(s.get(name) or 0) for name in SUMS}
    metrics = _metrics(sums)
    return tuple(Score766(c, LABELS[c], POINTS[c], metrics[c]) for c in SCORE_ORDER)


def groups_766(s: dict[str, int]) -> tuple[Group766, ...]:
    """Every metric of the groups, flat (in SCORE_ORDER)."""
    return tuple(m for score in scores_766(s) for m in score.metrics)
