"""Roles of staff in an agency: an organisation concept, below accounts and catalogue.

Kept here (not in accounts) so that the catalogue, which names the role of each process step,
does not depend on the accounts context.
"""

from django.db import models


class Role(models.TextChoices):
    """Roles of staff, each held in one agency (StaffRole)."""

    RECEPTION = "reception", "Cán bộ một cửa"
    SPECIALIST = "specialist", "Chuyên viên"
    HEAD_OF_DEPARTMENT = "head_of_department", "Lãnh đạo phòng"
    AGENCY_LEADER = "agency_leader", "Lãnh đạo cơ quan"
    CLERK = "clerk", "Văn thư"
    AGENCY_ADMIN = "agency_admin", "Quản trị cơ quan"
    PROVINCE_LEADER = "province_leader", "Lãnh đạo tỉnh"
    SYSTEM_ADMIN = "system_admin", "Quản trị hệ thống"
    # Luật 91/2025/QH15, Nghị định 356/2025/NĐ-CP: the person in charge of personal-data
    # protection; the only reader of the access log and of data subjects' requests.
    DATA_PROTECTION_OFFICER = "data_protection_officer", "Cán bộ bảo vệ dữ liệu cá nhân"


# Roles that read across the whole province rather than one agency.
PROVINCE_WIDE_ROLES = frozenset({Role.PROVINCE_LEADER, Role.SYSTEM_ADMIN})
