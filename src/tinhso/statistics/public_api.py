"""GET /api/v1/public/statistics: the public figures (aggregates only), no authentication.

What the public may read: tinhso.statistics.access.PUBLIC_FIGURES — counts and ratios per
agency and period, never a dossier, an applicant or an officer. Same figures as /thong-ke/.
"""

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field as SchemaField
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from tinhso.api_common import InputSchema, errors
from tinhso.statistics.api import CODE_LENGTH, DAY_RANGE, FIRST_DAY, LAST_DAY
from tinhso.statistics.public import PublicParamError, find_agency, public_statistics

router = Router(auth=None)


class PublicStatisticsQuery(InputSchema):
    date_from: date = SchemaField(
        ..., alias="from", ge=FIRST_DAY, le=LAST_DAY, description="từ ngày, " + DAY_RANGE
    )
    date_to: date = SchemaField(
        ..., alias="to", ge=FIRST_DAY, le=LAST_DAY, description="đến ngày, " + DAY_RANGE
    )
    agency: str | None = SchemaField(
        None, max_length=CODE_LENGTH, description="mã định danh cơ quan (bỏ trống: toàn tỉnh)"
    )


class PublicGroupOut(Schema):
    code: str
    label: str
    numerator: int
    denominator: int
    ratio: Decimal | None = SchemaField(description="0–1; null khi mẫu số bằng 0")


class PublicGroupScoreOut(Schema):
    code: str
    label: str
    max_points: int = SchemaField(description="điểm tối đa của nhóm (Quyết định 766/QĐ-TTg)")
    points: Decimal | None = SchemaField(description="điểm đạt; null khi nhóm chưa có số liệu")
    metrics: list[PublicGroupOut]


class PublicRowOut(Schema):
    agency_code: str | None = SchemaField(description="null: toàn tỉnh")
    name: str
    carried_over: int = SchemaField(description="tồn kỳ trước chuyển sang")
    received_new: int = SchemaField(description="tiếp nhận mới trong kỳ")
    received: int = SchemaField(description="tổng số hồ sơ nhận giải quyết")
    resolved_in_time: int = SchemaField(description="giải quyết trước hạn và đúng hạn")
    resolved_late: int = SchemaField(description="giải quyết quá hạn")
    in_time_ratio: Decimal | None = SchemaField(description="tỷ lệ đúng hạn, 0–1")
    in_progress_overdue: int = SchemaField(description="đang giải quyết, đã quá hạn")
    rated: int
    satisfied: int
    satisfaction_ratio: Decimal | None = SchemaField(description="tỷ lệ hài lòng, 0–1")
    groups: list[PublicGroupOut] = SchemaField(description="các nhóm chỉ số Quyết định 766")
    scores: list[PublicGroupScoreOut] = SchemaField(description="điểm từng nhóm chỉ số 766")
    points: Decimal | None = SchemaField(description="tổng điểm các nhóm có số liệu")
    max_points: int = SchemaField(description="tổng điểm tối đa của các nhóm đó (100 khi đủ)")


class PublicStatisticsOut(Schema):
    date_from: date
    date_to: date
    province: PublicRowOut | None = SchemaField(description="null khi lọc theo một cơ quan")
    agencies: list[PublicRowOut]


@router.get(
    "",
    response={200: PublicStatisticsOut, **errors(422)},
    summary="Số liệu công khai về giải quyết TTHC (không cần đăng nhập)",
)
def public_statistics_api(
    request: HttpRequest, query: Query[PublicStatisticsQuery]
) -> dict[str, Any]:
    """Per agency (and the whole province) for the period: received, resolved in time
    (trước hạn + đúng hạn) and late, on-time rate, satisfaction rate and the Quyết định
    766 groups. Aggregates only. Dates yyyy-mm-dd, both included, at most 3 years."""
    try:
        agency = find_agency(query.agency)
        return asdict(public_statistics(query.date_from, query.date_to, agency))
    except PublicParamError as exc:
        raise HttpError(422, str(exc)) from exc
