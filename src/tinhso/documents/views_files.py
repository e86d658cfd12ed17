"""Search, file downloads (with the print watermark) and the access log of documents.

Thin views: who may do what is asked of tinhso.documents.access; every view and download is
logged (tinhso.documents.access_log; Phụ lục VI §III of Nghị định 30/2020/NĐ-CP).
"""

from typing import cast

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from pypdf.errors import PdfReadError

from tinhso.accounts.access import staff_required
from tinhso.documents import access
from tinhso.documents.access_log import accesses_of, log_access
from tinhso.documents.models import AccessAction, Document, DocumentFile
from tinhso.documents.search import CappedResults, search
from tinhso.documents.search_forms import DocumentSearchForm, results_xlsx
from tinhso.documents.watermark import watermark_pdf
from tinhso.dossiers.downloads import file_response

PAGE_SIZE = 50
EXPORT_LIMIT = 5000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_A_PDF = "Tệp này không phải PDF nên không tạo được bản in có dấu chìm; hãy tải tệp gốc."


@staff_required
def search_page(request: HttpRequest) -> HttpResponse:
    form = DocumentSearchForm(request.GET or None)
    page: Page[Document] | None = None
    if form.is_bound and form.is_valid() and not form.criteria().is_empty():
        results = search(request.user, form.criteria())
        if request.GET.get("format") == "xlsx":
            title = f"Kết quả tìm kiếm văn bản lúc {timezone.localtime():%H:%M %d/%m/%Y}"
            response = HttpResponse(results_xlsx(results[:EXPORT_LIMIT], title), content_type=XLSX)
            response["Content-Disposition"] = 'attachment; filename="tim-kiem-van-ban.xlsx"'
            return response
        counted = cast("QuerySet[Document]", CappedResults(results))  # count() and slices
        page = Paginator(counted, PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    query.pop("format", None)
    return render(
        request,
        "documents/search.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=400 if form.is_bound and form.errors else 200,
    )


def _viewer(request: HttpRequest) -> str:
    user = request.user
    full = getattr(user, "get_full_name", lambda: "")()
    return str(full or user.get_username())


@staff_required
def file_download(request: HttpRequest, pk: int, file_id: int) -> HttpResponse | FileResponse:
    """A document's file; `?in=1` gives the print copy with the viewer's name on every page."""
    document = access.readable_document(request.user, pk)
    stored = get_object_or_404(DocumentFile, pk=file_id, document=document)
    if request.GET.get("in") == "1":
        with stored.file.open("rb") as handle:
            data = handle.read()
        if not data.startswith(b"%PDF-"):
            return HttpResponseBadRequest(NOT_A_PDF, content_type="text/plain; charset=utf-8")
        try:
            stamped = watermark_pdf(data, _viewer(request))
        except (PdfReadError, ValueError, KeyError):
            return HttpResponseBadRequest(NOT_A_PDF, content_type="text/plain; charset=utf-8")
        log_access(request, document, AccessAction.PRINT, file=stored)
        response = HttpResponse(stamped, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="ban-in-{stored.pk}.pdf"'
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
    log_access(request, document, AccessAction.DOWNLOAD, file=stored)
    return file_response(
        stored.file.open("rb"), filename=stored.name, inline=request.GET.get("xem") == "1"
    )


@staff_required
def access_log_page(request: HttpRequest, pk: int) -> HttpResponse:
    document = access.readable_document(request.user, pk)
    access.check_user_can_read_access_log(request.user, document)
    page = Paginator(accesses_of(document), 100).get_page(request.GET.get("trang"))
    return render(request, "documents/access_log.html", {"document": document, "page": page})
