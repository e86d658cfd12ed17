"""Public tracking of a dossier (/tra-cuu/): its code and a proof only the applicant has
(dossiers/tracking.py); no personal data beyond a masked name. Rate-limited per address."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from tinhso.core import ratelimit
from tinhso.core.client_ip import client_ip
from tinhso.dossiers import tracking, tracking_page

NOT_FOUND = (
    "Không tìm thấy hồ sơ khớp với mã hồ sơ và mã xác minh đã nhập. Hãy kiểm tra lại hai mã "
    "trên giấy tiếp nhận hồ sơ và hẹn trả kết quả."
)
NEEDS_PROOF = (
    "Để xem tình trạng hồ sơ, nhập thêm mã xác minh: mã in trên giấy tiếp nhận (hoặc quét mã "
    "QR trên giấy), hoặc 4 số cuối số điện thoại hay số CCCD của người nộp hồ sơ."
)
TOO_MANY = "Bạn đã tra cứu quá nhiều lần trong thời gian ngắn."


def _plain_visitor(request: HttpRequest) -> bool:
    """Nothing on this visitor's page is theirs alone (no session: not signed in, no message
    waiting), so a page rendered for the same code and proof may be served again."""
    return not any(c in request.COOKIES for c in (settings.SESSION_COOKIE_NAME, "messages"))


def _render(request: HttpRequest, status: int = 200, **context: object) -> HttpResponse:
    base: dict[str, object] = {
        "code": "",
        "proof": "",
        "result": "",
        "error": "",
        "hint": "",
    }
    return render(request, "dossiers/track.html", {**base, **context}, status=status)


@require_GET
def track(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("ma", "").strip()
    proof = request.GET.get("k", "").strip()
    if not code:
        return _render(request, proof=proof)
    if len(code) > 40 or len(proof) > 40:
        return _render(request, 400, code=code[:40], error="Mã hồ sơ không hợp lệ.")
    verdict = ratelimit.hit("tracking", client_ip(request) or "-")
    if verdict.allowed and tracking.is_short_proof(proof):
        # 4 digits can be guessed: few tries per code, from all addresses together.
        verdict = ratelimit.hit("tracking_proof", tracking.normalise_code(code))
    if not verdict.allowed:
        return ratelimit.too_many_requests(request, verdict.retry_after, TOO_MANY)
    if not proof:
        # The same whether the code exists or not: nothing is looked up.
        return _render(request, code=code, hint=NEEDS_PROOF)
    if _plain_visitor(request):
        # Rendered and escaped by dossiers/_track_result.html and dossiers/track.html.
        page = tracking_page.page_for(
            code,
            proof,
            lambda result: _render(
                request,
                code=code,
                proof=proof,
                result=mark_safe(result),  # noqa: S308
            ).content.decode(),
        )
        if page is not None:
            return HttpResponse(page)
    result = tracking_page.result_for(code, proof)
    if result is None:
        return _render(request, 404, code=code, proof=proof, error=NOT_FOUND)
    # Rendered and escaped by dossiers/_track_result.html (tinhso.dossiers.tracking_page).
    return _render(request, code=code, proof=proof, result=mark_safe(result))  # noqa: S308
