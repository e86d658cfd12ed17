"""Who may read the personal-data records: the one place these rules live.

- The access log and the data subjects' requests: the data protection officer (cán bộ bảo vệ
  dữ liệu cá nhân, Role.DATA_PROTECTION_OFFICER) and nobody else — not a leader, not the system
  administrator, not a superuser (Luật 91/2025/QH15; Nghị định 356/2025/NĐ-CP: the person in
  charge of personal-data protection; the log is itself personal data of the officers).
- Consents and requests of an account: its owner, signed in.

Privacy sits below accounts (which records consents at sign-up through it), so the role is
read through the user's `staff_roles` (only staff accounts hold roles).
"""

from typing import Any

from django.core.exceptions import PermissionDenied

from tinhso.organisation.roles import Role

DPO_ONLY = "Trang này chỉ dành cho cán bộ bảo vệ dữ liệu cá nhân."


def user_is_signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(
        getattr(user, "is_active", False)
    )


def user_is_data_protection_officer(user: Any) -> bool:
    """Holds the role of data protection officer now, in any agency."""
    if not user_is_signed_in(user):
        return False
    return bool(user.staff_roles.filter(role=Role.DATA_PROTECTION_OFFICER, is_active=True).exists())


def check_user_is_data_protection_officer(user: Any) -> None:
    if not user_is_data_protection_officer(user):
        raise PermissionDenied(DPO_ONLY)
