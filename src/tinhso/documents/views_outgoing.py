"""Pages of outgoing documents (/van-ban/di/): thin views over tinhso.documents.outgoing*.

Who may see and do what is documents.access (a document outside the user's reach is 404, a
step that is not theirs 403); refusals of the rules come back as Vietnamese messages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tinhso.accounts.access import AccessDenied, staff_required
from tinhso.documents import access, outgoing, outgoing_dispatch, outgoing_registers
from tinhso.documents import outgoing_selectors as selectors
from tinhso.documents import outgoing_signing as signing
from tinhso.documents.access_log import log_access
from tinhso.documents.kinds import Direction
from tinhso.documents.models import AccessAction, Document, DocumentBook
from tinhso.documents.outgoing_flow import OutgoingError, allowed_actions
from tinhso.documents.outgoing_forms import (
    CommentForm,
    DraftEditForm,
    DraftNewForm,
    NoteForm,
    RecallForm,
    RecipientForm,
    SuccessorForm,
    VersionForm,
)
from tinhso.organisation.models import Agency
from tinhso.signatures.providers.local_app import page_path

T = "documents/outgoing/"


def _doc(request: HttpRequest, pk: int) -> Document:
    document = access.readable_document(request.user, pk)
    if document.direction != Direction.OUTGOING:
        raise access.DocumentNotFound(access.NOT_FOUND)
    return document


def _detail_url(document: Document) -> str:
    return reverse("documents:outgoing_detail", args=[document.pk])


def _data(cd: dict[str, Any]) -> outgoing.DraftData:
    return outgoing.DraftData(
        doc_type=cd["doc_type"],
        subject=cd["subject"],
        urgency=cd["urgency"],
        confidentiality=cd["confidentiality"],
        is_normative=cd["is_normative"],
        description=cd.get("description") or "",
        archive_copy=cd.get("archive_copy") or "",
    )


def _agencies(document: Document) -> list[Agency]:
    return list(Agency.objects.exclude(pk=document.agency_id).order_by("name"))


def _context(request: HttpRequest, document: Document, **forms: Any) -> dict[str, Any]:
    user = request.user
    detail = getattr(document, "outgoing", None)
    editable = document.state == "draft" and access.user_can_edit_draft(user, document)
    meta = DraftEditForm(
        initial={
            "doc_type": document.doc_type,
            "subject": document.subject,
            "urgency": document.urgency,
            "confidentiality": document.confidentiality,
            "is_normative": document.is_normative,
            "description": document.description,
            "archive_copy": detail.archive_copy if detail else "",
            "version": document.version,
        }
    )
    return {
        "document": document,
        "detail": detail,
        "versions": list(document.drafts.select_related("author").order_by("-number")),
        "comments": list(document.draft_comments.select_related("author", "version")),
        "approvals": list(document.approvals.select_related("by", "version")),
        "recipients": list(document.recipients.select_related("agency", "internal_copy")),
        "files": list(document.files.order_by("-revision")),
        "successors": list(document.successors.select_related("document")),
        "actions": allowed_actions(user, document),
        "editable": editable,
        "may_add_recipients": document.state in outgoing.OPEN_FOR_RECIPIENTS
        and (
            access.user_can_edit_draft(user, document)
            or access.user_can_issue_outgoing(user, document)
        ),
        "may_recall": document.state in ("issued", "sent")
        and (
            access.user_can_sign_outgoing(user, document)
            or access.user_can_issue_outgoing(user, document)
        ),
        "verdicts": signing.signature_verdicts(document)
        if document.state not in ("draft", "in_review", "approved")
        else {},
        "meta_form": forms.get("meta_form") or meta,
        "version_form": forms.get("version_form")
        or VersionForm(initial={"version": document.version}),
        "comment_form": CommentForm(),
        "note_form": NoteForm(),
        "recipient_form": forms.get("recipient_form")
        or RecipientForm(agencies=_agencies(document)),
    }


@staff_required
def drafts(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        T + "drafts.html",
        {
            "mine": selectors.my_drafts(request.user)[:200],
            "format_checks": selectors.awaiting_format_check(request.user)[:200],
        },
    )


@staff_required
def draft_new(request: HttpRequest) -> HttpResponse:
    form = DraftNewForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = outgoing.draft_create(
                request.user,
                _data(form.cleaned_data),
                form.cleaned_data["file"],
                form.cleaned_data.get("note") or "",
            )
        except OutgoingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã tạo dự thảo.")
            return redirect(_detail_url(document))
    status = 400 if request.method == "POST" else 200
    return render(request, T + "new.html", {"form": form}, status=status)


@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _doc(request, pk)
    signing.adopt_pending_signature(document)  # a signing app/phone that finished since
    log_access(request, document)  # lưu vết truy cập (Phụ lục VI §III)
    return render(request, T + "detail.html", _context(request, document))


def _refused(
    request: HttpRequest, document: Document, exc: Exception, **forms: Any
) -> HttpResponse:
    messages.error(request, str(exc))
    status = 409 if isinstance(exc, outgoing.StaleDraft) else 400
    return render(request, T + "detail.html", _context(request, document, **forms), status=status)


@staff_required
@require_POST
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _doc(request, pk)
    form = DraftEditForm(request.POST)
    if not form.is_valid():
        return _refused(
            request, document, OutgoingError("Thông tin dự thảo chưa hợp lệ."), meta_form=form
        )
    try:
        outgoing.draft_update(
            request.user,
            document,
            _data(form.cleaned_data),
            expected_version=form.cleaned_data["version"],
        )
    except OutgoingError as exc:
        return _refused(request, document, exc, meta_form=form)
    messages.success(request, "Đã lưu thông tin dự thảo.")
    return redirect(_detail_url(document))


@staff_required
@require_POST
def version(request: HttpRequest, pk: int) -> HttpResponse:
    document = _doc(request, pk)
    form = VersionForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(
            request, document, OutgoingError("Vui lòng chọn tệp dự thảo."), version_form=form
        )
    try:
        v = outgoing.draft_add_version(
            request.user,
            document,
            form.cleaned_data["file"],
            form.cleaned_data.get("note") or "",
            expected_version=form.cleaned_data["version"],
        )
    except OutgoingError as exc:
        return _refused(request, document, exc, version_form=form)
    messages.success(request, f"Đã lưu dự thảo lần {v.number}.")
    return redirect(_detail_url(document))


@staff_required
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    document = _doc(request, pk)
    form = CommentForm(request.POST)
    try:
        if not form.is_valid():
            raise OutgoingError("Vui lòng nhập nội dung ý kiến (tối đa 4000 ký tự).")
        outgoing.draft_comment(request.user, document, form.cleaned_data["text"])
    except OutgoingError as exc:
        return _refused(request, document, exc)
    messages.success(request, "Đã gửi ý kiến.")
    return redirect(_detail_url(document) + "#y-kien")


@staff_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One button of the transition table: trình, duyệt, trả lại, ký, cấp số, phát hành."""
    document = _doc(request, pk)
    note = (request.POST.get("note") or "").strip()[:500]
    try:
        status, session = outgoing_dispatch.perform(request.user, document, action, note)
        if status == "pending":
            if session and signing.signing_provider() == "local_app":
                # the signing page of the local app, back to this document afterwards
                back = urlencode({"ve": _detail_url(document)})
                return redirect(f"{page_path(session)}?{back}")
            messages.info(request, "Đã gửi yêu cầu ký; hãy xác nhận trên ứng dụng ký số.")
            return redirect(_detail_url(document))
    except OutgoingError as exc:
        return _refused(request, document, exc)
    document.refresh_from_db()
    messages.success(request, f"Đã thực hiện. Trạng thái: {document.get_state_display()}.")
    return redirect(_detail_url(document))


