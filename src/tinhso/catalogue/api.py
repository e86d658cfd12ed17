from datetime import date
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field as PydField

from tinhso.api_common import MAX_PAGE, InputSchema, code_path, errors
from tinhso.catalogue import selectors
from tinhso.catalogue.constants import OnlineLevel
from tinhso.catalogue.models import ProcedureVersion
from tinhso.organisation.selectors import agency_by_code

router = Router()


class ProcedureFieldOut(Schema):
    code: str
    name: str


class ProcedureTimeLimitOut(Schema):
    value: Decimal
    unit: str = PydField(description="working_days hoặc hours (giờ làm việc)")
    same_day: bool = PydField(
        False, description="true: thủ tục giải quyết trong ngày (không tính đủ số giờ)"
    )
    cutoff: str | None = PydField(
        None, description="giờ tiếp nhận muộn nhất (HH:MM) với thủ tục trong ngày"
    )
    text: str


class ProcedureSummaryOut(Schema):
    code: str
    name: str
    field: ProcedureFieldOut
    level: str
    online_level: str
    online_level_label: str
    time_limit: ProcedureTimeLimitOut
    url: str


class ProcedureAgencyOut(Schema):
    code: str
    name: str


class ProcedureComponentOut(Schema):
    name: str
    originals: int
    copies: int
    required: bool
    file_types: list[str]
    template: str | None


class ProcedureFeeOut(Schema):
    kind: str
    name: str
    amount: int = PydField(description="đồng")
    exemption: str
    condition: str = PydField("", description="trường hợp áp dụng, ví dụ Đăng ký đúng hạn")
    group: str = PydField(
        "", description="nhóm thay thế: mỗi hồ sơ chỉ áp dụng đúng một khoản của nhóm"
    )


class ProcedureDetailOut(ProcedureSummaryOut):
    version: int
    effective_from: date
    agencies: list[ProcedureAgencyOut]
    all_communes: bool = PydField(description="mọi UBND xã, phường đều có thẩm quyền")
    components: list[ProcedureComponentOut]
    fees: list[ProcedureFeeOut]
    result: str
    delivery: list[str]
    legal_basis: list[str]
    applicants: str
    steps: str
    conditions: str
    demo: bool


class ProcedurePageOut(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[ProcedureSummaryOut]


class CatalogueFilters(InputSchema):
    q: str = PydField("", max_length=200, description="từ khóa, có hoặc không dấu")
    field: str | None = PydField(None, max_length=30, description="mã lĩnh vực")
    agency: str | None = PydField(None, max_length=13, description="mã định danh cơ quan")
    level: OnlineLevel | None = PydField(None, description="mức độ dịch vụ công trực tuyến")
    page: int = PydField(1, ge=1, le=MAX_PAGE)
    page_size: int = PydField(20, ge=1, le=100)


def _summary(v: ProcedureVersion) -> dict:
    return {
        "code": v.procedure.code,
        "name": v.name,
        "field": {"code": v.field.code, "name": v.field.name},
        "level": v.competent_level,
        "online_level": v.online_level,
        "online_level_label": v.get_online_level_display(),
        "time_limit": {
            "value": v.time_limit_value,
            "unit": v.time_limit_unit,
            "same_day": v.is_same_day,
            "cutoff": v.same_day_cutoff.strftime("%H:%M") if v.same_day_cutoff else None,
            "text": v.time_limit_text,
        },
        "url": reverse("portal:procedure", args=[v.procedure.code]),
    }


@router.get(
    "",
    response={200: ProcedurePageOut, **errors(400, 422)},
    summary="Tìm thủ tục hành chính đang áp dụng",
)
def list_procedures(request: HttpRequest, filters: Query[CatalogueFilters]):
    field = agency = None
    if filters.field:
        field = selectors.field_by_code(filters.field)
        if field is None:
            raise HttpError(400, f"Không có lĩnh vực mã '{filters.field}'.")
    if filters.agency:
        agency = agency_by_code(filters.agency)
        if agency is None:
            raise HttpError(400, f"Không có cơ quan mã định danh '{filters.agency}'.")
    qs = selectors.catalogue_search(
        on=timezone.localdate(),
        q=filters.q,
        field=field,
        agency=agency,
        online_level=filters.level.value if filters.level else None,
    )
    paginator = Paginator(qs, filters.page_size)
    page_number = min(filters.page, max(paginator.num_pages, 1))
    items = paginator.page(page_number).object_list if filters.page <= paginator.num_pages else []
    return {
        "count": paginator.count,
        "page": filters.page,
        "page_size": filters.page_size,
        "pages": paginator.num_pages if paginator.count else 0,
        "results": [_summary(v) for v in items],
    }


@router.get(
    "/{code}",
    response={200: ProcedureDetailOut, **errors(404, 422)},
    summary="Chi tiết thủ tục đang áp dụng",
)
def get_procedure(
    request: HttpRequest, code: str = code_path("mã thủ tục, ví dụ 1.001232")
) -> dict[str, Any]:
    v = selectors.version_in_force(code, timezone.localdate())
    if v is None:
        raise Http404(f"Không có thủ tục mã '{code}' đang áp dụng.")
    agencies = list(v.agencies.all())
    return {
        **_summary(v),
        "version": v.number,
        "effective_from": v.effective_from,
        "agencies": [{"code": a.code, "name": a.name} for a in agencies],
        "all_communes": v.competent_level == "xa" and not agencies,
        "components": [
            {
                "name": c.name,
                "originals": c.originals,
                "copies": c.copies,
                "required": c.required,
                "file_types": c.file_type_list,
                "template": c.template_name or None,
            }
            for c in v.components.all()
        ],
        "fees": [
            {
                "kind": f.kind,
                "name": f.name,
                "amount": f.amount,
                "exemption": f.exemption,
                "condition": f.condition,
                "group": f.group,
            }
            for f in v.fees.all()
        ],
        "result": v.result_text,
        "delivery": list(v.delivery_modes),
        "legal_basis": v.legal_basis_lines,
        "applicants": v.applicants,
        "steps": v.steps,
        "conditions": v.conditions,
        "demo": v.is_demo,
    }
