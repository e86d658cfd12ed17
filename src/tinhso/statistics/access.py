"""Who may read which statistics — the one rule the API, the exports and the dashboard share.

- Province leaders and system administrators read the whole province and any agency in it;
- an agency's leader (or its administrator) reads their own agency only;
- other officers (chuyên viên, một cửa…), citizens and visitors read no statistics.

Basis: Nghị định 118/2025/NĐ-CP — người đứng đầu chịu trách nhiệm về kết quả giải quyết TTHC
của cơ quan mình, the Chairman of the provincial People's Committee for the province
(regulations.md §2.3). The dashboard's own pages ask tinhso.dashboard.access, built on this.
"""

from typing import Any

from django.core.exceptions import PermissionDenied

from tinhso.accounts.access import agencies_of, user_is_staff, user_reads_whole_province
from tinhso.organisation.models import Agency
from tinhso.organisation.roles import Role

STATISTICS_ROLES = frozenset({Role.AGENCY_LEADER, Role.AGENCY_ADMIN})
WHOLE_PROVINCE = None


class StatisticsNotAllowed(PermissionDenied):
    """The user may not read statistics (or not of these agencies): answered with 403."""


def statistics_scope(user: Any) -> list[int] | None:
    """None = the whole province; else the agencies whose figures the user may read.

    Raises StatisticsNotAllowed for anyone who reads no statistics."""
    if not user_is_staff(user):
        raise StatisticsNotAllowed("Chỉ cán bộ, công chức được xem số liệu thống kê.")
    if user_reads_whole_province(user):
        return WHOLE_PROVINCE
    ids = sorted(agencies_of(user, STATISTICS_ROLES).values_list("pk", flat=True))
    if not ids:
        raise StatisticsNotAllowed("Chỉ lãnh đạo cơ quan, lãnh đạo tỉnh được xem số liệu thống kê.")
    return ids


def user_can_read_statistics(user: Any) -> bool:
    try:
        statistics_scope(user)
    except StatisticsNotAllowed:
        return False
    return True


def check_user_can_read_statistics(user: Any) -> None:
    statistics_scope(user)


def user_can_read_agency_statistics(user: Any, agency: Agency) -> bool:
    try:
        scope = statistics_scope(user)
    except StatisticsNotAllowed:
        return False
    return scope is WHOLE_PROVINCE or agency.pk in scope


def check_user_can_read_agency_statistics(user: Any, agency: Agency) -> None:
    scope = statistics_scope(user)
    if scope is not WHOLE_PROVINCE and agency.pk not in scope:
        raise StatisticsNotAllowed("Bạn chỉ được xem số liệu của cơ quan mình.")


# --- what the public may see (no sign-in) -------------------------------------------------
# Publicity of the results of handling administrative procedures: Nghị định 118/2025/NĐ-CP
# (công khai kết quả giải quyết TTHC) and Quyết định 766/QĐ-TTg (the index is published on the
# Cổng Dịch vụ công). The public reads AGGREGATES only — counts and ratios per agency and
# period — never a dossier, a code, an applicant, an officer or a step (Luật Bảo vệ dữ liệu cá
# nhân 91/2025/QH15). The public page /thong-ke/ and GET /api/v1/public/statistics both ask this.
PUBLIC_FIGURES = (
    "received",
    "resolved_in_time",
    "resolved_late",
    "in_time_ratio",
    "satisfaction_ratio",
    "index_766_groups",
)


def public_statistics_scope(agency: Agency | None = None) -> list[int] | None:
    """The agencies whose aggregates anyone, signed in or not, may read: the whole province
    (None), or the one agency asked for. Only the figures named in PUBLIC_FIGURES are public."""
    return WHOLE_PROVINCE if agency is None else [agency.pk]
