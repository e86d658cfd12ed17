"""/api/v1/statistics: the figures of the TTHC report and the 766 groups, as JSON.

Authentication: `Authorization: Bearer <token>` or the signed-in session. Staff only: a
province leader or system administrator reads the province, an agency's leader their agency
(tinhso.statistics.selectors.scope_agency_ids); anyone else gets 403.
"""

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from ninja import Field as SchemaField
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from tinhso.accounts.tokens import TokenAuth
from tinhso.statistics import selectors
from tinhso.statistics.figures import Figures, Index766Row
from tinhso.statistics.params import ParamError, Params, resolve

router = Router(auth=[TokenAuth(), django_auth])


class ReceivedOut(Schema):
    carried_over: int
    new: int
    online: int
    counter: int
    postal: int
    national_portal: int
    total: int


class ResolvedOut(Schema):
    early: int
    on_time: int
    late: int
    total: int
    in_time_ratio: Decimal | None


class InProgressOut(Schema):
    in_time: int
    overdue: int
    total: int
    as_of: date | None


class SatisfactionOut(Schema):
    rated: int
    satisfied: int
    dissatisfied: int
    ratio: Decimal | None


class StepsOut(Schema):
    received: int
    done_early: int
    done_on_time: int
    done_late: int
    closed: int
    in_progress_in_time: int
    in_progress_overdue: int


class FiguresOut(Schema):
    key: str
    label: str
    date_from: date
    date_to: date
    received: ReceivedOut
    resolved: ResolvedOut
    in_progress: InProgressOut
    refused: int
    refused_reception: int
    withdrawn: int
    stopped: int
    returned: int
    supplement_requests: int
    extensions: int
    average_working_days: Decimal | None
    satisfaction: SatisfactionOut
    steps: StepsOut | None = None


class GroupOut(Schema):
    code: str
    label: str
    numerator: int
    denominator: int
    ratio: Decimal | None
    numerator_label: str
    denominator_label: str
    basis: str
    note: str


class Index766Out(Schema):
    key: str
    label: str
    groups: list[GroupOut]


def figures_out(f: Figures) -> dict:
    data = asdict(f)
    data["key"] = str(f.key)
    data["received"]["total"] = f.received.total
    data["resolved"].update(total=f.resolved.total, in_time_ratio=f.resolved.in_time_ratio)
    data["in_progress"]["total"] = f.in_progress.total
    data["satisfaction"]["ratio"] = f.satisfaction.ratio
    return data


def index_out(row: Index766Row) -> dict:
    groups = [{**asdict(g), "ratio": g.ratio} for g in row.groups]
    return {"key": str(row.key), "label": row.label, "groups": groups}


def _resolve(request: HttpRequest, params: Params):
    try:
        return resolve(request.user, params)
    except selectors.StatisticsNotAllowed as exc:
        raise HttpError(403, str(exc)) from exc
    except ParamError as exc:
        raise HttpError(422, str(exc)) from exc


@router.get("", response=list[FiguresOut], summary="Số liệu tình hình, kết quả giải quyết TTHC")
def statistics(request: HttpRequest, params: Query[Params]):
    """Received (carried over / new, by channel), resolved early / on time / late, in progress
    in time / overdue, refused, withdrawn, supplement requests, extensions, average working
    days and satisfaction, per `group_by` (province, agency, field, procedure, month).
    `agency`, `field`, `procedure` are codes (mã định danh cơ quan, mã lĩnh vực, mã thủ tục);
    dates yyyy-mm-dd, both included (Thông tư 03/2025/TT-VPCP)."""
    q = _resolve(request, params)
    rows = selectors.figures(
        q.date_from,
        q.date_to,
        agency_ids=q.agency_ids,
        field_id=q.field_id,
        procedure_id=q.procedure_id,
        group_by=q.group_by,
    )
    return [figures_out(f) for f in rows]


class Index766Params(Schema):
    date_from: date = SchemaField(..., alias="from")
    date_to: date = SchemaField(..., alias="to")
    agency: str | None = None
    field: str | None = None
    procedure: str | None = None
    level: Literal["province", "agency", "procedure"] = "province"


@router.get("/766", response=list[Index766Out], summary="Các nhóm chỉ số theo Quyết định 766")
def index_766(request: HttpRequest, params: Query[Index766Params]):
    """Numerator, denominator and ratio of each Bộ chỉ số 766 group our data feeds, per
    `level` (province → agency → procedure drill-down)."""
    q = _resolve(
        request,
        Params(
            **{"from": params.date_from, "to": params.date_to},
            agency=params.agency,
            field=params.field,
            procedure=params.procedure,
        ),
    )
    rows = selectors.index_766(
        q.date_from,
        q.date_to,
        agency_ids=q.agency_ids,
        field_id=q.field_id,
        procedure_id=q.procedure_id,
        level=params.level,
    )
    return [index_out(r) for r in rows]
