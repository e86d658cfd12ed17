"""HỒ SƠ CỦA TÔI (/ho-so-cua-toi/): the signed-in citizen's or business's own dossiers.

Thin views: every rule is in tinhso.mydossiers.services, tinhso.dossiers.services and
tinhso.ratings.services. Another person's dossier answers 404 on every page, like one that
does not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tinhso.dossiers import paperwork
from tinhso.dossiers import services as dossier_services
from tinhso.dossiers.access import user_can_change_delivery
from tinhso.dossiers.constants import Action, Status
from tinhso.dossiers.downloads import file_response
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.workflow import NotAllowed, TransitionError, allowed_actions
from tinhso.mydossiers import selectors, services, store
from tinhso.mydossiers.constants import PAGE_SIZE
from tinhso.mydossiers.forms import DeliveryForm, StatusFilterForm, SupplementForm, WithdrawForm
from tinhso.mydossiers.models import SupplementDraft
from tinhso.ratings import selectors as ratings
from tinhso.ratings.access import user_can_rate
from tinhso.ratings.forms import RatingForm
from tinhso.ratings.services import RatingError, RatingNotAllowed, rating_give

NOT_FOUND = "Không tìm thấy hồ sơ này trong danh sách hồ sơ của bạn."


def _mine(request: HttpRequest, code: str) -> Dossier:
    dossier = selectors.my_dossier(request.user, code)
    if dossier is None:
        raise Http404(NOT_FOUND)
    return dossier


def _may(dossier: Dossier, request: HttpRequest, action: str) -> bool:
    return any(t.action == action for t in allowed_actions(dossier, request.user))


def _download(stored, name: str) -> FileResponse:
    """As an attachment, typed from its bytes (tinhso.dossiers.downloads)."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404("Tệp này không còn trong kho lưu trữ.") from None
    return file_response(handle, filename=name)


@login_required
def dossier_list(request: HttpRequest) -> HttpResponse:
    form = StatusFilterForm(request.GET or None)
    status = form.cleaned_data["trang_thai"] if form.is_valid() else ""
    page = Paginator(selectors.my_dossiers(request.user, status or None), PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    rated = ratings.rated_dossier_ids(d.pk for d in page)
    rows = [(d, selectors.attention(d, rated=d.pk in rated)) for d in page]
    return render(
        request,
        "mydossiers/list.html",
        {"form": form, "page": page, "rows": rows, "status": status},
    )


@login_required
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _mine(request, code)
    rating = ratings.rating_of(dossier)
    return render(
        request,
        "mydossiers/detail.html",
        {
            "dossier": dossier,
            "attention": selectors.attention(dossier, rated=rating is not None),
            "timeline": selectors.applicant_timeline(dossier),
            "files": selectors.submitted_files(dossier),
            "results": selectors.result_files(dossier),
            "supplement_request": (
                selectors.supplement_request(dossier)
                if dossier.status == Status.AWAITING_SUPPLEMENT
                else None
            ),
            "can_supplement": _may(dossier, request, Action.SUPPLEMENT_RECEIVED),
            "can_withdraw": _may(dossier, request, Action.WITHDRAW),
            "can_change_delivery": selectors.can_change_delivery(dossier),
            "delivery": selectors.delivery_label(dossier.delivery_mode),
            "rating": rating,
            "issued_forms": selectors.issued_forms(dossier),
            "can_rate": rating is None and user_can_rate(request.user, dossier),
            "rating_answers": ratings.rating_answers(rating),
        },
    )


@login_required
def dossier_file(request: HttpRequest, code: str, file_id: int) -> FileResponse:
    dossier = _mine(request, code)
    stored = selectors.downloadable(dossier, file_id)
    if stored is None:
        raise Http404("Không tìm thấy tệp này trong hồ sơ của bạn.")
    return _download(stored.file, stored.original_name)


# --- supplement -----------------------------------------------------------------------------


def _supplement_form(request: HttpRequest, dossier: Dossier) -> SupplementForm:
    components = list(dossier.components.select_related("spec"))
    papers = list(store.papers_of(request.user))
    types = {c.pk: services.allowed_types(c) for c in components}
    types[None] = services.allowed_types(None)
    return SupplementForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        components=components,
        papers=papers,
        types=types,
    )


