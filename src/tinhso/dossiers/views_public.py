"""Public tracking of a dossier (/tra-cuu/): its code and a proof only the applicant has
(dossiers/tracking.py); no personal data beyond a masked name. Rate-limited per address."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tinhso.core import ratelimit
from tinhso.core.client_ip import client_ip
from tinhso.dossiers import selectors, tracking
from tinhso.dossiers.constants import StepState

NOT_FOUND = (
    "Không tìm thấy hồ sơ khớp với mã hồ sơ và mã xác minh đã nhập. Hãy kiểm tra lại hai mã "
    "trên giấy tiếp nhận hồ sơ và hẹn trả kết quả."
)
NEEDS_PROOF = (
    "Để xem tình trạng hồ sơ, nhập thêm mã xác minh: mã in trên giấy tiếp nhận (hoặc quét mã "
    "QR trên giấy), hoặc 4 số cuối số điện thoại hay số CCCD của người nộp hồ sơ."
)
TOO_MANY = "Bạn đã tra cứu quá nhiều lần trong thời gian ngắn."


def _render(request: HttpRequest, status: int = 200, **context: object) -> HttpResponse:
    base: dict[str, object] = {
        "code": "",
        "proof": "",
        "dossier": None,
        "steps": [],
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
    dossier = tracking.dossier_for_tracking(code, proof)
    if dossier is None:
        return _render(request, 404, code=code, proof=proof, error=NOT_FOUND)
    # "dossier" stays loaded: the related manager reads each step's dossier_id to attach the
    # dossier, and a deferred one costs a query per step (issue 17's profile).
    steps = list(
        dossier.steps.exclude(state=StepState.CLOSED)
        .select_related("agency")
        .only("dossier", "order", "name", "state", "started_at", "finished_at", "agency__name")
        .order_by("started_at", "id")
    )
    return _render(
        request,
        code=code,
        proof=proof,
        dossier=dossier,
        masked_name=selectors.mask_name(dossier.applicant_name),
        steps=steps,
    )
