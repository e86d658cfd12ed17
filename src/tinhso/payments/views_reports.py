"""The daily reconciliation report page and its CSV (/thanh-toan/doi-soat/)."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tinhso.payments.access import report_scope
from tinhso.payments.reconcile import parse_day
from tinhso.payments.report import daily_report, report_csv
from tinhso.payments.selectors import failed_refunds


@login_required
def reconciliation(request: HttpRequest) -> HttpResponse:
    scope = report_scope(request.user)  # 403 for anyone else
    raw = request.GET.get("ngay", "").strip()
    error = ""
    day: date = timezone.localdate() - timedelta(days=1)
    if raw:
        try:
            day = parse_day(raw)
        except ValueError:
            error = "Ngày không hợp lệ: hãy ghi theo dạng ngày/tháng/năm, ví dụ 05/12/2026."
    report = daily_report(day, scope)
    if request.GET.get("dinh_dang") == "csv" and not error:
        response = HttpResponse(
            "\ufeff" + report_csv(report), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="doi-soat-{day:%Y%m%d}.csv"'
        return response
    return render(
        request,
        "payments/reconciliation.html",
        {
            "report": report,
            "day_text": f"{day:%d/%m/%Y}",
            "error": error,
            "failed_refunds": failed_refunds(scope),
        },
        status=400 if error else 200,
    )
