"""Public tracking of a dossier by its code (/tra-cuu/): no personal data beyond a masked name."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tinhso.dossiers import selectors
from tinhso.dossiers.constants import StepState


@require_GET
def track(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("ma", "").strip()
    dossier = None
    error = ""
    if code:
        if len(code) > 40:
            error = "Mã hồ sơ không hợp lệ."
        else:
            dossier = selectors.public_dossier(code)
            if dossier is None:
                error = f"Không tìm thấy hồ sơ có mã “{code}”. Hãy kiểm tra lại mã trên giấy hẹn."
    steps = []
    if dossier is not None:
        steps = list(
            dossier.steps.exclude(state=StepState.CLOSED)
            .select_related("agency")
            .only("order", "name", "state", "started_at", "finished_at", "agency__name")
            .order_by("started_at", "id")
        )
    return render(
        request,
        "dossiers/track.html",
        {
            "code": code,
            "dossier": dossier,
            "masked_name": selectors.mask_name(dossier.applicant_name) if dossier else "",
            "steps": steps,
            "error": error,
        },
        status=404 if error and dossier is None and code else 200,
    )
