"""Who reads the payments' reconciliation report: money of an agency is its leader's business
(người đứng đầu chịu trách nhiệm về thu phí, lệ phí của cơ quan mình, Luật Phí và lệ phí 2015
Điều 5 — not re-read here); province leaders and system administrators read every agency.
Officers, cashiers and citizens do not."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from tinhso.accounts.access import agencies_of, user_is_staff, user_reads_whole_province
from tinhso.organisation.roles import Role

REPORT_ROLES = frozenset({Role.AGENCY_LEADER})


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
