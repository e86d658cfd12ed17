"""Back-office pages (/can-bo/): queues, counter reception, the dossier and its actions."""

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tinhso.accounts.access import (
    active_roles,
    check_user_can_receive,
    reception_agencies,
    staff_required,
    user_can_receive,
)
from tinhso.catalogue import selectors as catalogue
from tinhso.dossiers import (
    access,
    decisions,
    paperwork,
    result_signing,
    sealed_forms,
    selectors,
    services,
)
from tinhso.dossiers.constants import Action, Channel, FileKind
from tinhso.dossiers.downloads import file_response
from tinhso.dossiers.forms import DECISIONS, SUPPLEMENT_HELP, ActionForm, ReceptionForm
from tinhso.dossiers.models import DossierFile
from tinhso.dossiers.paging import TwoStepPaginator
from tinhso.dossiers.workflow import NotAllowed, TransitionError, allowed_actions
from tinhso.privacy.constants import AccessKind
from tinhso.privacy.services import log_access

PAGE_SIZE = 25
# "Tất cả" can hold a whole province: it is not counted, and pages stop here (search by code).
BROWSE_MAX_PAGES = 40
# The electronic result (FileKind.RESULT) is attached when the result is approved or returned
# (Nghị định 118/2025/NĐ-CP: results may be returned electronically).
RESULT_ACTIONS = frozenset({Action.APPROVE, Action.RETURN_RESULT})


def _dossier_or_404(request: HttpRequest, code: str):
    return access.readable_dossier(request.user, code)


@staff_required
def queues(request: HttpRequest, name: str = "viec-cua-toi") -> HttpResponse:
    if name not in selectors.QUEUES:
        raise Http404("Không có danh sách này.")
    roles = active_roles(request.user)
    paginator = TwoStepPaginator(
        selectors.queue(request.user, name, roles=roles),
        PAGE_SIZE,
        related=selectors.QUEUE_FIELDS,
        counted=name in selectors.WORK_QUEUES,
        max_pages=BROWSE_MAX_PAGES,
    )
    page = paginator.get_page(request.GET.get("page"))
    counts = selectors.queue_counts(request.user, known={name: paginator.count}, roles=roles)
    context = {
        "page": page,
        "queue": name,
        "tabs": [(k, label, counts.get(k)) for k, label in selectors.QUEUES.items()],
        "now": timezone.now(),
        "can_receive": user_can_receive(request.user),
    }
    template = "dossiers/office/_queue.html" if request.htmx else "dossiers/office/queues.html"
    return render(request, template, context)


@staff_required
def reception_start(request: HttpRequest) -> HttpResponse:
    """Step 1 of counter reception: find the procedure."""
    check_user_can_receive(request.user)
    q = request.GET.get("q", "").strip()
    results = []
    if q:
        results = list(catalogue.catalogue_search(on=timezone.localdate(), q=q)[:15])
    template = "dossiers/office/_procedure_choices.html" if request.htmx else None
    return render(
        request,
        template or "dossiers/office/reception_start.html",
        {"q": q, "results": results},
    )


