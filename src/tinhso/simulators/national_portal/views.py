"""The simulated national portal's pages (/mo-phong/dvcqg/): what it received, its outage
switch, and a button that files a sample dossier with the province."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from tinhso.simulators.models import PortalStatusReceipt
from tinhso.simulators.national_portal import receiver
from tinhso.simulators.national_portal.client import SubmitError, submit
from tinhso.simulators.national_portal.forms import OutageForm, SampleForm
from tinhso.simulators.national_portal.sample import SampleError, sample_dossier


@csrf_exempt
@require_POST
def status_receiver(request: HttpRequest) -> JsonResponse:
    """Where the province posts status updates (NATIONAL_PORTAL_STATUS_URL in development)."""
    status, answer = receiver.receive(request.body, request.headers)
    return JsonResponse(answer, status=status, json_dumps_params={"ensure_ascii": False})


@csrf_exempt
@require_POST
def ledger(request: HttpRequest) -> JsonResponse:
    """What the simulated portal holds: the last status of each dossier (for reconciliation)."""
    status, answer = receiver.ledger(request.body, request.headers)
    return JsonResponse(answer, status=status, json_dumps_params={"ensure_ascii": False})


def _page(request: HttpRequest, outage_form=None, sample_form=None, status=200) -> HttpResponse:
    switch = receiver.outage()
    context = {
        "receipts": PortalStatusReceipt.objects.all()[:100],
        "switch": switch,
        "outage_form": outage_form
        or OutageForm(initial={"fail_next": switch.fail_next, "fail_status": switch.fail_status}),
        "sample_form": sample_form or SampleForm(),
    }
    return render(request, "national_portal_sim/index.html", context, status=status)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
def outage(request: HttpRequest) -> HttpResponse:
    form = OutageForm(request.POST)
    if not form.is_valid():
        return _page(request, outage_form=form, status=400)
    switch = receiver.set_outage(form.cleaned_data["fail_next"], form.cleaned_data["fail_status"])
    if switch.fail_next:
        messages.success(
            request,
            f"Cổng mô phỏng sẽ trả lời HTTP {switch.fail_status} cho {switch.fail_next} "
            "tin trạng thái tiếp theo.",
        )
    else:
        messages.success(request, "Cổng mô phỏng nhận tin bình thường.")
    return redirect("simulators:national_portal_sim:index")


@require_POST
def send_sample(request: HttpRequest) -> HttpResponse:
    form = SampleForm(request.POST)
    if not form.is_valid():
        return _page(request, sample_form=form, status=400)
    data = form.cleaned_data
    try:
        payload = sample_dossier(
            data["procedure_code"] or None, data["agency_code"] or None, data["external_id"] or None
        )
        status, answer = submit(
            payload,
            url=request.build_absolute_uri(reverse("api-v1:receive_dossier")),
            secret=settings.NATIONAL_PORTAL_INBOUND_SECRET,
        )
    except (SampleError, SubmitError) as exc:
        form.add_error(None, str(exc))
        return _page(request, sample_form=form, status=400)
    if status in (200, 201) and isinstance(answer, dict):
        messages.success(
            request,
            f"Đã gửi hồ sơ {payload['external_id']}: tỉnh trả lời HTTP {status}, mã hồ sơ "
            f"{answer['dossier_code']} ({answer['status_label']}"
            f"{'' if answer['created'] else ', đã nhận trước đó'}).",
        )
    else:
        detail = answer.get("detail") if isinstance(answer, dict) else answer
        messages.error(
            request, f"Tỉnh từ chối hồ sơ {payload['external_id']} (HTTP {status}): {detail}"
        )
    return redirect("simulators:national_portal_sim:index")