def _keep_uploads(request: HttpRequest, dossier: Dossier, form: SupplementForm) -> None:
    """Keep every acceptable file of the form; the refused ones get their message."""
    for slot in form.slots():
        key, component = slot["key"], slot["component"]
        if f"file_{key}" in form.errors or f"paper_{key}" in form.errors:
            continue
        upload = form.cleaned_data.get(f"file_{key}")
        paper = form.cleaned_data.get(f"paper_{key}") if form.has_papers else ""
        try:
            if upload:
                services.supplement_draft_add(
                    dossier,
                    owner=request.user,
                    component=component,
                    upload=upload,
                    field=f"file_{key}",
                    request=request,
                )
            elif paper:
                services.supplement_draft_from_paper(
                    dossier,
                    owner=request.user,
                    component=component,
                    paper_id=int(paper),
                    field=f"paper_{key}",
                    request=request,
                )
        except services.SupplementError as exc:
            for name, message in exc.errors.items():
                form.add_error(name if name in form.fields else None, message)


def _supplement_page(request, dossier, form, status=200) -> HttpResponse:
    drafts = selectors.drafts(dossier, request.user)
    return render(
        request,
        "mydossiers/supplement.html",
        {
            "dossier": dossier,
            "supplement_request": selectors.supplement_request(dossier),
            "form": form,
            "drafts": drafts,
            "drafted": {d.component_id for d in drafts},
        },
        status=status,
    )


@login_required
def supplement(request: HttpRequest, code: str) -> HttpResponse:
    """Answer a request to supplement: upload (or pick from the data store) the missing
    papers, then send them; every accepted upload is kept even when another is refused."""
    dossier = _mine(request, code)
    if not _may(dossier, request, Action.SUPPLEMENT_RECEIVED):
        message = "Hồ sơ không ở trạng thái chờ bổ sung, không cần nộp bổ sung."
        if request.method == "POST":
            messages.error(request, message)
            return render(request, "mydossiers/refused.html", {"dossier": dossier}, status=409)
        messages.info(request, message)
        return redirect("mydossiers:detail", code=dossier.code)
    form = _supplement_form(request, dossier)
    if request.method != "POST":
        return _supplement_page(request, dossier, form)
    form.is_valid()  # the note and the choices; the files are checked when kept
    _keep_uploads(request, dossier, form)
    if form.errors:
        return _supplement_page(request, dossier, form, status=400)
    if "gui" not in request.POST:
        messages.success(request, "Đã lưu tệp. Khi đủ giấy tờ, bấm “Gửi hồ sơ bổ sung”.")
        return _supplement_page(request, dossier, form)
    try:
        services.supplement_send(
            dossier, actor=request.user, note=form.cleaned_data["note"], request=request
        )
    except services.SupplementError as exc:
        for name, message in exc.errors.items():
            form.add_error(name if name in form.fields else None, message)
        return _supplement_page(request, dossier, form, status=400)
    except TransitionError as exc:
        form.add_error(None, str(exc))
        return _supplement_page(request, dossier, form, status=409)
    messages.success(request, "Đã gửi hồ sơ bổ sung. Cơ quan tiếp tục giải quyết hồ sơ.")
    return redirect("mydossiers:detail", code=dossier.code)


def _draft(request: HttpRequest, dossier: Dossier, draft_id: int) -> SupplementDraft:
    return get_object_or_404(SupplementDraft, pk=draft_id, dossier=dossier, owner=request.user)


@login_required
def draft_file(request: HttpRequest, code: str, draft_id: int) -> FileResponse:
    draft = _draft(request, _mine(request, code), draft_id)
    return _download(draft.file, draft.original_name)


@login_required
@require_POST
def draft_remove(request: HttpRequest, code: str, draft_id: int) -> HttpResponse:
    dossier = _mine(request, code)
    draft = _draft(request, dossier, draft_id)
    services.supplement_draft_remove(draft, owner=request.user, request=request)
    messages.success(request, f"Đã bỏ tệp “{draft.original_name}”.")
    return redirect("mydossiers:supplement", code=dossier.code)


# --- withdrawal, delivery, rating -----------------------------------------------------------