@staff_required
@require_POST
def recipient_add(request: HttpRequest, pk: int) -> HttpResponse:
    document = _doc(request, pk)
    form = RecipientForm(request.POST, agencies=_agencies(document))
    try:
        if not form.is_valid():
            raise OutgoingError("Thông tin nơi nhận chưa hợp lệ.")
        cd = form.cleaned_data
        outgoing.recipient_add(
            request.user,
            document,
            cd["kind"],
            agency_id=cd.get("agency"),
            name=cd.get("name") or "",
            organ_id=cd.get("organ_id") or "",
            address=cd.get("address") or "",
            copies=cd.get("copies") or 1,
        )
    except OutgoingError as exc:
        return _refused(request, document, exc, recipient_form=form)
    messages.success(request, "Đã thêm nơi nhận.")
    return redirect(_detail_url(document) + "#noi-nhan")


@staff_required
def tracking(request: HttpRequest, pk: int) -> HttpResponse:
    document = _doc(request, pk)
    rows = outgoing_dispatch.sync_tracking(document)
    return render(
        request,
        T + "tracking.html",
        {
            "document": document,
            "rows": rows,
            "recall_form": RecallForm(),
            "may_recall": access.user_can_sign_outgoing(request.user, document)
            or access.user_can_issue_outgoing(request.user, document),
        },
    )


@staff_required
def recall(request: HttpRequest, pk: int) -> HttpResponse:
    document = _doc(request, pk)
    form = RecallForm(request.POST or None)
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise OutgoingError("Vui lòng nhập lý do thu hồi.")
            outgoing_dispatch.recall(request.user, document, form.cleaned_data["reason"])
        except OutgoingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã thu hồi văn bản và các bản đã gửi.")
            return redirect(_detail_url(document))
    status = 400 if request.method == "POST" else 200
    return render(request, T + "recall.html", {"document": document, "form": form}, status=status)


