"""The citizen's data store pages (/kho-du-lieu/): list, upload, download, delete own uploads."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from tinhso.accounts.access import applicant_required
from tinhso.documentstore import selectors, services
from tinhso.documentstore.access import user_can_delete_paper
from tinhso.documentstore.constants import PaperKind
from tinhso.documentstore.forms import PaperUploadForm
from tinhso.documentstore.models import StoredPaper
from tinhso.dossiers.downloads import file_response


def _own(request: HttpRequest, paper_id: int) -> StoredPaper:
    paper = selectors.paper_for(request.user, paper_id)
    if paper is None:
        raise Http404("Không tìm thấy giấy tờ trong kho dữ liệu của bạn.")
    return paper


@applicant_required
@require_http_methods(["GET", "POST"])
def paper_list(request: HttpRequest) -> HttpResponse:
    form = PaperUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            paper = services.paper_store(
                request.user,
                title=form.cleaned_data["title"],
                content=form.cleaned_data["file"],
                content_type=form.cleaned_data["file"].content_type or "",
                kind=PaperKind.UPLOAD,
                actor=request.user,
                request=request,
            )
        except services.PaperError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, f"Đã lưu “{paper.title}” vào kho dữ liệu.")
            return redirect("documentstore:papers")
    return render(
        request,
        "documentstore/papers.html",
        {"papers": list(selectors.papers_of(request.user)), "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@applicant_required
def paper_download(request: HttpRequest, paper_id: int) -> FileResponse:
    paper = _own(request, paper_id)
    try:
        handle = paper.file.open("rb")
    except FileNotFoundError:
        raise Http404("Tệp của giấy tờ này không còn trong kho.") from None
    return file_response(handle, filename=paper.original_name, inline=request.GET.get("xem") == "1")


@applicant_required
@require_http_methods(["GET", "POST"])
def paper_delete(request: HttpRequest, paper_id: int) -> HttpResponse:
    paper = _own(request, paper_id)
    if not user_can_delete_paper(request.user, paper):
        messages.error(request, "Chỉ xóa được giấy tờ do bạn tự tải lên.")
        return redirect("documentstore:papers")
    if request.method == "POST":
        services.paper_delete(request.user, paper, actor=request.user, request=request)
        messages.success(request, f"Đã xóa “{paper.title}” khỏi kho dữ liệu.")
        return redirect("documentstore:papers")
    return render(request, "documentstore/paper_delete.html", {"paper": paper})
