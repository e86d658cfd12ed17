"""The one-stop officer records money taken at the counter (issue 16 item 3):
POST /can-bo/ho-so/<code>/thu-phi/ from the panel on the officer's dossier page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from tinhso.accounts.access import AccessDenied, staff_required
from tinhso.core.money import MAX_AMOUNT, dong
from tinhso.dossiers.access import readable_dossier
from tinhso.payments import services
from tinhso.payments.access import NOT_COUNTER, user_records_counter_payment


def _amount(raw: str) -> int | None:
    text = raw.strip().replace(".", "").replace(" ", "")
    if not text.isdigit() or len(text) > 13 or int(text) > MAX_AMOUNT:
        return None
    return int(text)


@staff_required
@require_POST
def counter_payment(request: HttpRequest, code: str) -> HttpResponse:
    dossier = readable_dossier(request.user, code)
    if not user_records_counter_payment(request.user, dossier):
        raise AccessDenied(NOT_COUNTER)
    back = redirect("dossiers:office_dossier", code=dossier.code)
    amount = _amount(request.POST.get("amount", ""))
    if amount is None:
        messages.error(request, "Số tiền thu phải là số nguyên dương (đồng), ví dụ 50000.")
        return back
    try:
        payment = services.record_counter_payment(
            dossier,
            request.POST.get("method", ""),
            amount,
            request.user,
            reason=request.POST.get("reason", "")[:300],
        )
    except services.PaymentError as exc:
        messages.error(request, str(exc))
        return back
    messages.success(
        request,
        f"Đã ghi nhận khoản thu tại quầy {payment.reference}: {dong(payment.amount)}.",
    )
    return back
