"""Creating accounts and granting roles. Passwords are checked against the password policy."""

from typing import Any

from django.contrib.auth import password_validation
from django.db import transaction

from tinhso.accounts.constants import AccountKind, Role
from tinhso.accounts.models import StaffRole, User
from tinhso.accounts.validators import normalise_digits
from tinhso.audit.services import audit_record
from tinhso.organisation.models import Agency, Department


def _create(*, username: str, password: str, actor: Any, **fields: Any) -> User:
    user = User(username=username, **fields)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(
        actor=actor,
        action="accounts.user.create",
        target=user,
        summary=f"Tạo tài khoản {user.get_kind_display().lower()}",
    )
    return user


@transaction.atomic
def staff_create(
    *,
    username: str,
    full_name: str,
    password: str,
    email: str = "",
    phone: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
    actor: Any = None,
) -> User:
    return _create(
        username=username,
        password=password,
        actor=actor,
        full_name=full_name,
        email=email,
        phone=phone,
        kind=AccountKind.STAFF,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )


@transaction.atomic
def citizen_create(
    *,
    username: str,
    full_name: str,
    cccd: str,
    password: str,
    phone: str = "",
    email: str = "",
    actor: Any = None,
) -> User:
    return _create(
        username=username,
        password=password,
        actor=actor,
        full_name=full_name,
        cccd=normalise_digits(cccd),
        phone=normalise_digits(phone),
        email=email,
        kind=AccountKind.CITIZEN,
    )


@transaction.atomic
def business_create(
    *,
    username: str,
    full_name: str,
    organisation_name: str,
    tax_code: str,
    password: str,
    phone: str = "",
    email: str = "",
    actor: Any = None,
) -> User:
    return _create(
        username=username,
        password=password,
        actor=actor,
        full_name=full_name,
        organisation_name=organisation_name,
        tax_code=normalise_digits(tax_code),
        phone=normalise_digits(phone),
        email=email,
        kind=AccountKind.BUSINESS,
    )


@transaction.atomic
def role_grant(
    *,
    user: User,
    agency: Agency,
    role: Role,
    department: Department | None = None,
    actor: Any = None,
) -> StaffRole:
    if user.kind != AccountKind.STAFF:
        raise ValueError("Chỉ tài khoản cán bộ mới được giao vai trò trong cơ quan.")
    staff_role, created = StaffRole.objects.get_or_create(
        user=user, agency=agency, role=role, defaults={"department": department}
    )
    if created:
        staff_role.full_clean()
        audit_record(actor=actor, action="accounts.role.grant", target=staff_role)
    return staff_role


@transaction.atomic
def password_changed(*, user: User, request: Any = None) -> None:
    """Record a password change made through the sign-in pages."""
    audit_record(actor=user, action="accounts.password.change", target=user, request=request)
