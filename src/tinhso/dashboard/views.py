"""Bảng điều hành (/can-bo/dieu-hanh/): the province leader's and agency leaders' pages.

Views are thin: access.py says who may read what, pages.py reads the figures from
tinhso.statistics, selectors.py lists the overdue and at-risk dossiers.
"""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from tinhso.accounts.access import user_reads_whole_province
from tinhso.catalogue.models import Procedure
from tinhso.dashboard import access, pages, selectors
from tinhso.dashboard.forms import FilterForm, procedure_by_code
from tinhso.dashboard.periods import default_period, quick_periods
from tinhso.dossiers.paging import TwoStepPaginator
from tinhso.dossiers.selectors import QUEUE_FIELDS
from tinhso.organisation.models import Agency
from tinhso.workfiles.leaders import panel_or_none

LIST_PAGE_SIZE = 20


def _leaders_only(request: HttpRequest) -> list[int] | None:
    """The agencies the user reads (None: the whole province); 403 for anyone else."""
    return access.readable_agency_ids(request.user)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The province page for province-wide readers; an agency leader goes to their agency."""
    ids = _leaders_only(request)
    if ids is access.WHOLE_PROVINCE:
        return _page(request, agency=None)
    led = list(Agency.objects.filter(pk__in=ids).order_by("name"))
    if len(led) == 1:
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(reverse("dashboard:agency", args=[led[0].code]) + query)
    return render(request, "dashboard/choose.html", {"agencies": led})


@login_required
def agency_page(request: HttpRequest, code: str) -> HttpResponse:
    agency = Agency.objects.filter(code=code).first()
    access.check_user_can_open_agency_dashboard(request.user, agency)
    return _page(request, agency=agency)


def _page(request: HttpRequest, agency: Agency | None) -> HttpResponse:
    province_wide = agency is None
    today = timezone.localdate()
    default = default_period(today)
    form = FilterForm(
        request.GET or None,
        agencies=access.led_agencies(request.user) if province_wide else None,
        initial={"tu": default.start, "den": default.end},
    )
    valid = form.is_valid() if form.is_bound else True
    # A bad field is reported and left out; the other filters still apply.
    data = form.cleaned_data if form.is_bound else {}
    date_from, date_to = default.start, default.end
    if not {"tu", "den"} & set(form.errors):
        date_from, date_to = data.get("tu") or date_from, data.get("den") or date_to
    chosen = data.get("co_quan")
    shown = agency or chosen  # the agency whose figures are shown, None for the province
    procedure = procedure_by_code(data.get("thu_tuc") or "")
    field = data.get("linh_vuc")
    agency_ids = [shown.pk] if shown else None
    scope = selectors.Scope(
        agency_ids=agency_ids,
        field_id=field.pk if field else None,
        procedure_id=procedure.pk if procedure else None,
    )
    board = pages.build(date_from, date_to, scope, by_agency=province_wide and chosen is None)
    filters = {
        "tu": f"{date_from:%d/%m/%Y}",
        "den": f"{date_to:%d/%m/%Y}",
        "co_quan": chosen.code if chosen else "",
        "linh_vuc": field.code if field else "",
        "thu_tuc": procedure.code if procedure else "",
    }
    filters = {k: v for k, v in filters.items() if v}
    context = {
        "agency": agency,
        "chosen_agency": chosen,
        "procedure": procedure,
        "field": field,
        "form": form,
        "board": board,
        "groups": pages.group_rows(board.index),
        **_drill_down(request, board, filters, agency),
        "quick": [
            (p, _query({**filters, "tu": f"{p.start:%d/%m/%Y}", "den": f"{p.end:%d/%m/%Y}"}))
            for p in quick_periods(today)
        ],
        **_exports(date_from, date_to, shown, field, procedure, board.parts_by),
        "overdue": _list_page(request, selectors.overdue(request.user, scope), "trang_qh"),
        "due_soon": _list_page(request, selectors.due_soon(request.user, scope), "trang_sdh"),
        "base_path": request.path,
        # issue 14 item 7: the e-office figures beside the dossier ones (full page only)
        "eoffice": None
        if getattr(request, "htmx", False)
        else panel_or_none(request.user, agency_ids),
    }
    template = "dashboard/_board.html" if request.htmx else "dashboard/page.html"
    # htmx swaps only 2xx answers: the partial carries the errors with a 200.
    status = 200 if valid or request.htmx else 400
    return render(request, template, context, status=status)


def _list_page(request: HttpRequest, qs, param: str):
    paginator = TwoStepPaginator(qs, LIST_PAGE_SIZE, related=QUEUE_FIELDS)
    page = paginator.get_page(request.GET.get(param))
    page.param = param
    others = {k: v for k, v in request.GET.items() if k != param}
    page.prev_query = _query({**others, param: page.number - 1}) if page.has_previous() else ""
    page.next_query = _query({**others, param: page.number + 1}) if page.has_next() else ""
    return page


def _query(params: dict) -> str:
    return "?" + urlencode(params) if params else "?"


def _without(filters: dict, *names: str) -> dict:
    return {k: v for k, v in filters.items() if k not in names}


def _drill_down(request: HttpRequest, board: pages.Dashboard, filters: dict, agency) -> dict:
    """Links province → agency → procedure, keeping the period and the field."""
    keys = [p.key for p in board.parts] + [row.key for row in board.index[1:]]
    if board.parts_by == "agency":
        codes = dict(Agency.objects.filter(pk__in=keys).values_list("pk", "code"))
        rest = _query(_without(filters, "co_quan", "thu_tuc"))

        def link(key):
            code = codes.get(key)
            return reverse("dashboard:agency", args=[code]) + rest if code else ""
    else:
        codes = dict(Procedure.objects.filter(pk__in=keys).values_list("pk", "code"))

        def link(key):
            code = codes.get(key)
            return request.path + _query({**filters, "thu_tuc": code}) if code else ""

    rows = pages.group_rows(board.index)
    province_link = ""
    if agency is not None and user_reads_whole_province(request.user):
        province_link = reverse("dashboard:home") + _query(_without(filters, "thu_tuc"))
    narrower = ("thu_tuc",) if agency is not None else ("co_quan", "thu_tuc")
    return {
        "parts": [(p, link(p.key)) for p in board.parts],
        "index_rows": [(row, gs, link(row.key) if i else "") for i, (row, gs) in enumerate(rows)],
        "province_link": province_link,
        "agency_only_query": _query(_without(filters, *narrower)),
        "chosen_only_query": _query(_without(filters, "thu_tuc")),
    }


def _exports(date_from, date_to, shown: Agency | None, field, procedure, group_by: str) -> dict:
    """Links to the statistics exports with the current filters, in their own parameters
    (as GET /api/v1/statistics: from, to as yyyy-mm-dd; agency, field, procedure as codes),
    and to the agency's sổ theo dõi (Mẫu 07, Thông tư 03/2025/TT-VPCP) for the same days."""
    params = {"from": date_from.isoformat(), "to": date_to.isoformat()}
    if shown is not None:
        params["agency"] = shown.code
    if field is not None:
        params["field"] = field.code
    if procedure is not None:
        params["procedure"] = procedure.code
    query = urlencode(params)
    register = ""
    if shown is not None:
        register = reverse("dossiers:register") + _query(
            {"agency": shown.pk, "start": f"{date_from:%d/%m/%Y}", "end": f"{date_to:%d/%m/%Y}"}
        )
    return {
        "export_xlsx": f"{reverse('statistics:report_xlsx')}?{query}&group_by={group_by}",
        "export_pdf": f"{reverse('statistics:report_pdf')}?{query}&group_by={group_by}",
        "export_766": f"{reverse('statistics:index_766_xlsx')}?{query}",
        "export_register": register,
    }
