from django.db import models


class AccountKind(models.TextChoices):
    STAFF = "staff", "Cán bộ, công chức"
    CITIZEN = "citizen", "Công dân"
    BUSINESS = "business", "Tổ chức, doanh nghiệp"


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


# Roles that read across the whole province rather than one agency.
PROVINCE_WIDE_ROLES = frozenset({Role.PROVINCE_LEADER, Role.SYSTEM_ADMIN})


class SignInMethod(models.TextChoices):
    """How a person proved who they are when signing in (kept on every sign-in record)."""

    PASSWORD = "password", "Mật khẩu"
    VNEID = "vneid", "VNeID"


class IdentityProvider(models.TextChoices):
    """Outside identity providers an account can be linked to."""

    VNEID = "vneid", "VNeID (Bộ Công an)"


# Version of the personal-data notice the person agreed to at sign-up (templates
# accounts/_consent_notice.html). Change it whenever the notice's text changes.
CONSENT_VERSION = "2026-01"
# Consent given on VNeID's own screen when the person agreed to share their identity with us.
CONSENT_VIA_VNEID = "vneid"
