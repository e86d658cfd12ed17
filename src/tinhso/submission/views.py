"""Online submission pages (/nop-truc-tuyen/): plain HTML forms, phone first, no JavaScript.

Start (choose where to file) → the draft page (e-form, papers, delivery; "Lưu nháp" at any
time) → review → submit → confirmation with the dossier code.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from tinhso.accounts.access import applicant_required
from tinhso.accounts.assurance import at_least, session_level
from tinhso.catalogue import selectors as catalogue
from tinhso.catalogue.constants import DeliveryMode
from tinhso.catalogue.models import ProcedureVersion
from tinhso.documentstore import selectors as store
from tinhso.dossiers.access import own_dossier
from tinhso.dossiers.downloads import file_response
from tinhso.dossiers.tracking import tracking_url
from tinhso.eforms import selectors as eforms
from tinhso.eforms.forms import EFormForm
from tinhso.submission import selectors, services
from tinhso.submission.forms import DraftForm, StartForm, add_check_errors
from tinhso.submission.models import Draft, DraftFile


def _assurance_link(request: HttpRequest, version: ProcedureVersion, back: str) -> str:
    """The VNeID sign-in address when `version` needs a higher level than this session proved
    (Nghị định 69/2024/NĐ-CP; the check itself is services.assurance_check), else ""."""
    if at_least(session_level(request), version.min_assurance):
        return ""
    return reverse("accounts:vneid_start") + "?" + urlencode({"next": back})


def _own_draft(request: HttpRequest, draft_id: int) -> Draft:
    draft = selectors.draft_for(request.user, draft_id)
    if draft is None:
        raise Http404("Không tìm thấy hồ sơ nháp của bạn.")
    return draft


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, code: str) -> HttpResponse:
    """Choose where to file; a procedure not offered online explains how to file it instead
    (to anyone, signed in or not)."""
    version = catalogue.version_in_force(code, timezone.localdate())
    if version is None:
        raise Http404("Không tìm thấy thủ tục đang áp dụng với mã này.")
    agencies = selectors.receiving_choices(version)
    if not selectors.files_online(version) or not agencies:
        return render(
            request,
            "submission/offline.html",
            {"v": version, "agencies": agencies, "online": selectors.files_online(version)},
        )
    return _start_online(request, version, agencies)


@applicant_required
def _start_online(request: HttpRequest, version, agencies) -> HttpResponse:
    form = StartForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.draft_start(
                request.user,
                version,
                form.cleaned_data["receiving_agency"],
                assurance=session_level(request),
                request=request,
            )
        except services.SubmissionError as exc:
            form.add_error("receiving_agency", str(exc))
        else:
            return redirect("submission:draft", draft_id=draft.pk)
    drafts = selectors.drafts_of(request.user).filter(version__procedure=version.procedure)
    definition = eforms.form_for_version(version)
    skip = services.covered(version, definition)
    return render(
        request,
        "submission/start.html",
        {
            "v": version,
            "form": form,
            "drafts": list(drafts),
            "definition": definition,
            "components": [{"spec": s, "covered": s.pk in skip} for s in version.components.all()],
            "max_mb": settings.MAX_UPLOAD_MB,
            "assurance_link": _assurance_link(request, version, request.path),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _draft_form(request: HttpRequest, draft: Draft, data=None, files=None) -> DraftForm:
    version = draft.version
    if data is None:  # what the draft holds, bound so that checks can be shown on it
        data = {
            "receiving_agency": str(draft.receiving_agency_id or ""),
            "delivery_mode": draft.delivery_mode,
            "postal_address": draft.postal_address,
        }
    form = DraftForm(
        data,
        files,
        agencies=selectors.receiving_choices(version),
        specs=list(version.components.all()),
        papers=list(store.papers_of(request.user)),
        modes=services.delivery_modes(version),
    )
    form.is_valid()
    return form


def _page(request, draft, details, eform, definition, status=200) -> HttpResponse:
    version = draft.version
    given = services.attached(draft)
    skip = services.covered(version, definition)
    components = [
        {
            "spec": s,
            "file": given.get(s.pk),
            "covered": s.pk in skip,
            "fields": details.component_fields(s),
        }
        for s in version.components.all()
    ]
    summary = [(f"#{f.auto_id}", f.label, e) for f in eform for e in f.errors]
    for name, errors in details.errors.items():
        spec = next((s for s in version.components.all() if name.endswith(f"_{s.pk}")), None)
        label = spec.name if spec is not None else details.fields[name].label
        summary += [(f"#{details[name].auto_id}", label, e) for e in errors]
    return render(
        request,
        "submission/draft.html",
        {
            "draft": draft,
            "v": version,
            "details": details,
            "eform": eform,
            "definition": definition,
            "components": components,
            "summary": summary,
            "fees": list(version.fees.all()),
            "assurance_link": _assurance_link(request, version, request.path),
        },
        status=status,
    )


@applicant_required
@require_http_methods(["GET", "POST"])
def draft_page(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = _own_draft(request, draft_id)
    if draft.is_submitted:
        return redirect("submission:done", code=draft.dossier.code)
    definition = eforms.form_for_version(draft.version)
    if request.method == "GET":
        details = _draft_form(request, draft)
        if request.GET.get("kiem-tra"):
            check = services.draft_check(draft, account=request.user, definition=definition)
            add_check_errors(details, check)
            return _page(request, draft, details, check.form, definition)
        eform = EFormForm(initial=draft.answers, schema=definition.schema, account=request.user)
        return _page(request, draft, details, eform, definition)
    return _save(request, draft, definition)


def _save(request: HttpRequest, draft: Draft, definition) -> HttpResponse:
    """Keep everything posted that can be kept, then go on, or show what is wrong."""
    details = _draft_form(request, draft, request.POST, request.FILES)
    eform = EFormForm(request.POST, schema=definition.schema, account=request.user)
    specs = {s.pk: s for s in draft.version.components.all()}
    data = getattr(details, "cleaned_data", {})
    try:
        with transaction.atomic():
            services.draft_save(
                draft,
                actor=request.user,
                answers=eform.raw(),
                agency=data.get("receiving_agency"),
                delivery_mode=details.raw("delivery_mode"),
                postal_address=details.raw("postal_address"),
                request=request,
            )
            _papers(request, draft, details, specs, data)
            remove = request.POST.get("remove", "")
            if remove.isdigit() and int(remove) in specs:
                services.draft_detach(
                    draft, specs[int(remove)], actor=request.user, request=request
                )
                messages.success(request, "Đã bỏ tệp đã đính kèm.")
                return redirect(reverse("submission:draft", args=[draft.pk]) + "#giay-to")
    except services.SubmissionError as exc:
        messages.error(request, str(exc))
        return redirect("submission:draft", draft_id=draft.pk)
    draft.refresh_from_db()
    if request.POST.get("action") == "review":
        check = services.draft_check(draft, account=request.user, definition=definition)
        if check.ok and not details.errors:
            return redirect("submission:review", draft_id=draft.pk)
        add_check_errors(details, check)
        return _page(request, draft, details, check.form, definition, status=400)
    if details.errors:
        shown = EFormForm(initial=draft.answers, schema=definition.schema, account=request.user)
        return _page(request, draft, details, shown, definition, status=400)
    saved = timezone.localtime(draft.updated_at)
    messages.success(request, f"Đã lưu hồ sơ nháp lúc {saved:%H:%M} ngày {saved:%d/%m/%Y}.")
    return redirect("submission:draft", draft_id=draft.pk)


def _papers(request, draft: Draft, details: DraftForm, specs: dict, data: dict) -> None:
    """Attach each component's new upload, or the stored paper chosen for it."""
    for pk, spec in specs.items():
        upload = data.get(f"file_{pk}")
        chosen = data.get(f"paper_{pk}")
        try:
            if upload:
                services.draft_attach(draft, spec, upload, actor=request.user, request=request)
            elif chosen:
                paper = store.paper_for(request.user, int(chosen))
                if paper is None:
                    details.add_error(f"paper_{pk}", "Giấy tờ đã chọn không còn trong kho.")
                    continue
                services.draft_pick_paper(draft, spec, paper, actor=request.user, request=request)
        except services.SubmissionError as exc:
            details.add_error(f"file_{pk}" if upload else f"paper_{pk}", str(exc))


