"""Creating accounts and granting roles. Passwords are checked against the password policy."""

import secrets
import string
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from tinhso.accounts import selectors, signup_confirm
from tinhso.accounts.constants import CONSENT_VERSION, AccountKind
from tinhso.accounts.models import StaffRole, User
from tinhso.accounts.validators import normalise_digits
from tinhso.audit.services import audit_record
from tinhso.notifications.sms import InvalidPhone, normalise_phone
from tinhso.organisation.models import Agency, Department
from tinhso.organisation.roles import Role
from tinhso.privacy import services as privacy

# Messages for a contact or identity number another account already holds.
TAKEN = {
    "cccd": (
        "Số CCCD/định danh cá nhân này đã có tài khoản. Nếu đó là bạn, hãy đăng nhập, lấy lại "
        "mật khẩu hoặc đăng nhập bằng VNeID."
    ),
    "tax_code": (
        "Mã số thuế này đã có tài khoản. Nếu đó là doanh nghiệp của bạn, hãy đăng nhập hoặc "
        "lấy lại mật khẩu."
    ),
    "email": (
        "Thư điện tử này đã được dùng cho một tài khoản khác. Nếu đó là bạn, hãy đăng nhập hoặc "
        "lấy lại mật khẩu."
    ),
    "phone": (
        "Số điện thoại này đã được dùng cho một tài khoản khác. Nếu đó là bạn, hãy đăng nhập "
        "hoặc lấy lại mật khẩu."
    ),
}
_USERNAME_ALPHABET = string.ascii_lowercase + string.digits
# actor= for an account its owner opens: the audit record names the new account as the actor.
SELF = object()


def store_phone(phone: str) -> str:
    """A mobile number as it is kept: 0912345678 (any other text is kept for validation)."""
    try:
        return "0" + normalise_phone(phone)[2:]
    except InvalidPhone:
        return normalise_digits(phone)


def new_username(prefix: str) -> str:
    """A username for an account whose owner signs in by e-mail, phone or VNeID: cd.x7k2m9qa.

    Generated rather than derived from the CCCD or the name, so that it carries no personal
    data into sign-in logs and the audit record.
    """
    while True:
        candidate = f"{prefix}." + "".join(secrets.choice(_USERNAME_ALPHABET) for _ in range(8))
        if not User.objects.filter(username=candidate).exists():
            return candidate


def taken_fields(
    *, cccd: str = "", tax_code: str = "", email: str = "", phone: str = ""
) -> dict[str, str]:
    """The identity numbers and contacts another account already holds, with the message."""
    taken = {}
    if cccd and User.objects.filter(cccd=cccd).exists():
        taken["cccd"] = TAKEN["cccd"]
    if tax_code and User.objects.filter(tax_code=tax_code).exists():
        taken["tax_code"] = TAKEN["tax_code"]
    if email and selectors.users_with_email(email).exists():
        taken["email"] = TAKEN["email"]
    if phone and selectors.users_with_phone(phone).exists():
        taken["phone"] = TAKEN["phone"]
    return taken


def sign_up_owners(
    *, cccd: str = "", tax_code: str = "", email: str = "", phone: str = ""
) -> list[User]:
    """The accounts that already hold any of these numbers or contacts (for sign-up, which
    tells their owners instead of the person signing up: accounts/signup_confirm.py)."""
    found: dict[int, User] = {}
    queries = []
    if cccd:
        queries.append(User.objects.filter(cccd=normalise_digits(cccd)))
    if tax_code:
        queries.append(User.objects.filter(tax_code=normalise_digits(tax_code)))
    if email.strip():
        queries.append(selectors.users_with_email(email.strip()))
    if phone.strip():
        queries.append(selectors.users_with_phone(phone))
    for query in queries:
        for user in query:
            found.setdefault(user.pk, user)
    return list(found.values())


def _create(
    *,
    username: str,
    password: str | None,
    actor: Any,
    request: HttpRequest | None = None,
    summary: str = "",
    **fields: Any,
) -> User:
    user = User(username=username, **fields)
    if user.kind in (AccountKind.CITIZEN, AccountKind.BUSINESS):
        # One person or business, one account: sign-in by e-mail or phone and password reset
        # must point at a single account.
        taken = taken_fields(email=user.email, phone=user.phone)
        if taken:
            raise ValidationError(taken)
    if password is None:
        user.set_unusable_password()
    else:
        password_validation.validate_password(password, user)
        user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(
        actor=user if actor is SELF else actor,
        action="accounts.user.create",
        target=user,
        summary=summary or f"Tạo tài khoản {user.get_kind_display().lower()}",
        request=request,
    )
    return user


def _notice_shown() -> dict[str, Any]:
    """The version of the personal-data notice shown at sign-up, and when (data_consent_*).

    Issue 12 item 17: the account no longer rests on consent — processing for administrative
    procedures is the province's legal duty (Luật 91/2025/QH15 Điều 19, stated in the notice);
    the fields keep which notice the person was given. Optional purposes are consented to
    one by one in tinhso.privacy (consents_record)."""
    return {"data_consent_at": timezone.now(), "data_consent_version": CONSENT_VERSION}


def _optional_consents(user: User, consents: Sequence[str], request: HttpRequest | None) -> None:
    if consents:
        privacy.consents_record(
            user=user, purposes=consents, version=CONSENT_VERSION, request=request
        )


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
    date_of_birth: date | None = None,
    actor: Any = None,
) -> User:
    return _create(
        username=username,
        password=password,
        actor=actor,
        full_name=full_name,
        cccd=normalise_digits(cccd),
        phone=store_phone(phone),
        email=email.strip(),
        date_of_birth=date_of_birth,
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
        phone=store_phone(phone),
        email=email.strip(),
        kind=AccountKind.BUSINESS,
    )


