"""The officer's view of what the national portal sent with a dossier (/can-bo/cong-dvcqg/)."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from tinhso.accounts.access import staff_required
from tinhso.dossiers import access as dossier_access
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


@staff_required
def portal_dossier(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_access.dossier_for(request.user, code)
    link = selectors.portal_dossier_of(dossier) if dossier is not None else None
    if link is None:
        raise Http404("Không tìm thấy hồ sơ nộp qua Cổng Dịch vụ công quốc gia có mã này.")
    personal = dossier_access.user_sees_personal_data(request.user, dossier)
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
