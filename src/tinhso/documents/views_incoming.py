"""Pages of incoming documents (/van-ban/den/): thin; rules in documents.incoming*, who may
do what in documents.access and documents.incoming_flow."""

from datetime import date
from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import ChoiceField
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tinhso.accounts.access import AccessDenied, staff_required
from tinhso.documents import (
    access,
    incoming,
    incoming_handling,
    incoming_registers,
    incoming_selectors,
)
from tinhso.documents.access_log import log_access
from tinhso.documents.incoming_flow import NotAllowed, TransitionError, allowed_actions
from tinhso.documents.incoming_forms import (
    CompleteForm,
    ListFilter,
    ProgressForm,
    RefuseForm,
    RegisterForm,
    RegisterRange,
    SlipForm,
)
from tinhso.documents.incoming_stamp import stamp_of
from tinhso.documents.models import AccessAction, Assignment, Document, DocumentFile

T = "documents/incoming/"


def _fail(request: HttpRequest, exc: Exception, form: Any = None) -> int:
    """Put a service's refusal on the page; the HTTP status that goes with it."""
    if isinstance(exc, incoming.IncomingError):
        for key, message in exc.errors.items():
            if form is not None and key in form.fields:
                form.add_error(key, message)
            else:
                messages.error(request, message)
        return 400
    messages.error(request, str(exc))
    return 403 if isinstance(exc, NotAllowed) else 409


def _clerk_agency(request: HttpRequest) -> Any:
    agency = access.clerk_agencies(request.user).first()
    if agency is None:
        raise AccessDenied(access.CLERKS_ONLY)
    return agency


@staff_required
def incoming_list(request: HttpRequest) -> HttpResponse:
    form = ListFilter(request.GET or None)
    state_field = cast(ChoiceField, form.fields["state"])
    state_field.choices = [("", "Tất cả"), *incoming_selectors.INCOMING_STATES]
    filters = form.cleaned_data if form.is_valid() else {}
    qs = incoming_selectors.incoming_documents(
        request.user, **{k: v for k, v in filters.items() if v}
    )
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        T + "list.html",
        {
            "form": form,
            "page": page,
            "is_clerk": access.clerk_agencies(request.user).exists(),
            "pending_count": access.pending_incoming(request.user).count(),
        },
    )


@staff_required
def incoming_pending(request: HttpRequest) -> HttpResponse:
    _clerk_agency(request)
    rows = access.pending_incoming(request.user).order_by("arrival_at", "pk")
    return render(request, T + "pending.html", {"rows": rows})


@staff_required
def incoming_new(request: HttpRequest) -> HttpResponse:
    agency = _clerk_agency(request)
    form = RegisterForm(request.POST or None, request.FILES or None, agency_id=agency.pk)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            doc = incoming.register(
                actor=request.user,
                agency=agency,
                data=form.incoming_data(),
                channel=form.cleaned_data["channel"],
                files=request.FILES.getlist("attachments"),
                confirm_duplicate=form.cleaned_data["confirm_duplicate"],
                request=request,
            )
        except (incoming.IncomingError, TransitionError) as exc:
            status = _fail(request, exc, form)
        else:
            messages.success(request, f"Đã vào sổ văn bản đến, số đến {doc.book_number}.")
            return redirect("documents:incoming_detail", pk=doc.pk)
    elif request.method == "POST":
        status = 400
    return render(request, T + "register.html", {"form": form, "agency": agency}, status=status)


