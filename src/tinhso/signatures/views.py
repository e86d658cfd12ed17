"""The public validator /xac-thuc-van-ban/: upload a PDF or follow the QR (?ma=<code>)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from tinhso.core import ratelimit
from tinhso.signatures import access, selectors, validation

NOT_FOUND = "Không tìm thấy văn bản có mã xác thực này. Hãy kiểm tra lại mã in dưới mã QR."


def _render(request: HttpRequest, status: int = 200, **context: Any) -> HttpResponse:
    base: dict[str, Any] = {"code": "", "report": None, "error": "", "evidence": None, "ours": None}
    base["max_mb"] = settings.SIGNATURE_MAX_BYTES // (1024 * 1024)
    return render(request, "signatures/verify.html", {**base, **context}, status=status)


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("ma", "").strip()[:40]
    if request.method == "GET" and not code:
        return _render(request)
    verdict = access.may_validate(request)
    if not verdict.allowed:
        return ratelimit.too_many_requests(request, verdict.retry_after, access.TOO_MANY)
    if request.method == "GET":
        evidence = selectors.evidence_by_code(code)
        if evidence is None:
            return _render(request, 404, code=code, error=NOT_FOUND)
        latest = selectors.latest_version(evidence)
        report = validation.validate_pdf(bytes(latest.signed_pdf or b""))
        return _render(request, code=code, report=report, evidence=latest)
    upload = request.FILES.get("tep")
    if upload is None:
        return _render(request, 400, error="Hãy chọn tệp PDF cần kiểm tra.")
    if upload.size is not None and upload.size > settings.SIGNATURE_MAX_BYTES:
        return _render(
            request,
            400,
            error=f"Tệp quá lớn: tối đa {settings.SIGNATURE_MAX_BYTES // (1024 * 1024)} MB.",
        )
    data = upload.read(settings.SIGNATURE_MAX_BYTES + 1)
    try:
        report = validation.validate_pdf(data)
    except validation.BadDocument as exc:
        return _render(request, 400, error=str(exc))
    ours = selectors.evidence_for_document(report.sha256)
    code = selectors.printed_code(ours) if ours else ""
    return _render(request, report=report, ours=ours, ours_code=code)
