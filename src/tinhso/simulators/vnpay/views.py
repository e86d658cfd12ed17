"""The simulated VNPay's pages (/mo-phong/vnpay/): the payment page the citizen is sent to,
the operator's test controls, and the merchant web API."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from tinhso.simulators.vnpay import protocol
from tinhso.simulators.vnpay.models import VnpaySimTransaction as Tx

CONTROLS = {
    "resend": "Gửi lại IPN (thanh toán hai lần)",
    "late": "Gọi lại trễ (trừ tiền rồi mới báo)",
    "wrong_amount": "Gửi IPN sai số tiền",
}


@require_GET
def pay_page(request: HttpRequest) -> HttpResponse:
    """vpcpay.html: the merchant's signed request → the page where the citizen pays."""
    try:
        tx = protocol.open_payment({key: request.GET.get(key, "") for key in request.GET})
    except protocol.PageError as exc:
        context = {"code": exc.code, "message": str(exc)}
        return render(request, "vnpay_sim/error.html", context, status=400)
    return render(request, "vnpay_sim/pay.html", {"tx": tx, "decisions": protocol.DECISIONS})


@require_POST
def pay_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The citizen's button: the result goes to the merchant's IPN (server to server, unless
    the tester holds it back for a late call) and the browser goes back to vnp_ReturnUrl."""
    tx = get_object_or_404(Tx, pk=pk)
    decision = request.POST.get("decision", "")
    if decision not in protocol.DECISIONS:
        context = {"code": "03", "message": "Không rõ thao tác."}
        return render(request, "vnpay_sim/error.html", context, status=400)
    if tx.status != Tx.WAITING:
        context = {"code": "02", "message": "Giao dịch này đã được xử lý."}
        return render(request, "vnpay_sim/error.html", context, status=400)
    tx = protocol.decide(tx, decision)
    if not request.POST.get("hold_ipn"):
        protocol.send_ipn(tx)
    return HttpResponseRedirect(protocol.return_url(tx))


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    context = {
        "transactions": Tx.objects.all()[:50],
        "controls": CONTROLS,
        "ipn_url": protocol.ipn_url(),
    }
    return render(request, "vnpay_sim/index.html", context)


@require_POST
def control(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """The tester's controls: the same IPN again, a late IPN, an IPN with a wrong amount."""
    tx = get_object_or_404(Tx, pk=pk)
    if action not in CONTROLS:
        messages.error(request, "Không rõ thao tác.")
        return redirect("simulators:vnpay_sim:index")
    if action == "late":
        tx = protocol.pay_late(tx)
    elif tx.status == Tx.WAITING:
        messages.error(request, f"Giao dịch {tx.txn_ref} chưa có kết quả để gửi IPN.")
        return redirect("simulators:vnpay_sim:index")
    said = protocol.send_ipn(tx, action, wrong_amount=action == "wrong_amount")
    messages.success(request, f"{CONTROLS[action]} – {tx.txn_ref}: tỉnh trả lời {said}.")
    return redirect("simulators:vnpay_sim:index")


@csrf_exempt
@require_POST
def merchant_api(request: HttpRequest) -> JsonResponse:
    """merchant_webapi/api/transaction: querydr and refund."""
    answer = protocol.merchant_api(request.body[: 64 * 1024])
    return JsonResponse(answer, json_dumps_params={"ensure_ascii": False})
