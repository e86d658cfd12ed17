"""The demo's "Ký bằng phần mềm mô phỏng" button: the signing-app simulator plays the app for the
officer's own session with the officer's demo key (SIMULATORS_ENABLED only, never production)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from tinhso.signatures.local_app_access import session_of_officer
from tinhso.simulators.vgca_app import demo_signer_for, run_app


@login_required
@require_POST
def sign(request: HttpRequest, session_id: str) -> HttpResponse:
    session = session_of_officer(request.user, session_id)  # 404 unless it is the officer's
    back = redirect("signatures_local_app:page", session.id)
    try:
        parameters = json.loads(request.POST.get("params", ""))
    except ValueError:
        parameters = None
    if not isinstance(parameters, dict) or parameters.get("SessionId") != session.id:
        messages.error(request, "Tham số gửi phần mềm ký không hợp lệ; hãy tải lại trang.")
        return back
    signer = demo_signer_for(session.certificate) if session.certificate else None
    if signer is None:
        messages.error(
            request,
            "Không có khóa minh họa cho chứng thư số này (chạy signatures_demo_ca để tạo).",
        )
        return back
    result = run_app(parameters, signer).callback
    if result.get("Status") == 0:
        messages.success(request, "Phần mềm mô phỏng đã ký và gửi văn bản.")
    else:
        messages.error(request, str(result.get("Message") or "Ký số không thành công."))
    return back