@staff_required
def incoming_register_pending(request: HttpRequest, pk: int) -> HttpResponse:
    doc = access.registrable_document(request.user, pk)
    initial = {"urgency": doc.urgency, "confidentiality": doc.confidentiality}
    form = RegisterForm(
        request.POST or None, agency_id=doc.agency_id, pending=True, initial=initial
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            incoming.register(
                actor=request.user,
                pending=doc,
                data=form.incoming_data(),
                confirm_duplicate=form.cleaned_data["confirm_duplicate"],
                request=request,
            )
        except (incoming.IncomingError, TransitionError) as exc:
            status = _fail(request, exc, form)
        else:
            doc.refresh_from_db()
            messages.success(request, f"Đã vào sổ văn bản đến, số đến {doc.book_number}.")
            return redirect("documents:incoming_detail", pk=doc.pk)
    elif request.method == "POST":
        status = 400
    context = {"form": form, "doc": doc, "refuse": RefuseForm()}
    return render(request, T + "register_pending.html", context, status=status)


@staff_required
@require_POST
def incoming_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    doc = access.registrable_document(request.user, pk)
    form = RefuseForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        incoming.refuse(doc, actor=request.user, reason=reason, request=request)
    except (incoming.IncomingError, TransitionError) as exc:
        status = _fail(request, exc)
        context = {"form": RegisterForm(agency_id=doc.agency_id, pending=True), "doc": doc}
        context["refuse"] = form
        return render(request, T + "register_pending.html", context, status=status)
    messages.success(request, "Đã từ chối nhận văn bản; lý do được gửi lại nơi gửi.")
    return redirect("documents:incoming_pending")


def _detail_context(request: HttpRequest, doc: Document) -> dict[str, Any]:
    actions = {t.action for t in allowed_actions(doc, request.user)}
    headed = set(access.headed_departments(request.user))
    lines = incoming_selectors.slip(doc)
    return {
        "doc": doc,
        "stamp": stamp_of(doc),
        "detail": getattr(doc, "incoming_detail", None),
        "files": doc.files.filter(is_current=True),
        "lines": lines,
        "delegable": [a for a in lines if a.is_active and a.department_id in headed],
        "history": incoming_selectors.history(doc),
        "actions": actions,
        "progress_form": ProgressForm(),
        "complete_form": CompleteForm(),
    }


@staff_required
def incoming_detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = access.readable_document(request.user, pk)
    incoming_handling.mark_read(doc, user=request.user, request=request)  # read receipt
    log_access(request, doc)  # lưu vết truy cập (Phụ lục VI §III)
    return render(request, T + "detail.html", _detail_context(request, doc))


@staff_required
def incoming_file(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    doc = access.readable_document(request.user, pk)
    stored = get_object_or_404(DocumentFile, pk=file_id, document=doc)
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404("Tệp này không còn trong kho lưu trữ.") from None
    log_access(request, doc, AccessAction.DOWNLOAD, file=stored)
    response = FileResponse(handle, filename=stored.name, content_type=stored.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_required
def incoming_assign(request: HttpRequest, pk: int) -> HttpResponse:
    doc = access.readable_document(request.user, pk)
    access.check_user_may_assign(request.user, doc)
    initial = {"due_date": doc.due_date}
    form = SlipForm(request.POST or None, agency_id=doc.agency_id, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            incoming_handling.assign(
                doc,
                actor=request.user,
                lines=form.lines(),
                due_date=form.cleaned_data.get("due_date"),
                version=_version(request),
                request=request,
            )
        except (incoming.IncomingError, TransitionError) as exc:
            status = _fail(request, exc, form)
        else:
            messages.success(request, "Đã phân công xử lý văn bản.")
            return redirect("documents:incoming_detail", pk=doc.pk)
    elif request.method == "POST":
        status = 400
    return render(request, T + "assign.html", {"form": form, "doc": doc}, status=status)


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


@staff_required
def incoming_delegate(request: HttpRequest, pk: int, assignment_id: int) -> HttpResponse:
    doc = access.readable_document(request.user, pk)
    parent = get_object_or_404(Assignment, pk=assignment_id, document=doc, is_active=True)
    if parent.department_id not in access.headed_departments(request.user):
        raise AccessDenied("Chỉ trưởng đơn vị được giao mới giao lại trong đơn vị mình.")
    form = SlipForm(
        request.POST or None, agency_id=doc.agency_id, department_id=parent.department_id
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            incoming_handling.delegate(
                parent, actor=request.user, lines=form.lines(), request=request
            )
        except (incoming.IncomingError, TransitionError) as exc:
            status = _fail(request, exc, form)
        else:
            messages.success(request, "Đã giao lại trong đơn vị.")
            return redirect("documents:incoming_detail", pk=doc.pk)
    elif request.method == "POST":
        status = 400
    context = {"form": form, "doc": doc, "parent": parent}
    return render(request, T + "assign.html", context, status=status)


@staff_required
@require_POST
def incoming_progress(request: HttpRequest, pk: int) -> HttpResponse:
    doc = access.readable_document(request.user, pk)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Tiến độ là số nguyên từ 0 đến 100 (%).")
        return render(request, T + "detail.html", _detail_context(request, doc), status=400)
    try:
        incoming_handling.report_progress(
            doc,
            actor=request.user,
            percent=form.cleaned_data["progress"],
            note=form.cleaned_data["note"],
            request=request,
        )
    except (incoming.IncomingError, TransitionError) as exc:
        status = _fail(request, exc)
        return render(request, T + "detail.html", _detail_context(request, doc), status=status)
    messages.success(request, "Đã cập nhật tiến độ.")
    return redirect("documents:incoming_detail", pk=doc.pk)


@staff_required
@require_POST
def incoming_complete(request: HttpRequest, pk: int) -> HttpResponse:
    doc = access.readable_document(request.user, pk)
    form = CompleteForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {"reply_notation": "", "note": ""}
    try:
        incoming_handling.complete(doc, actor=request.user, request=request, **data)
    except (incoming.IncomingError, TransitionError) as exc:
        status = _fail(request, exc)
        return render(request, T + "detail.html", _detail_context(request, doc), status=status)
    messages.success(request, "Đã hoàn thành xử lý văn bản đến.")
    return redirect("documents:incoming_detail", pk=doc.pk)


@staff_required
def incoming_inbox(request: HttpRequest) -> HttpResponse:
    done = request.GET.get("da-xong") == "1"
    lines = incoming_selectors.inbox(request.user, include_done=done)
    page = Paginator(lines, 30).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(request, T + "inbox.html", {"page": page, "done": done, "today": today})


@staff_required
def incoming_books(request: HttpRequest) -> HttpResponse:
    books = incoming_selectors.books_of(request.user)
    if not books.exists() and not access.clerk_agencies(request.user).exists():
        raise AccessDenied("Chỉ văn thư, lãnh đạo cơ quan xem được sổ văn bản đến.")
    today = timezone.localdate()
    form = RegisterRange(initial={"start": date(today.year, 1, 1), "end": today})
    return render(request, T + "books.html", {"books": books, "form": form})


@staff_required
def incoming_register_download(request: HttpRequest, book_id: int, kind: str, fmt: str) -> Any:
    book = get_object_or_404(incoming_selectors.books_of(request.user), pk=book_id)
    if kind not in incoming_registers.REGISTERS or fmt not in ("pdf", "xlsx"):
        raise Http404("Không có sổ này.")
    form = RegisterRange(request.GET)
    if not form.is_valid():
        messages.error(request, "Chọn khoảng thời gian hợp lệ (từ ngày ≤ đến ngày).")
        books = incoming_selectors.books_of(request.user)
        return render(request, T + "books.html", {"books": books, "form": form}, status=400)
    sheet = incoming_registers.sheet(
        kind, book, form.cleaned_data["start"], form.cleaned_data["end"], request.user
    )
    name = f"{kind}-{book.year}-{book.pk}.{fmt}"
    if fmt == "pdf":
        body, ctype = incoming_registers.register_pdf(sheet), "application/pdf"
    else:
        body = incoming_registers.register_xlsx(sheet)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
