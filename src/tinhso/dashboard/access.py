"""Who may open which dashboard (bảng điều hành).

One rule with the statistics (tinhso.statistics.selectors.scope_agency_ids):
- province leaders and system administrators read the whole province and any agency in it;
- an agency's leader (or its administrator) reads their own agency only; another agency's
  page is "not found", so the page does not tell which agencies exist;
- other officers (chuyên viên, một cửa…) and citizens may not open the dashboard.

Basis: Nghị định 118/2025/NĐ-CP — the head of each agency answers for the handling of
dossiers in their remit, the Chairman of the provincial People's Committee for the province
(regulations.md §2.3); Nghị định 13/2023/NĐ-CP — personal data only to those whose work needs
it, so the dashboard's lists show the dossier and its appointment, not the applicant's papers.
"""

from django.db.models import QuerySet

from tinhso.accounts.models import User
from tinhso.organisation.models import Agency
from tinhso.statistics.selectors import StatisticsNotAllowed, scope_agency_ids

WHOLE_PROVINCE = None


def readable_agency_ids(user: User) -> list[int] | None:
    """None = the whole province; a list = these agencies; raises StatisticsNotAllowed."""
    if not user.is_authenticated or not user.is_active:
        raise StatisticsNotAllowed("Bảng điều hành dành cho lãnh đạo tỉnh và lãnh đạo cơ quan.")
    return scope_agency_ids(user)


def led_agencies(user: User) -> QuerySet[Agency]:
    """The agencies whose dashboard this user may read (every agency for province readers)."""
    try:
        ids = readable_agency_ids(user)
    except StatisticsNotAllowed:
        return Agency.objects.none()
    return Agency.objects.all() if ids is WHOLE_PROVINCE else Agency.objects.filter(pk__in=ids)
