"""Statistics request parameters, shared by the API and the export views: codes → ids,
checked against who asks (access.statistics_scope)."""

from dataclasses import dataclass
from datetime import date
from typing import Literal

from ninja import Field as SchemaField
from ninja import Schema

from tinhso.accounts.models import User
from tinhso.catalogue.models import Field, Procedure
from tinhso.organisation.models import Agency
from tinhso.statistics.access import (
    check_user_can_read_agency_statistics,
    statistics_scope,
)

MAX_DAYS = 3 * 366


class ParamError(ValueError):
    """A parameter that names nothing, or a period that makes no sense (Vietnamese message)."""


class Params(Schema):
    date_from: date = SchemaField(..., alias="from")
    date_to: date = SchemaField(..., alias="to")
    agency: str | None = None
    field: str | None = None
    procedure: str | None = None
    group_by: Literal["province", "agency", "field", "procedure", "month"] = "province"

    model_config = {"populate_by_name": True}


@dataclass(frozen=True)
class Resolved:
    date_from: date
    date_to: date
    agency_ids: list[int] | None
    field_id: int | None
    procedure_id: int | None
    group_by: str


def resolve(user: User, p: Params) -> Resolved:
    """Ids for the codes, limited to the user's scope; raises StatisticsNotAllowed/ParamError."""
    scope = statistics_scope(user)
    if p.date_from > p.date_to:
        raise ParamError("from: ngày bắt đầu phải trước hoặc bằng ngày kết thúc (to).")
    if (p.date_to - p.date_from).days > MAX_DAYS:
        raise ParamError("Khoảng thời gian tối đa là 3 năm.")
    agency_ids = scope
    if p.agency:
        agency = Agency.objects.filter(code=p.agency).first()
        if agency is None:
            raise ParamError(f"agency: không có cơ quan mã định danh '{p.agency}'.")
        check_user_can_read_agency_statistics(user, agency)
        agency_ids = [agency.pk]
    field_id = procedure_id = None
    if p.field:
        field_id = Field.objects.filter(code=p.field).values_list("pk", flat=True).first()
        if field_id is None:
            raise ParamError(f"field: không có lĩnh vực mã '{p.field}'.")
    if p.procedure:
        procedure_id = (
            Procedure.objects.filter(code=p.procedure).values_list("pk", flat=True).first()
        )
        if procedure_id is None:
            raise ParamError(f"procedure: không có thủ tục mã '{p.procedure}'.")
    return Resolved(p.date_from, p.date_to, agency_ids, field_id, procedure_id, p.group_by)
