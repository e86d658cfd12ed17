"""The dossier page's signing buttons for the electronic result (issue 13 item 5):
"Ký số kết quả" (the competent leader, ChuKyLanhDao) and "Đóng dấu cơ quan" (the one-stop
officer, ChuKyCoQuan through the HSM). The rules are dossiers.result_signing's."""

from typing import cast
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from tinhso.accounts.access import staff_required
from tinhso.accounts.models import User
from tinhso.dossiers import access, result_signing
from tinhso.signatures.providers.local_app import page_path


def _staff(request: HttpRequest) -> User:
    return cast(User, request.user)  # staff_required: a signed-in officer


def _back(code: str) -> HttpResponse:
    return redirect(reverse("dossiers:office_dossier", args=[code]) + "#ket-qua-dien-tu")


@staff_required
@require_POST
def result_sign(request: HttpRequest, code: str) -> HttpResponse:
    dossier = access.readable_dossier(request.user, code)
    try:
        status, detail = result_signing.start_leader_signing(dossier, _staff(request))
    except result_signing.SigningError as exc:
        messages.error(request, str(exc))
        return _back(code)
    if status == "pending":
        if detail and result_signing.provider_name() == "local_app":
            back = reverse("dossiers:office_dossier", args=[code]) + "#ket-qua-dien-tu"
            return redirect(page_path(detail) + "?" + urlencode({"ve": back}))
        messages.info(request, "Đã gửi yêu cầu ký; hãy xác nhận trên ứng dụng ký số.")
        return _back(code)
    messages.success(request, "Đã ký số kết quả.")
    return _back(code)


@staff_required
@require_POST
def result_seal(request: HttpRequest, code: str) -> HttpResponse:
    dossier = access.readable_dossier(request.user, code)
    try:
        result_signing.seal_result(dossier, _staff(request))
    except result_signing.SigningError as exc:
        messages.error(request, str(exc))
        return _back(code)
    messages.success(request, "Đã đóng dấu số của cơ quan vào kết quả.")
    return _back(code)