@staff_required
@require_POST
def recall_copy(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    document = _doc(request, pk)
    recipient = document.recipients.filter(pk=rid).first()
    if recipient is None:
        raise access.DocumentNotFound(access.NOT_FOUND)
    try:
        outgoing_dispatch.recall_copy(request.user, recipient, request.POST.get("reason", ""))
    except OutgoingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Đã thu hồi bản gửi {recipient.name}.")
    return redirect(reverse("documents:outgoing_tracking", args=[pk]))


@staff_required
def successor(request: HttpRequest, pk: int) -> HttpResponse:
    """Thay thế / đính chính / cập nhật (Điều 18.3)."""
    document = _doc(request, pk)
    form = SuccessorForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            new = outgoing_dispatch.start_successor(
                request.user, document, cd["relation"], cd["reason"], cd["file"], cd["subject"]
            )
        except OutgoingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã lập dự thảo văn bản mới tham chiếu văn bản cũ.")
            return redirect(_detail_url(new))
    status = 400 if request.method == "POST" else 200
    return render(
        request, T + "successor.html", {"document": document, "form": form}, status=status
    )


@staff_required
def version_file(request: HttpRequest, pk: int, vid: int) -> FileResponse:
    document = _doc(request, pk)
    row = document.drafts.filter(pk=vid).first()
    if row is None:
        raise access.DocumentNotFound(access.NOT_FOUND)
    log_access(request, document, AccessAction.DOWNLOAD)  # a draft version: no DocumentFile
    return FileResponse(
        row.file.open("rb"), as_attachment=True, filename=row.name, content_type=row.content_type
    )


@staff_required
def main_file(request: HttpRequest, pk: int, fid: int) -> FileResponse:
    document = _doc(request, pk)
    row = document.files.filter(pk=fid).first()
    if row is None:
        raise access.DocumentNotFound(access.NOT_FOUND)
    log_access(request, document, AccessAction.DOWNLOAD, file=row)
    return FileResponse(
        row.file.open("rb"), as_attachment=True, filename=row.name, content_type="application/pdf"
    )


@staff_required
def to_sign(request: HttpRequest) -> HttpResponse:
    return render(
        request, T + "to_sign.html", {"documents": selectors.awaiting_signature(request.user)[:200]}
    )


@staff_required
def to_issue(request: HttpRequest) -> HttpResponse:
    return render(
        request, T + "to_issue.html", {"documents": selectors.awaiting_issue(request.user)[:200]}
    )


def _book_choice(request: HttpRequest) -> tuple[Agency, int, list[Agency]]:
    agencies = list(selectors.book_agencies(request.user))
    if not agencies:
        raise AccessDenied("Chỉ văn thư và lãnh đạo cơ quan xem sổ văn bản đi.")
    wanted = request.GET.get("agency", "")
    agency = next((a for a in agencies if str(a.pk) == wanted), agencies[0])
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    if not 2000 <= year <= 2100:
        year = timezone.localdate().year
    return agency, year, agencies


@staff_required
def book(request: HttpRequest) -> HttpResponse:
    agency, year, agencies = _book_choice(request)
    documents = selectors.outgoing_book(request.user, agency, year)[:500]
    return render(
        request,
        T + "book.html",
        {
            "agency": agency,
            "year": year,
            "agencies": agencies,
            "documents": documents,
        },
    )


@staff_required
def register(request: HttpRequest) -> HttpResponse:
    """Sổ đăng ký văn bản đi / Sổ gửi văn bản đi bưu điện, ?kind=so|buu-dien&format=pdf|xlsx."""
    agency, year, _ = _book_choice(request)
    if request.GET.get("kind") == "buu-dien":
        data = outgoing_registers.postal_register(agency, year)
        stem = f"so-gui-buu-dien-{year}"
    else:
        books = DocumentBook.objects.filter(agency=agency, year=year, direction=Direction.OUTGOING)
        book_ = books.filter(series="admin").first() or books.first()
        if book_ is None:
            messages.error(request, f"Năm {year} chưa có sổ văn bản đi.")
            return redirect(reverse("documents:outgoing_book") + f"?agency={agency.pk}")
        data = outgoing_registers.outgoing_register(book_, request.user)
        stem = f"so-van-ban-di-{year}"
    if request.GET.get("format") == "xlsx":
        body = outgoing_registers.register_xlsx(data)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        name = f"{stem}.xlsx"
    else:
        body, ctype, name = outgoing_registers.register_pdf(data), "application/pdf", f"{stem}.pdf"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
