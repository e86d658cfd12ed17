"""The officer's view of what the national portal sent with a dossier (/can-bo/cong-dvcqg/)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from tinhso.accounts.selectors import is_staff_member
from tinhso.dossiers import selectors as dossier_selectors
from tinhso.nationalportal import selectors


def _rows(data: Any, prefix: str = "") -> list[tuple[str, str]]:
    """The e-form as (label, value) lines: nested keys joined with ›, lists numbered."""
    if isinstance(data, dict):
        rows: list[tuple[str, str]] = []
        for key, value in data.items():
            rows += _rows(value, f"{prefix} › {key}" if prefix else str(key))
        return rows
    if isinstance(data, list):
        rows = []
        for n, value in enumerate(data, 1):
            rows += _rows(value, f"{prefix} [{n}]")
        return rows
    if data is None or data == "":
        return [(prefix, "—")]
    if isinstance(data, bool):
        return [(prefix, "Có" if data else "Không")]
    return [(prefix, str(data))]


@login_required
def portal_dossier(request: HttpRequest, code: str) -> HttpResponse:
    if not is_staff_member(request.user):
        raise PermissionDenied("Trang này dành cho cán bộ, công chức.")
    dossier = dossier_selectors.dossier_for(request.user, code)
    link = selectors.portal_dossier_of(dossier) if dossier is not None else None
    if link is None:
        raise Http404("Không tìm thấy hồ sơ nộp qua Cổng Dịch vụ công quốc gia có mã này.")
    personal = dossier_selectors.sees_personal_data(request.user, dossier)
    return render(
        request,
        "nationalportal/dossier.html",
        {
            "dossier": dossier,
            "link": link,
            "show_personal": personal,
            "eform_rows": _rows(link.eform) if personal else [],
            "files": [f for c in link.payload.get("components", []) for f in c.get("files", [])],
            "messages_sent": selectors.messages_of(link),
        },
    )
