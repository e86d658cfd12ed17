"""Downloads of the statistics (/can-bo/thong-ke/xuat/…), linked from the dashboard pages.

Same parameters and the same permission rule as /api/v1/statistics (params.resolve): a
province leader downloads the province, an agency leader their agency; others get 403.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from pydantic import ValidationError

from tinhso.organisation.models import Agency
from tinhso.statistics import exports, selectors
from tinhso.statistics.access import StatisticsNotAllowed
from tinhso.statistics.params import ParamError, Params, Resolved, resolve

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _problem(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "statistics/problem.html", {"message": message}, status=status)


def _params(request: HttpRequest) -> Resolved | HttpResponse:
    raw = {k: v for k, v in request.GET.items() if v}
    try:
        params = Params.model_validate(raw)
    except ValidationError as exc:
        fields = ", ".join(str(e["loc"][0]) for e in exc.errors())
        return _problem(
            request,
            f"Tham số không hợp lệ: {fields}. Ngày dạng yyyy-mm-dd (from, to là bắt buộc).",
            400,
        )
    try:
        return resolve(request.user, params)
    except StatisticsNotAllowed as exc:
        return _problem(request, str(exc), 403)
    except ParamError as exc:
        return _problem(request, str(exc), 400)


def _meta(q: Resolved) -> exports.ReportMeta:
    if q.agency_ids is None:
        unit = f"TỈNH {settings.PROVINCE_NAME.upper()}"
    else:
        names = Agency.objects.filter(pk__in=q.agency_ids).values_list("name", flat=True)
        unit = "; ".join(n.upper() for n in names)
    label = selectors.GROUP_BY.get(q.group_by, "đơn vị").capitalize()
    return exports.ReportMeta(
        unit=unit, date_from=q.date_from, date_to=q.date_to, group_label=label
    )


def _download(body: bytes, content_type: str, name: str, q: Resolved) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    filename = f"{name}-{q.date_from:%Y%m%d}-{q.date_to:%Y%m%d}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export(render_fn: Callable, content_type: str, suffix: str) -> Callable:
    @login_required
    def view(request: HttpRequest) -> HttpResponse:
        q = _params(request)
        if isinstance(q, HttpResponse):
            return q
        rows = selectors.figures(
            q.date_from,
            q.date_to,
            agency_ids=q.agency_ids,
            field_id=q.field_id,
            procedure_id=q.procedure_id,
            group_by=q.group_by,
        )
        response = _download(render_fn(rows, _meta(q)), content_type, "bao-cao-tthc", q)
        response["Content-Disposition"] = response["Content-Disposition"][:-1] + f'.{suffix}"'
        return response

    return view


report_xlsx = _export(exports.report_xlsx, XLSX, "xlsx")
report_pdf = _export(exports.report_pdf, "application/pdf", "pdf")


@login_required
def index_766_xlsx(request: HttpRequest) -> HttpResponse:
    level = request.GET.get("level") or "province"
    if level not in ("province", "agency", "procedure"):
        return _problem(request, "level phải là province, agency hoặc procedure.", 400)
    q = _params(request)
    if isinstance(q, HttpResponse):
        return q
    rows = selectors.index_766(
        q.date_from,
        q.date_to,
        agency_ids=q.agency_ids,
        field_id=q.field_id,
        procedure_id=q.procedure_id,
        level=level,
    )
    meta = _meta(q)
    response = _download(exports.index_766_xlsx(rows, meta), XLSX, "chi-so-766", q)
    response["Content-Disposition"] = response["Content-Disposition"][:-1] + '.xlsx"'
    return response
