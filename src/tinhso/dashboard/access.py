"""Who may open which dashboard (bảng điều hành): the statistics rule, read for pages.

The rule itself is tinhso.statistics.access.statistics_scope (one rule, one place):
- province leaders and system administrators read the whole province and any agency in it;
- an agency's leader (or its administrator) reads their own agency only; another agency's
  page is "not found", so the page does not tell which agencies exist;
- other officers (chuyên viên, một cửa…) and citizens may not open the dashboard (403).

Basis: Nghị định 118/2025/NĐ-CP — the head of each agency answers for the handling of
dossiers in their remit, the Chairman of the provincial People's Committee for the province
(regulations.md §2.3); Nghị định 13/2023/NĐ-CP — personal data only to those whose work needs
it, so the dashboard's lists show the dossier and its appointment, not the applicant's papers.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from tinhso.accounts.access import AccessDenied
from tinhso.organisation.models import Agency
from tinhso.statistics.access import (
    WHOLE_PROVINCE,
    StatisticsNotAllowed,
    statistics_scope,
)

NOT_A_LEADER = "Bảng điều hành dành cho lãnh đạo tỉnh và lãnh đạo cơ quan."
NOT_IN_SCOPE = "Không tìm thấy cơ quan, hoặc cơ quan không thuộc phạm vi của bạn."


def readable_agency_ids(user: Any) -> list[int] | None:
    """None = the whole province; a list = these agencies; raises AccessDenied (403)."""
    try:
        return statistics_scope(user)
    except StatisticsNotAllowed as exc:
        raise AccessDenied(NOT_A_LEADER) from exc


def user_can_open_dashboard(user: Any) -> bool:
    """Whether the navigation shows "Điều hành" and /can-bo/dieu-hanh/ opens."""
    try:
        readable_agency_ids(user)
    except AccessDenied:
        return False
    return True


def check_user_can_open_dashboard(user: Any) -> None:
    readable_agency_ids(user)


def check_user_can_open_agency_dashboard(user: Any, agency: Agency | None) -> None:
    """403 for someone who opens no dashboard; 404 for an agency outside their scope."""
    ids = readable_agency_ids(user)
    if agency is None or (ids is not WHOLE_PROVINCE and agency.pk not in ids):
        raise Http404(NOT_IN_SCOPE)


def led_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies whose dashboard this user may read (every agency for province readers)."""
    try:
        ids = readable_agency_ids(user)
    except AccessDenied:
        return Agency.objects.none()
    return Agency.objects.all() if ids is WHOLE_PROVINCE else Agency.objects.filter(pk__in=ids)