@staff_required
def reception(request: HttpRequest, code: str) -> HttpResponse:
    """Step 2: the dossier of a walk-in applicant, then receive / ask to supplement / refuse."""
    check_user_can_receive(request.user)
    receiving = reception_agencies(request.user).first()
    version = catalogue.version_in_force(code, timezone.localdate())
    if version is None:
        raise Http404("Không tìm thấy thủ tục đang áp dụng với mã này.")
    competent = services.competent_agencies(version, receiving)
    form = ReceptionForm(
        request.POST or None, request.FILES or None, version=version, competent=competent
    )
    if request.method == "POST" and form.is_valid():
        dossier = _receive(request, form, version, receiving)
        if dossier is not None:
            return redirect("dossiers:office_dossier", code=dossier.code)
    return render(
        request,
        "dossiers/office/reception.html",
        {
            "form": form,
            "version": version,
            "receiving": receiving,
            "decisions": DECISIONS,
            "fees": list(version.fees.all()),
            "fixed_fees": form.fixed_fees,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _commune_answer(version, unit) -> dict[str, str]:
    """At the counter the officer picks the commune an e-form would name (dossiers.competence)."""
    if unit is None or not version.competence_field:
        return {}
    return {version.competence_field: unit.code}


def _receive(request: HttpRequest, form: ReceptionForm, version, receiving):
    data = form.cleaned_data
    decision = data["decision"]
    ticked = {int(c) for c in data.get("components") or []}
    files = [
        services.NewFile(data[f"file_{s.pk}"], s.pk, FileKind.SCAN)
        for s in form.specs
        if data.get(f"file_{s.pk}")
    ]
    new = services.NewDossier(
        version=version,
        receiving_agency=receiving,
        competent_agency=data.get("competent_agency"),
        residence_unit=data.get("residence_unit"),
        answers=_commune_answer(version, data.get("residence_unit")),
        applicant=services.ApplicantInfo(
            name=data["applicant_name"],
            cccd=data["applicant_cccd"],
            phone=data["applicant_phone"],
            email=data["applicant_email"],
            address=data["applicant_address"],
        ),
        channel=Channel.COUNTER,
        received_components=ticked,
        files=files,
        fees_paid=data["fees_paid"],
        fee_lines=form.picked_fee_ids(),
        fees_reason=data.get("fees_reason", ""),
        delivery_mode=data["delivery_mode"],
        postal_address=data["postal_address"],
    )
    note = data.get("decision_note", "")
    try:
        with transaction.atomic():
            dossier = services.dossier_create(new, actor=request.user, request=request)
            action = {
                "receive": Action.RECEIVE,
                "supplement": Action.REQUEST_SUPPLEMENT,
                "refuse": Action.REFUSE_RECEPTION,
            }[decision]
            services.dossier_act(
                dossier,
                action,
                actor=request.user,
                note=note,
                data={"fees_paid": data["fees_paid"], "fees_reason": data.get("fees_reason", "")},
                request=request,
            )
    except services.DossierInputError as exc:
        for name, message in exc.errors.items():
            if name == "competent_agency" and form.territorial:
                name = "residence_unit"
            form.add_error(name if name in form.fields else None, message)
        return None
    except TransitionError as exc:
        form.add_error(None, str(exc))
        return None
    messages.success(request, _reception_message(decision, dossier.code))
    return dossier


def _reception_message(decision: str, code: str) -> str:
    return {
        "receive": f"Đã tiếp nhận hồ sơ {code}. In giấy tiếp nhận, hẹn trả kết quả cho người nộp.",
        "supplement": f"Đã lập phiếu yêu cầu bổ sung cho hồ sơ {code}.",
        "refuse": f"Đã lập phiếu từ chối tiếp nhận hồ sơ {code}.",
    }[decision]


@staff_required
def dossier_page(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _dossier_or_404(request, code)
    result_signing.adopt_signed(dossier)  # a signing session that finished since (issue 13)
    context = _dossier_context(request, dossier)
    # Luật 91/2025/QH15, Nghị định 356/2025/NĐ-CP: every staff read of personal data is logged.
    log_access(request.user, dossier, AccessKind.PAGE, request, personal=context["show_personal"])
    return render(request, "dossiers/office/dossier.html", context)


def _dossier_context(request: HttpRequest, dossier, form: ActionForm | None = None) -> dict:
    components = list(dossier.components.all())
    return {
        "dossier": dossier,
        "components": components,
        "files": list(dossier.files.select_related("component")),
        "files_open": access.user_can_download_files_of(request.user, dossier),
        "steps": list(selectors.steps(dossier)),
        "events": list(selectors.timeline(dossier)),
        "actions": allowed_actions(dossier, request.user),
        "form": form
        or ActionForm(component_choices=[(c.pk, c.name) for c in components if not c.received]),
        "now": timezone.now(),
        "forms_available": paperwork.available_forms(dossier),
        "show_personal": access.user_sees_personal_data(request.user, dossier),
        "supplement_help": SUPPLEMENT_HELP,
        "refusal_proposal": decisions.refusal_proposal(dossier),
        "extension_warning": decisions.extension_warning(dossier),
        "result_signing": result_signing.panel(dossier, request.user),  # type: ignore[arg-type]
        "sealed_forms": sealed_forms.panel(dossier, request.user),  # type: ignore[arg-type]
    }


@staff_required
@require_POST
def dossier_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    dossier = _dossier_or_404(request, code)
    components = [(c.pk, c.name) for c in dossier.components.all() if not c.received]
    form = ActionForm(request.POST, request.FILES, component_choices=components)
    if not form.is_valid():
        context = _dossier_context(request, dossier, form)
        context["failed_action"] = action
        return render(request, "dossiers/office/dossier.html", context, status=400)
    data = {
        "new_due_date": form.cleaned_data.get("new_due_date"),
        "components": [int(c) for c in form.cleaned_data.get("components") or []],
        **form.decision_data(),
    }
    result_file = form.cleaned_data.get("result_file")
    if result_file and action not in RESULT_ACTIONS:
        form.add_error("result_file", "Chỉ đính kèm tệp kết quả khi phê duyệt hoặc trả kết quả.")
        context = _dossier_context(request, dossier, form)
        context["failed_action"] = action
        return render(request, "dossiers/office/dossier.html", context, status=400)
    try:
        # The result comes with the action: the service keeps it in the same transaction.
        services.dossier_act(
            dossier,
            action,
            actor=request.user,
            note=form.cleaned_data["note"],
            data=data,
            files=[services.NewFile(result_file, None, FileKind.RESULT)] if result_file else [],
            request=request,
        )
    except TransitionError as exc:
        messages.error(request, str(exc))
        status = 403 if isinstance(exc, NotAllowed) else 409
        context = _dossier_context(request, dossier, form)
        context["failed_action"] = action
        return render(request, "dossiers/office/dossier.html", context, status=status)
    messages.success(request, f"Đã thực hiện: {Action(action).label}.")
    return redirect(reverse("dossiers:office_dossier", args=[code]))


@staff_required
def dossier_file(request: HttpRequest, code: str, file_id: int) -> FileResponse:
    dossier = _dossier_or_404(request, code)
    stored = get_object_or_404(DossierFile, pk=file_id, dossier=dossier)
    access.check_user_can_download_file(request.user, stored)
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404("Tệp này không còn trong kho lưu trữ.") from None
    log_access(request.user, dossier, AccessKind.FILE, request, detail=stored.original_name)
    return file_response(handle, filename=stored.original_name, inline=True)
