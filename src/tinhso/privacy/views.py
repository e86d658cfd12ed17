"""Personal-data pages: the account holder's consents and requests; the data protection
officer's access log and requests (tinhso.privacy.access says who)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tinhso.privacy import access, deadlines, selectors, services
from tinhso.privacy.constants import LEGAL_BASIS, NOTICE_VERSION, Purpose, RequestKind
from tinhso.privacy.forms import AccessFilterForm, AnswerForm, ConsentForm, ExtendForm, RequestForm
from tinhso.privacy.models import DataSubjectRequest

PAGE_SIZE = 50
Form = AnswerForm | ExtendForm


def dpo_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign in first, then the data protection officer only (403 for anyone else)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        access.check_user_is_data_protection_officer(request.user)
        return view(request, *args, **kwargs)

    return wrapped


def _errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- the account holder ---------------------------------------------------------------------


def _mine(request: HttpRequest, form: RequestForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "privacy/mine.html",
        {
            "consents": selectors.consents_of(request.user),
            "requests": selectors.requests_of(request.user),
            "form": form,
            "legal_basis": LEGAL_BASIS,
            "periods": [(RequestKind(k).label, p.days) for k, p in deadlines.PERIODS.items()],
        },
        status=status,
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """What the person consented to (and can withdraw), and their requests."""
    return _mine(request, RequestForm())


@login_required
@require_POST
def consent(request: HttpRequest) -> HttpResponse:
    """Give or withdraw the consent to one optional purpose (Luật 91/2025/QH15 Điều 12)."""
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Mục đích không hợp lệ.")
        return redirect("accounts:home")
    purpose = Purpose(form.cleaned_data["purpose"])
    if form.cleaned_data["give"]:
        services.consents_record(
            user=request.user, purposes=[purpose], version=NOTICE_VERSION, request=request
        )
        messages.success(request, f"Đã ghi nhận bạn đồng ý: {purpose.label}.")
    elif services.consent_withdraw(user=request.user, purpose=purpose, request=request):
        messages.success(request, f"Đã rút lại sự đồng ý: {purpose.label}.")
    else:
        messages.info(request, "Bạn chưa đồng ý cho mục đích này.")
    return redirect((request.POST.get("next") == "mine" and "privacy:mine") or "accounts:home")


@login_required
@require_POST
def request_new(request: HttpRequest) -> HttpResponse:
    """File a request (xem, sửa, xóa, hạn chế, phản đối, rút đồng ý) from the account."""
    form = RequestForm(request.POST)
    if form.is_valid():
        try:
            filed = services.request_file(
                user=request.user,
                kind=form.cleaned_data["kind"],
                details=form.cleaned_data["details"],
                request=request,
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(
                request,
                f"Đã gửi yêu cầu. Bạn được phản hồi chậm nhất ngày "
                f"{filed.acknowledge_due_on:%d/%m/%Y}; hạn thực hiện {filed.due_on:%d/%m/%Y}.",
            )
            return redirect("privacy:mine")
    return _mine(request, form, status=400)


# --- the data protection officer ------------------------------------------------------------


@dpo_required
def accesses(request: HttpRequest) -> HttpResponse:
    """Staff reads of personal data, filtered by dossier, officer and dates."""
    form = AccessFilterForm(request.GET or None)
    rows = selectors.accesses()
    status = 200
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            rows = selectors.accesses(
                dossier_code=data["dossier"],
                username=data["username"],
                start=data["start"],
                end=data["end"],
            )
        else:
            rows, status = rows.none(), 400
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "privacy/accesses.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=status,
    )


@dpo_required
def requests(request: HttpRequest) -> HttpResponse:
    return render(
        request, "privacy/requests.html", {"requests": selectors.open_requests_first()[:500]}
    )


@dpo_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Read a request; answer it, or extend its time limit once."""
    filed = get_object_or_404(DataSubjectRequest, pk=pk)
    answer_form, extend_form = AnswerForm(), ExtendForm()
    status = 200
    if request.method == "POST":
        extending = "extend" in request.POST
        form: Form = ExtendForm(request.POST) if extending else AnswerForm(request.POST)
        if form.is_valid():
            try:
                if isinstance(form, ExtendForm):
                    services.request_extend(
                        filed, actor=request.user, request=request, **form.cleaned_data
                    )
                    messages.success(request, "Đã gia hạn yêu cầu.")
                else:
                    services.request_answer(
                        filed, actor=request.user, request=request, **form.cleaned_data
                    )
                    messages.success(request, "Đã trả lời yêu cầu.")
                return redirect("privacy:request", pk=filed.pk)
            except ValidationError as exc:
                _errors(form, exc)
        status = 400
        if isinstance(form, ExtendForm):
            extend_form = form
        else:
            answer_form = form
    return render(
        request,
        "privacy/request.html",
        {
            "filed": filed,
            "is_open": selectors.is_open(filed),
            "answer_form": answer_form,
            "extend_form": extend_form,
        },
        status=status,
    )