@transaction.atomic
def citizen_sign_up(
    *,
    full_name: str,
    cccd: str,
    date_of_birth: date,
    password: str,
    email: str = "",
    phone: str = "",
    consents: Sequence[str] = (),
    request: HttpRequest | None = None,
) -> User:
    """A citizen opens their own account on the portal.

    Needs a contact (e-mail or phone) to receive notices and reset the password. No consent is
    required to open it: processing for administrative procedures rests on the legal duty
    (Luật 91/2025/QH15 Điều 19); `consents` are the optional purposes the person ticked
    (tinhso.privacy.constants.Purpose), each recorded with time and notice version.
    The CCCD is as declared until the person signs in with VNeID (accounts/vneid.py).
    The account stays inactive until the link sent to the contacts is followed
    (accounts/signup_confirm.py).
    """
    cccd = normalise_digits(cccd)
    _check_sign_up(email=email, phone=phone, cccd=cccd)
    user = _create(
        username=new_username("cd"),
        password=password,
        actor=SELF,
        request=request,
        summary="Công dân tự đăng ký tài khoản trên Cổng dịch vụ công",
        full_name=" ".join(full_name.split()),
        cccd=cccd,
        date_of_birth=date_of_birth,
        phone=store_phone(phone),
        email=email.strip(),
        kind=AccountKind.CITIZEN,
        is_active=False,
        pending_since=timezone.now(),
        **_notice_shown(),
    )
    _optional_consents(user, consents, request)
    signup_confirm.confirmation_send(user)
    return user


@transaction.atomic
def business_sign_up(
    *,
    organisation_name: str,
    tax_code: str,
    full_name: str,
    password: str,
    email: str = "",
    phone: str = "",
    consents: Sequence[str] = (),
    request: HttpRequest | None = None,
) -> User:
    """A business opens its account, held by its representative (người đại diện).

    The representative's personal data: same basis and optional consents as citizen_sign_up.
    Inactive until confirmed, as citizen_sign_up.
    """
    tax_code = normalise_digits(tax_code)
    _check_sign_up(email=email, phone=phone, tax_code=tax_code)
    user = _create(
        username=new_username("dn"),
        password=password,
        actor=SELF,
        request=request,
        summary="Tổ chức, doanh nghiệp tự đăng ký tài khoản trên Cổng dịch vụ công",
        organisation_name=" ".join(organisation_name.split()),
        tax_code=tax_code,
        full_name=" ".join(full_name.split()),
        phone=store_phone(phone),
        email=email.strip(),
        kind=AccountKind.BUSINESS,
        is_active=False,
        pending_since=timezone.now(),
        **_notice_shown(),
    )
    _optional_consents(user, consents, request)
    signup_confirm.confirmation_send(user)
    return user


def vneid_citizen_create(
    *,
    username: str,
    full_name: str,
    cccd: str,
    date_of_birth: date | None,
    consent_version: str,
    request: HttpRequest | None = None,
) -> User:
    """A citizen account made at the first sign-in with VNeID: no password (the person signs in
    with VNeID, or sets one later through password reset once a contact is on the account)."""
    return _create(
        username=username,
        password=None,
        actor=SELF,
        request=request,
        summary="Tạo tài khoản công dân từ thông tin VNeID",
        full_name=full_name,
        cccd=cccd,
        date_of_birth=date_of_birth,
        kind=AccountKind.CITIZEN,
        data_consent_at=timezone.now(),
        data_consent_version=consent_version,
    )


def _check_sign_up(*, email: str, phone: str, **numbers: str) -> None:
    errors: dict[str, str] = {}
    if not email.strip() and not phone.strip():
        errors["email"] = "Cần ít nhất thư điện tử hoặc số điện thoại."
    errors.update(taken_fields(email=email, phone=phone, **numbers))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def role_grant(
    *,
    user: User,
    agency: Agency,
    role: Role,
    department: Department | None = None,
    actor: Any = None,
    position: str = "",
    rank: str = "",
) -> StaffRole:
    """Give `user` the role in `agency`; `department` and `position`/`rank` (what they sign
    as, Nghị định 30/2020/NĐ-CP) are set when given, and changed on the record when they
    differ."""
    if user.kind != AccountKind.STAFF:
        raise ValueError("Chỉ tài khoản cán bộ mới được giao vai trò trong cơ quan.")
    staff_role, created = StaffRole.objects.get_or_create(
        user=user,
        agency=agency,
        role=role,
        defaults={"department": department, "position": position, "rank": rank},
    )
    if created:
        staff_role.full_clean()
        audit_record(actor=actor, action="accounts.role.grant", target=staff_role)
    elif (position or rank) and (staff_role.position, staff_role.rank) != (position, rank):
        changes = {
            "position": [staff_role.position, position],
            "rank": [staff_role.rank, rank],
        }
        staff_role.position, staff_role.rank = position, rank
        staff_role.full_clean()
        staff_role.save(update_fields=["position", "rank"])
        audit_record(
            actor=actor, action="accounts.role.position", target=staff_role, changes=changes
        )
    if not created and department is not None and staff_role.department_id != department.pk:
        previous = staff_role.department_id
        staff_role.department = department
        staff_role.full_clean()
        staff_role.save(update_fields=["department"])
        audit_record(
            actor=actor,
            action="accounts.role.department",
            target=staff_role,
            changes={"department": [previous, department.pk]},
        )
    return staff_role


@transaction.atomic
def password_changed(*, user: User, request: Any = None) -> None:
    """Record a password change made through the sign-in pages."""
    audit_record(actor=user, action="accounts.password.change", target=user, request=request)
