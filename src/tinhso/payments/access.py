"""Who may do what with payments — the one place these rules live.

- Paying online: the dossier's applicant only (tinhso.dossiers.access.own_dossier: anyone
  else's dossier is "not found").
- Recording money taken at the counter: the one-stop officer of the receiving agency
  (Actor.RECEPTION of tinhso.dossiers.access.actors_of), the one who hands out the receipt.
- The reconciliation report: money of an agency is its leader's business (người đứng đầu chịu
  trách nhiệm về thu phí, lệ phí của cơ quan mình, Luật Phí và lệ phí 2015 Điều 5 — not re-read
  here); province leaders and system administrators read every agency. Officers, cashiers and
  citizens do not.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from tinhso.accounts.access import (
    AccessDenied,
    agencies_of,
    user_is_staff,
    user_reads_whole_province,
)
from tinhso.dossiers.access import Actor, actors_of
from tinhso.dossiers.models import Dossier
from tinhso.organisation.roles import Role

NOT_COUNTER = "Chỉ công chức Bộ phận Một cửa nơi tiếp nhận hồ sơ được ghi nhận khoản thu tại quầy."
REPORT_ROLES = frozenset({Role.AGENCY_LEADER})


def user_records_counter_payment(user: Any, dossier: Dossier) -> bool:
    return user is not None and Actor.RECEPTION in actors_of(user, dossier)


def check_user_records_counter_payment(user: Any, dossier: Dossier) -> None:
    if not user_records_counter_payment(user, dossier):
        raise AccessDenied(NOT_COUNTER)


class ReportNotAllowed(PermissionDenied):
    """Answered with 403."""


def report_scope(user: Any) -> list[int] | None:
    """None = every agency; else the agencies whose payments the user may read."""
    if not user_is_staff(user):
        raise ReportNotAllowed("Chỉ cán bộ, công chức được xem báo cáo đối soát.")
    if user_reads_whole_province(user):
        return None
    ids = sorted(agencies_of(user, REPORT_ROLES).values_list("pk", flat=True))
    if not ids:
        raise ReportNotAllowed("Chỉ lãnh đạo cơ quan, lãnh đạo tỉnh được xem báo cáo đối soát.")
    return ids


def receipt_for(user: Any, pk: int) -> Any:
    """A receipt (biên lai) the user may read: the payer's own dossier, or an officer who sees the
    dossier's personal data (the payer's name is on it, Nghị định 13/2023/NĐ-CP). Anyone else,
    and a receipt that does not exist: 404 alike."""
    from django.http import Http404

    from tinhso.dossiers.access import user_is_applicant_of, user_sees_personal_data
    from tinhso.payments.models import Receipt

    receipt = Receipt.objects.select_related("dossier").filter(pk=pk).first()
    if receipt is None or not user.is_authenticated:
        raise Http404("Không tìm thấy biên lai.")
    dossier = receipt.dossier
    allowed = (
        user_sees_personal_data(user, dossier)
        if user_is_staff(user)
        else user_is_applicant_of(user, dossier)
    )
    if not allowed:
        raise Http404("Không tìm thấy biên lai.")
    return receipt
