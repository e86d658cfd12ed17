"""Reading accounts: roles, sign-in identifiers, masked personal data.

Who may do what is tinhso.accounts.access (and each context's access module)."""

from django.db.models import QuerySet

from tinhso.accounts.constants import IdentityProvider
from tinhso.accounts.models import ExternalIdentity, SignInAttempt, StaffRole, User
from tinhso.notifications.sms import InvalidPhone, normalise_phone


def staff_roles(user: User) -> QuerySet[StaffRole]:
    return StaffRole.objects.filter(user=user, is_active=True).select_related(
        "agency", "department"
    )


def staff_holding(agency_id: int, roles: list[str]) -> QuerySet[User]:
    """Active staff holding one of `roles` in the agency (e.g. to alert its one-stop officers
    and its leader)."""
    return User.objects.filter(
        is_active=True,
        staff_roles__agency_id=agency_id,
        staff_roles__role__in=roles,
        staff_roles__is_active=True,
    ).distinct()


def phone_variants(phone: str) -> list[str]:
    """The ways one mobile number may be stored: 0912345678, 84912345678, +84912345678.

    Empty when `phone` is not a Vietnamese mobile number (normalised as
    tinhso.notifications.sms.normalise_phone does, so sign-in and SMS agree on a number).
    """
    try:
        canonical = normalise_phone(phone)
    except InvalidPhone:
        return []
    rest = canonical[2:]
    return ["0" + rest, "84" + rest, "+84" + rest, "0084" + rest]


def users_with_phone(phone: str) -> QuerySet[User]:
    variants = phone_variants(phone)
    return User.objects.filter(phone__in=variants) if variants else User.objects.none()


def users_with_email(email: str) -> QuerySet[User]:
    email = (email or "").strip()
    return User.objects.filter(email__iexact=email) if email else User.objects.none()


def user_for_identifier(identifier: str) -> User | None:
    """The one account a sign-in name points at: its username, e-mail or mobile number.

    A username wins; an e-mail address or phone number counts only when exactly one account
    carries it (sign-up refuses duplicates, older staff accounts might share one).
    """
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    user = User.objects.filter(username=identifier).first()
    if user is not None:
        return user
    candidates = users_with_email(identifier) if "@" in identifier else users_with_phone(identifier)
    found = list(candidates[:2])
    return found[0] if len(found) == 1 else None


def identifier_kind(identifier: str, user: User) -> str:
    """What the person typed to sign in: "username", "email" or "phone"."""
    identifier = (identifier or "").strip()
    if identifier == user.username:
        return "username"
    return "email" if "@" in identifier else "phone"


def recent_sign_ins(user: User, limit: int = 5) -> QuerySet[SignInAttempt]:
    """The account's latest sign-ins, shown to its owner (regulations.md §10.2: access log)."""
    return SignInAttempt.objects.filter(username=user.username)[:limit]


def vneid_identity(user: User) -> ExternalIdentity | None:
    return ExternalIdentity.objects.filter(user=user, provider=IdentityProvider.VNEID).first()


def mask_cccd(number: str | None) -> str:
    """072190001234 → 072*******34: enough to recognise, not enough to misuse."""
    if not number:
        return ""
    return number[:3] + "*" * (len(number) - 5) + number[-2:]


def mask_phone(phone: str | None) -> str:
    """+84 912 345 678 → 091*****78."""
    if not phone:
        return ""
    variants = phone_variants(phone)
    digits = variants[0] if variants else phone.lstrip("+")
    return digits[:3] + "*" * max(len(digits) - 5, 0) + digits[-2:]
