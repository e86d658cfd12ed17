"""Sign-in with VNeID, the national electronic identity, and what it does to accounts.

The exchange itself is OpenID Connect (accounts/oidc.py). This module configures it from
settings, reads VNeID's claims and finds, links or creates the citizen account.

Claims (regulations.md §7, as the national portal's broker returns them): `SoDinhDanh` (the
12-digit personal identification number, = CCCD), `HoVaTen`, `NgayThangNamSinh` (yyyyMMdd);
the Keycloak names `preferred_username` and `name` are read when the broker's are absent.
The account is found by số định danh (regulations.md §7: "map the user by SoDinhDanh").

Linking rules:
- an account already linked to VNeID: signed in; its name and date of birth follow VNeID
  (the national population database is the reference, Luật Căn cước 2023 Điều 9);
- a citizen account with that CCCD, not yet linked, whose declared name and date of birth
  agree with VNeID: linked, then signed in. When they disagree the CCCD may have been typed
  by someone else at sign-up: nothing is linked, the person is sent to the one-stop counter;
- a staff or business account with that number: refused (they sign in with a password);
- no account: a citizen account is created from VNeID's data, without a password. The person
  agreed on VNeID's screen to share their identity with the portal (recorded as consent
  given through VNeID).
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from tinhso.accounts import services, signup_confirm
from tinhso.accounts.constants import CONSENT_VIA_VNEID, AccountKind, IdentityProvider
from tinhso.accounts.models import ExternalIdentity, User
from tinhso.accounts.oidc import Provider
from tinhso.accounts.validators import normalise_digits, validate_cccd
from tinhso.audit.services import audit_record
from tinhso.core.text import fold

# What the person reads on the sign-in page for each way a VNeID sign-in can fail.
MESSAGES = {
    "refused": "Bạn đã không đồng ý chia sẻ thông tin trên VNeID nên chưa đăng nhập.",
    "provider_error": "VNeID báo lỗi khi xác thực. Vui lòng thử lại sau.",
    "state": (
        "Phiên đăng nhập bằng VNeID không hợp lệ hoặc đã hết hạn. Vui lòng bấm "
        "“Đăng nhập bằng VNeID” lại."
    ),
    "unreachable": (
        "Không kết nối được với hệ thống VNeID. Vui lòng thử lại sau ít phút hoặc đăng nhập "
        "bằng mật khẩu."
    ),
    "discovery": "Cấu hình kết nối VNeID không đúng. Vui lòng báo quản trị hệ thống.",
    "token": (
        "VNeID không xác nhận lượt đăng nhập này (mã xác thực đã dùng hoặc hết hạn). "
        "Vui lòng thử lại."
    ),
    "id_token": "Thông tin xác thực nhận từ VNeID không hợp lệ nên không thể đăng nhập.",
    "userinfo": "Không nhận được thông tin công dân từ VNeID. Vui lòng thử lại.",
    "claims": "VNeID không trả về số định danh cá nhân hợp lệ nên không thể đăng nhập.",
    "not_citizen": (
        "Số định danh này gắn với một tài khoản cán bộ hoặc doanh nghiệp; tài khoản đó đăng "
        "nhập bằng tên đăng nhập và mật khẩu."
    ),
    "inactive": "Tài khoản gắn với số định danh này đã bị khóa. Vui lòng liên hệ bộ phận một cửa.",
    "mismatch": (
        "Số định danh này đã được dùng để đăng ký một tài khoản có họ tên hoặc ngày sinh khác với "
        "thông tin trên VNeID, nên chưa thể liên kết. Vui lòng liên hệ bộ phận một cửa để được "
        "hỗ trợ."
    ),
    "disabled": "Đăng nhập bằng VNeID chưa được cấu hình trên hệ thống này.",
}


class SignInRefused(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail

    @property
    def message(self) -> str:
        return MESSAGES.get(self.reason, MESSAGES["provider_error"])


@dataclass(frozen=True)
class VneidPerson:
    subject: str
    cccd: str
    full_name: str
    date_of_birth: date | None


# The local simulator (tinhso.simulators.vneid, mounted at /mo-phong/vneid when
# SIMULATORS_ENABLED) and sign-in agree on its address and its one client through these
# functions; the simulator imports them (it sits above accounts), so the defaults live here once.
SIMULATOR_PATH = "/mo-phong/vneid"
SIMULATOR_DEFAULT_CLIENT_ID = "tinhso-local"


def simulator_issuer() -> str:
    """<SITE_URL>/mo-phong/vneid, or "" when the simulator is off."""
    if not settings.SIMULATORS_ENABLED:
        return ""
    return settings.SITE_URL.rstrip("/") + SIMULATOR_PATH


def simulator_client_id() -> str:
    return (
        settings.VNEID_SIMULATOR_CLIENT_ID
        or settings.VNEID_CLIENT_ID
        or SIMULATOR_DEFAULT_CLIENT_ID
    )


def simulator_client_secret() -> str:
    """The configured secret, else one derived from SECRET_KEY (the same in both roles)."""
    configured = settings.VNEID_SIMULATOR_CLIENT_SECRET or settings.VNEID_CLIENT_SECRET
    if configured:
        return str(configured)
    return salted_hmac(
        "tinhso.simulators.vneid.client", simulator_client_id(), algorithm="sha256"
    ).hexdigest()


def provider() -> Provider | None:
    """The configured provider, or None when sign-in with VNeID is off.

    An empty VNEID_ISSUER means the local simulator (under /mo-phong/vneid) when
    SIMULATORS_ENABLED; its address, client id and secret then come from the settings
    VNEID_SIMULATOR_* (computed in settings.py, so accounts does not import the simulators).
    """
    issuer = settings.VNEID_ISSUER
    client_id = settings.VNEID_CLIENT_ID
    secret = settings.VNEID_CLIENT_SECRET
    if not issuer and settings.SIMULATORS_ENABLED:
        issuer = simulator_issuer()
        client_id = simulator_client_id()
        secret = simulator_client_secret()
    if not issuer or not client_id or not secret:
        return None
    return Provider(
        issuer=issuer.rstrip("/"),
        client_id=client_id,
        client_secret=secret,
        redirect_uri=redirect_uri(),
        scopes=settings.VNEID_SCOPES,
        token_auth_method=settings.VNEID_TOKEN_AUTH_METHOD,
        timeout=float(settings.VNEID_TIMEOUT),
        acr_values=settings.VNEID_ACR_VALUES,
    )


def redirect_uri() -> str:
    return settings.VNEID_REDIRECT_URI or settings.SITE_URL + reverse("accounts:vneid_callback")


def is_enabled() -> bool:
    return provider() is not None


def _birth_date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return datetime.strptime(str(value), "%Y%m%d").date()  # noqa: DTZ007 - a date, no time
    except ValueError:
        return None


def person_from_claims(id_claims: dict[str, Any], userinfo: dict[str, Any]) -> VneidPerson:
    """Who VNeID says signed in; userinfo first, the ID token's claims as fallback."""
    claims = {**id_claims, **userinfo}
    cccd = normalise_digits(str(claims.get("SoDinhDanh") or claims.get("preferred_username", "")))
    try:
        validate_cccd(cccd)
    except ValidationError as exc:
        raise SignInRefused("claims", f"SoDinhDanh: {exc.messages[0]}") from exc
    full_name = " ".join(str(claims.get("HoVaTen") or claims.get("name") or "").split())
    if not full_name:
        raise SignInRefused("claims", "HoVaTen missing")
    return VneidPerson(
        subject=str(claims["sub"]),
        cccd=cccd,
        full_name=full_name[:150],
        date_of_birth=_birth_date(claims.get("NgayThangNamSinh")),
    )


