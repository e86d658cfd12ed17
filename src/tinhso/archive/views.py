"""Pages of the archive: Danh mục hồ sơ, files, filing, closing, handing over, export.

Thin: rules in services.py, who may do what in access.py (others: 404 / 403).
"""

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tinhso.accounts.access import staff_required
from tinhso.archive import access, export, selectors, services
from tinhso.archive.forms import FileDocumentForm, FileForm, PlanForm
from tinhso.archive.models import RecordFile
from tinhso.documents.access import readable_document
from tinhso.documents.access_log import log_access
from tinhso.documents.models import AccessAction

ACTIONS: dict[str, Callable[..., RecordFile]] = {
    "ket-thuc": services.close_file,
    "mo-lai": services.reopen_file,
    "nop-luu": services.transfer_file,
}
DONE = {
    "ket-thuc": "Đã kết thúc hồ sơ.",
    "mo-lai": "Đã mở lại hồ sơ.",
    "nop-luu": "Đã nộp lưu hồ sơ vào Lưu trữ cơ quan.",
}


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    agencies = access.kept_agencies(request.user).order_by("name")
    form = PlanForm(request.POST or None, agencies=agencies)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            c = form.cleaned_data
            try:
                plan = services.plan_create(
                    actor=request.user, agency=c["agency"], year=c["year"], title=c["title"]
                )
            except services.ArchiveError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Đã tạo danh mục hồ sơ.")
                return redirect("archive:plan", plan.pk)
        status = 400
    plans = (
        access.readable_plans(request.user)
        .select_related("agency")
        .order_by("-year", "agency__name")
    )
    return render(
        request,
        "archive/home.html",
        {"plans": plans, "form": form, "can_create": agencies.exists()},
        status=status,
    )


@staff_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.readable_plan(request.user, pk)
    keeps = access.user_keeps_files_of(request.user, found.agency_id)
    form = FileForm(request.POST or None, people=selectors.staff_of(found.agency_id))
    status = 200
    if request.method == "POST":
        access.check_user_keeps_files_of(request.user, found.agency_id)
        if form.is_valid():
            c = form.cleaned_data
            try:
                record = services.file_create(
                    actor=request.user,
                    plan=found,
                    notation=c["notation"],
                    title=c["title"],
                    person=c["person"],
                    heading=c["heading"],
                    retention_key=c["retention_key"],
                    retention_years=c["retention_years"],
                    permanent=c["permanent"],
                    rights=c["rights"],
                    is_construction=c["is_construction"],
                )
            except services.ArchiveError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Đã mở hồ sơ.")
                return redirect("archive:file", record.pk)
        status = 400
    return render(
        request,
        "archive/plan.html",
        {
            "plan": found,
            "files": selectors.files_of(found),
            "form": form,
            "keeps": keeps,
            "approves": access.user_approves_plans_of(request.user, found.agency_id),
        },
        status=status,
    )


@staff_required
@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.readable_plan(request.user, pk)
    try:
        services.plan_approve(actor=request.user, plan=found)
    except services.ArchiveError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã phê duyệt danh mục hồ sơ.")
    return redirect("archive:plan", found.pk)


def _file_page(
    request: HttpRequest, record: RecordFile, form: FileDocumentForm, status: int
) -> HttpResponse:
    keeps = access.user_keeps_files_of(request.user, record.agency_id)
    return render(
        request,
        "archive/file.html",
        {
            "record": record,
            "entries": export.entries(record, request.user),
            "form": form,
            "keeps": keeps,
            "candidates": selectors.fileable_documents(request.user, record)[:50] if keeps else [],
        },
        status=status,
    )


@staff_required
def record_file(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.readable_file(request.user, pk)
    form = FileDocumentForm(request.POST or None)
    if request.method != "POST":
        return _file_page(request, record, form, 200)
    access.check_user_keeps_files_of(request.user, record.agency_id)
    if form.is_valid():
        try:
            document = readable_document(request.user, form.cleaned_data["document"])
            services.file_document(actor=request.user, record=record, document=document)
        except Http404:
            form.add_error(
                "document", "Không tìm thấy văn bản, hoặc văn bản không thuộc phạm vi của bạn."
            )
        except services.ArchiveError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã đưa văn bản vào hồ sơ.")
            return redirect("archive:file", record.pk)
    return _file_page(request, record, form, 400)


def _step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    record = access.readable_file(request.user, pk)
    try:
        ACTIONS[action](actor=request.user, record=record)
    except services.ArchiveError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, DONE[action])
    return redirect("archive:file", record.pk)


@staff_required
@require_POST
def file_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "ket-thuc")


@staff_required
@require_POST
def file_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "mo-lai")


@staff_required
@require_POST
def file_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "nop-luu")


def _export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    record = access.readable_file(request.user, pk)
    name = f"ho-so-{record.year}-{record.pk}"
    if fmt == "xml":
        response = HttpResponse(
            export.xml_export(record, request.user), content_type="application/xml; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xml"'
    else:
        response = HttpResponse(
            export.pdf_export(record, request.user), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    for entry in export.entries(record, request.user):
        log_access(request, entry.document, AccessAction.EXPORT)
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
def file_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _export(request, pk, "pdf")


@staff_required
def file_xml(request: HttpRequest, pk: int) -> HttpResponse:
    return _export(request, pk, "xml")
