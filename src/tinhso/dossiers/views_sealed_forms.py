"""The dossier page's "Đóng dấu số" button on an issued form (issue 13 item 5). The rules are
dossiers.sealed_forms's."""

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from tinhso.accounts.access import staff_required
from tinhso.accounts.models import User
from tinhso.dossiers import access, paperwork, sealed_forms


@staff_required
@require_POST
def form_seal(request: HttpRequest, code: str, form: str) -> HttpResponse:
    dossier = access.readable_dossier(request.user, code)
    back = reverse("dossiers:office_dossier", args=[code]) + "#bieu-mau"
    try:
        row = sealed_forms.seal_form(dossier, form, cast(User, request.user))
    except sealed_forms.SealError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    title = paperwork.FORMS.get(form, form)
    messages.success(request, f"Đã đóng dấu số {title}. Mã xác thực: {row.evidence_code}.")
    return redirect(back)