@login_required
def withdraw(request: HttpRequest, code: str) -> HttpResponse:
    """Rút hồ sơ: a confirmation page with the reason, then the withdrawal."""
    dossier = _mine(request, code)
    allowed = _may(dossier, request, Action.WITHDRAW)
    form = WithdrawForm(request.POST or None)
    status = 200
    if not allowed:
        status = 409 if request.method == "POST" else 200
    elif request.method == "POST" and form.is_valid():
        try:
            services.withdraw(
                dossier, actor=request.user, reason=form.cleaned_data["reason"], request=request
            )
        except TransitionError as exc:
            form.add_error(None, str(exc))
            status = 409
        else:
            messages.success(request, f"Đã rút hồ sơ {dossier.code}.")
            return redirect("mydossiers:detail", code=dossier.code)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "mydossiers/withdraw.html",
        {"dossier": dossier, "form": form, "allowed": allowed},
        status=status,
    )


@login_required
def delivery(request: HttpRequest, code: str) -> HttpResponse:
    """Choose how to receive the result (counter, post with an address, electronic)."""
    dossier = _mine(request, code)
    allowed = user_can_change_delivery(request.user, dossier)
    form = DeliveryForm(
        request.POST or None,
        choices=selectors.delivery_choices(dossier),
        initial={
            "mode": dossier.delivery_mode,
            "postal_address": dossier.postal_address or dossier.applicant_address,
        },
    )
    status = 200
    if not allowed:
        status = 409 if request.method == "POST" else 200
    elif request.method == "POST" and form.is_valid():
        try:
            dossier_services.delivery_change(
                dossier,
                mode=form.cleaned_data["mode"],
                postal_address=form.cleaned_data["postal_address"],
                actor=request.user,
                request=request,
            )
        except dossier_services.DossierInputError as exc:
            for name, message in exc.errors.items():
                form.add_error(name if name in form.fields else None, message)
            status = 400
        except TransitionError as exc:
            form.add_error(None, str(exc))
            status = 403 if isinstance(exc, NotAllowed) else 409
        else:
            messages.success(request, "Đã ghi nhận hình thức nhận kết quả.")
            return redirect("mydossiers:detail", code=dossier.code)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "mydossiers/delivery.html",
        {"dossier": dossier, "form": form, "allowed": allowed},
        status=status,
    )


@login_required
def rate(request: HttpRequest, code: str) -> HttpResponse:
    """Đánh giá mức độ hài lòng, after the result is returned, once (tinhso.ratings)."""
    dossier = _mine(request, code)
    existing = ratings.rating_of(dossier)
    allowed = user_can_rate(request.user, dossier)
    form = RatingForm(request.POST or None)
    status = 200
    if not allowed:
        status = 409 if request.method == "POST" else 200
    elif request.method == "POST" and form.is_valid():
        try:
            rating_give(
                dossier,
                criteria=form.answers(),
                comment=form.cleaned_data["comment"],
                actor=request.user,
                request=request,
            )
        except RatingError as exc:
            if not exc.errors:
                form.add_error(None, str(exc))
            for name, message in exc.errors.items():
                form.add_error(name if name in form.fields else None, message)
            status = 403 if isinstance(exc, RatingNotAllowed) else 409 if exc.conflict else 400
        else:
            messages.success(request, "Cảm ơn ông/bà đã đánh giá việc giải quyết hồ sơ.")
            return redirect("mydossiers:detail", code=dossier.code)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "mydossiers/rate.html",
        {
            "dossier": dossier,
            "form": form,
            "allowed": allowed,
            "rating": existing,
            "action": reverse("mydossiers:rate", args=[dossier.code]),
        },
        status=status,
    )


@login_required
def issued_form(request: HttpRequest, code: str, form: str) -> HttpResponse:
    """A form or notice issued to the applicant (Mẫu 01–05 …, Thông tư 03/2025/TT-VPCP Phụ
    lục I), with their personal data: only on their own dossier (404 otherwise), only the
    forms tinhso.dossiers.paperwork.applicant_forms lists (issue 12 item 15)."""
    dossier = _mine(request, code)
    pdf = selectors.issued_form_pdf(dossier, form)
    if pdf is None:
        raise Http404("Hồ sơ này chưa có biểu mẫu đó.")
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = paperwork.form_filename(dossier, form)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
