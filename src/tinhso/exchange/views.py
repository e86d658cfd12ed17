"""The exchange's pages under /lien-thong/: the operator's list of messages (stuck, failed,
resend) and the clerk's answers to recall requests."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tinhso.accounts.access import staff_required
from tinhso.exchange import access, outbox, services
from tinhso.exchange.models import Direction, State

FILTERS = {
    "van-de": "Cần xử lý",
    "di": "Gửi đi",
    "den": "Nhận về",
}


@staff_required
def messages_list(request: HttpRequest) -> HttpResponse:
    if not access.may_use_exchange(request.user):
        raise Http404(access.NOT_FOUND)
    show = request.GET.get("xem", "van-de")
    if show not in FILTERS:
        show = "van-de"
    if show == "van-de":
        rows = services.problems(request.user)
    else:
        direction = Direction.OUT if show == "di" else Direction.IN
        rows = access.visible_messages(request.user).filter(direction=direction)
    page = Paginator(rows.select_related("document"), 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "exchange/messages.html",
        {
            "page": page,
            "show": show,
            "caption": FILTERS[show],
            "filters": FILTERS,
            "recalls": services.recall_requests(request.user)[:50],
            "resendable": (State.FAILED, State.RETRYING, State.QUEUED),
        },
    )


@staff_required
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = access.message_for(request.user, pk)
    return render(
        request,
        "exchange/message.html",
        {
            "m": message,
            "history": access.visible_messages(request.user)
            .filter(edxml_document_id=message.edxml_document_id)
            .exclude(edxml_document_id="")
            .order_by("created_at", "pk")[:200],
            "resendable": message.direction == Direction.OUT
            and message.state in (State.FAILED, State.RETRYING, State.QUEUED),
        },
    )


@staff_required
@require_POST
def message_resend(request: HttpRequest, pk: int) -> HttpResponse:
    message = access.message_for(request.user, pk)
    count = outbox.resend([message], actor=request.user, request=request)
    if count:
        flash.success(request, "Đã đưa tin vào hàng đợi gửi lại.")
    else:
        flash.error(request, "Tin này không ở trạng thái gửi lại được.")
    return redirect("exchange:message", pk=message.pk)


@staff_required
@require_POST
def recall_answer(request: HttpRequest, pk: int) -> HttpResponse:
    message = access.message_for(request.user, pk)
    agree = request.POST.get("tra_loi") == "dong-y"
    try:
        services.answer_recall(
            request.user,
            message,
            agree=agree,
            reason=request.POST.get("ly_do", ""),
            request=request,
        )
    except services.ExchangeError as exc:
        flash.error(request, str(exc))
        return redirect("exchange:message", pk=message.pk)
    flash.success(
        request,
        "Đã đồng ý thu hồi (15): văn bản đã được khóa."
        if agree
        else "Đã từ chối thu hồi (16) và gửi lý do cho cơ quan gửi.",
    )
    return redirect("exchange:messages")
