"""Who may read the system's state: the one place this rule lives.

The "Tình trạng hệ thống" page is for the province's IT administrators: staff holding the
system administrator role (Role.SYSTEM_ADMIN, as for the exchange's operator pages) or a staff
superuser. Anyone else signed in gets 403. /healthz, /readyz and /metrics need no account:
the first two say nothing but what is up or down, the last answers its bearer token only.
"""

from __future__ import annotations

from typing import Any

from tinhso.accounts.access import AccessDenied, user_has_role, user_is_staff
from tinhso.organisation.roles import Role

IT_ADMINS_ONLY = "Trang này chỉ dành cho cán bộ quản trị hệ thống."


def user_is_it_admin(user: Any) -> bool:
    if not user_is_staff(user):
        return False
    return bool(user.is_superuser) or user_has_role(user, Role.SYSTEM_ADMIN)


def check_user_is_it_admin(user: Any) -> None:
    if not user_is_it_admin(user):
        raise AccessDenied(IT_ADMINS_ONLY)
