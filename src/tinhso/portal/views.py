from pathlib import PurePath

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tinhso.catalogue import selectors as catalogue
from tinhso.catalogue.models import DossierComponentSpec
from tinhso.dossiers.downloads import file_response
from tinhso.portal.forms import CatalogueFilterForm

PAGE_SIZE = 20


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "portal/home.html",
        {
            "form": CatalogueFilterForm(),
            "figures": catalogue.catalogue_figures(today),
            "fields": catalogue.fields_with_counts(today),
        },
    )


@require_GET
def procedure_list(request: HttpRequest) -> HttpResponse:
    form = CatalogueFilterForm(request.GET or None)
    results = None
    if form.is_bound and not form.is_valid():
        results = None
    else:
        data = form.cleaned_data if form.is_bound else {}
        qs = catalogue.catalogue_search(
            on=timezone.localdate(),
            q=data.get("q", ""),
            field=data.get("field"),
            agency=data.get("agency"),
            online_level=data.get("level") or None,
        )
        results = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": results, "query": query.urlencode()}
    template = "portal/_results.html" if request.htmx else "portal/procedure_list.html"
    return render(request, template, context)


@require_GET
def procedure_detail(request: HttpRequest, code: str, number: int | None = None) -> HttpResponse:
    today = timezone.localdate()
    current = catalogue.version_in_force(code, today)
    history = list(catalogue.version_history(code))
    version = current
    if number is not None:
        version = next((v for v in history if v.number == number), None)
    if version is None:
        raise Http404("Không tìm thấy thủ tục này hoặc thủ tục không còn áp dụng.")
    return render(
        request,
        "portal/procedure_detail.html",
        {
            "v": version,
            "current": current,
            "history": history,
            "is_current": current is not None and version.pk == current.pk,
            "agencies": list(version.agencies.all()),
        },
    )


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
