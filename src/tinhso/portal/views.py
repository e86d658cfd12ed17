from pathlib import PurePath

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from tinhso.catalogue import selectors as catalogue
from tinhso.catalogue.models import DossierComponentSpec
from tinhso.dossiers.downloads import file_response
from tinhso.portal import fragments
from tinhso.portal.forms import CatalogueFilterForm


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    figures, fields = fragments.home_data(timezone.localdate())
    context = {"form": CatalogueFilterForm(), "figures": figures, "fields": fields}
    return render(request, "portal/home.html", context)


@require_GET
def procedure_list(request: HttpRequest) -> HttpResponse:
    htmx = bool(getattr(request, "htmx", False))  # django_htmx's middleware sets it
    params = fragments.list_params(request.GET)
    body = fragments.list_fragment(params, timezone.localdate(), results_only=htmx)
    if htmx:
        return HttpResponse(body)
    return render(request, "portal/procedure_list.html", {"body": mark_safe(body)})  # noqa: S308


@require_GET
def procedure_detail(request: HttpRequest, code: str, number: int | None = None) -> HttpResponse:
    page = fragments.detail_fragment(
        code, number, timezone.localdate(), signed_in=request.user.is_authenticated
    )
    if page is None:
        raise Http404("Không tìm thấy thủ tục này hoặc thủ tục không còn áp dụng.")
    # The fragment was rendered by our templates, escaped there (fragments.py).
    context = {"title": page["title"], "body": mark_safe(page["body"])}  # noqa: S308
    return render(request, "portal/procedure_detail.html", context)


@require_GET
def component_template(request: HttpRequest, code: str, spec_id: int) -> HttpResponse:
    """The blank form of a paper of a published procedure (public, as the catalogue is),
    downloaded as an attachment with the safe headers of every stored file."""
    spec = (
        DossierComponentSpec.objects.filter(pk=spec_id, version__in=catalogue.version_history(code))
        .exclude(template_file="")
        .first()
    )
    if spec is None:
        raise Http404("Không tìm thấy mẫu đơn, tờ khai này.")
    try:
        handle = spec.template_file.open("rb")
    except FileNotFoundError:
        raise Http404("Mẫu đơn, tờ khai này không còn trong kho lưu trữ.") from None
    name = PurePath(spec.template_file.name).name
    return file_response(handle, filename=spec.template_name or name)