def _same_person(user: User, person: VneidPerson) -> bool:
    """Declared data agree with VNeID: same name (ignoring case and diacritics) and, when one
    was declared, the same date of birth."""
    if fold(user.full_name) != fold(person.full_name):
        return False
    return user.date_of_birth is None or user.date_of_birth == person.date_of_birth


@transaction.atomic
def vneid_account(person: VneidPerson, *, request: HttpRequest | None = None) -> User:
    """The account `person` signs in to, linked or created (rules in the module docstring).

    Raises SignInRefused. Every link, creation and change is on the audit record.
    """
    link = (
        ExternalIdentity.objects.select_for_update()
        .select_related("user")
        .filter(provider=IdentityProvider.VNEID, subject=person.subject)
        .first()
    )
    user = User.objects.select_for_update().filter(cccd=person.cccd).first()
    if user is not None and user.pending_since is not None and not user.is_active:
        # A sign-up with this number nobody confirmed: VNeID proves who holds the number.
        signup_confirm.pending_discard(user, reason="đăng nhập bằng VNeID", request=request)
        user = None
    if link is not None and (user is None or link.user_id != user.pk):
        raise SignInRefused("mismatch", "VNeID subject linked to another account")
    if user is None:
        return _create_from_vneid(person, request=request)
    if user.kind != AccountKind.CITIZEN:
        raise SignInRefused("not_citizen", user.username)
    if not user.is_active:
        raise SignInRefused("inactive", user.username)
    if link is None:
        if not _same_person(user, person):
            raise SignInRefused("mismatch", user.username)
        link = ExternalIdentity.objects.create(
            user=user, provider=IdentityProvider.VNEID, subject=person.subject
        )
        audit_record(
            actor=user,
            action="accounts.vneid.link",
            target=user,
            summary="Liên kết tài khoản với VNeID",
            request=request,
        )
    _follow_vneid(user, person, request=request)
    link.last_used_at = timezone.now()
    link.save(update_fields=["last_used_at"])
    return user


def _follow_vneid(user: User, person: VneidPerson, *, request: HttpRequest | None) -> None:
    changes = {}
    if user.full_name != person.full_name:
        changes["full_name"] = [user.full_name, person.full_name]
        user.full_name = person.full_name
    if person.date_of_birth and user.date_of_birth != person.date_of_birth:
        old = user.date_of_birth.isoformat() if user.date_of_birth else None
        changes["date_of_birth"] = [old, person.date_of_birth.isoformat()]
        user.date_of_birth = person.date_of_birth
    if changes:
        user.save(update_fields=["full_name", "date_of_birth"])
        audit_record(
            actor=user,
            action="accounts.user.update",
            target=user,
            summary="Cập nhật họ tên, ngày sinh theo VNeID",
            changes=changes,
            request=request,
        )


def _create_from_vneid(person: VneidPerson, *, request: HttpRequest | None) -> User:
    user = services.vneid_citizen_create(
        username=services.new_username("cd"),
        full_name=person.full_name,
        cccd=person.cccd,
        date_of_birth=person.date_of_birth,
        consent_version=CONSENT_VIA_VNEID,
        request=request,
    )
    ExternalIdentity.objects.create(
        user=user,
        provider=IdentityProvider.VNEID,
        subject=person.subject,
        last_used_at=timezone.now(),
    )
    return user