@applicant_required
def review(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = _own_draft(request, draft_id)
    if draft.is_submitted:
        return redirect("submission:done", code=draft.dossier.code)
    definition = eforms.form_for_version(draft.version)
    check = services.draft_check(draft, account=request.user, definition=definition)
    if not check.ok:
        messages.error(request, "Hồ sơ chưa đủ để nộp: hãy hoàn thiện các mục được đánh dấu.")
        return redirect(reverse("submission:draft", args=[draft.pk]) + "?kiem-tra=1")
    version = draft.version
    given = services.attached(draft)
    skip = services.covered(version, definition)
    return render(
        request,
        "submission/review.html",
        {
            "draft": draft,
            "v": version,
            "filled": eforms.present(definition.title, definition.schema, check.form.answers()),
            "components": [
                {"spec": s, "file": given.get(s.pk), "covered": s.pk in skip}
                for s in version.components.all()
            ],
            "delivery": DeliveryMode(draft.delivery_mode).label,
            "fees": list(version.fees.all()),
            "fee_choice": services.draft_fees(version, check.form.answers()),
            "assurance_link": _assurance_link(request, version, request.path),
        },
    )


@applicant_required
@require_POST
def submit(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = _own_draft(request, draft_id)
    try:
        dossier = services.draft_submit(
            draft, actor=request.user, assurance=session_level(request), request=request
        )
    except services.DraftIncomplete as exc:
        messages.error(request, str(exc))
        return redirect(reverse("submission:draft", args=[draft.pk]) + "?kiem-tra=1")
    except services.SubmissionError as exc:
        messages.error(request, str(exc))
        return redirect("submission:draft", draft_id=draft.pk)
    return redirect("submission:done", code=dossier.code)


@applicant_required
def done(request: HttpRequest, code: str) -> HttpResponse:
    dossier = own_dossier(request.user, code)
    return render(
        request,
        "submission/done.html",
        {
            "dossier": dossier,
            "steps": selectors.next_steps(dossier),
            "track_url": tracking_url(dossier),
            # the panel itself is payments' ({% pay_offer %}); this only adds its step
            "fee_owed": dossier.fees_due > dossier.fees_paid,
        },
    )


@applicant_required
def drafts(request: HttpRequest) -> HttpResponse:
    return render(
        request, "submission/drafts.html", {"drafts": list(selectors.drafts_of(request.user))}
    )


@applicant_required
@require_http_methods(["GET", "POST"])
def draft_delete(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = _own_draft(request, draft_id)
    if draft.is_submitted:
        return redirect("submission:done", code=draft.dossier.code)
    if request.method == "POST":
        services.draft_delete(draft, actor=request.user, request=request)
        messages.success(request, "Đã xóa hồ sơ nháp.")
        return redirect("submission:drafts")
    return render(request, "submission/draft_delete.html", {"draft": draft})


@applicant_required
def draft_file(request: HttpRequest, draft_id: int, file_id: int) -> HttpResponse:
    draft = _own_draft(request, draft_id)
    stored = get_object_or_404(DraftFile, pk=file_id, draft=draft)
    if not stored.file:
        if stored.paper_id is None:
            raise Http404("Giấy tờ này không còn trong kho dữ liệu.")
        return redirect(reverse("documentstore:download", args=[stored.paper_id]) + "?xem=1")
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404("Tệp này không còn; hãy tải lên lại.") from None
    return file_response(handle, filename=stored.original_name, inline=True)
