"""A receipt's sealed PDF (biên lai điện tử) for the payer and the officers of the dossier."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest

from tinhso.payments import access


@login_required
def receipt_pdf(request: HttpRequest, pk: int) -> FileResponse:
    receipt = access.receipt_for(request.user, pk)
    if not receipt.is_sealed:  # only the sealed receipt is handed out (receipt_seal.py)
        raise Http404("Biên lai đang được ký số: thử lại sau ít phút.")
    return FileResponse(
        receipt.sealed_pdf.open("rb"),
        content_type="application/pdf",
        filename=f"bien-lai-{receipt.number:07d}.pdf",
    )
