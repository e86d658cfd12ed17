"""API tokens: issue, revoke, and the bearer authentication django-ninja uses."""

import hashlib
import secrets
from datetime import timedelta
from typing import Any, cast

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from tinhso.accounts.models import ApiToken, User
from tinhso.audit.services import audit_record


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_issue(*, user: User, name: str, actor: Any = None) -> str:
    """A new token for `user`; the only time the token itself is available."""
    token = "ts_" + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(
        user=user, name=name, prefix=token[3:11], digest=_digest(token)
    )
    audit_record(actor=actor, action="accounts.token.issue", target=record, summary=name)
    return token


def token_revoke(*, token: ApiToken, actor: Any = None) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="accounts.token.revoke", target=token, summary=token.name)


LAST_USED_PRECISION = timedelta(minutes=1)


def user_for_token(token: str) -> User | None:
    record = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if record is None:
        return None
    now = timezone.now()
    last = record.last_used_at
    if last is None or now - last >= LAST_USED_PRECISION:
        # To the minute: a write (and a commit) on every call of a busy system costs more
        # than the administrator's "last used" is worth (issue 17, the intake profile).
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer ts_…`; the request then acts as the token's user."""

    openapi_description = "Khóa API cấp trong trang quản trị (Tài khoản → Khóa truy cập API)."

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


CSRF_FAILED = (
    "Yêu cầu từ phiên đăng nhập thiếu mã CSRF (tiêu đề X-CSRFToken); ứng dụng ngoài hãy dùng "
    "khóa API (Authorization: Bearer …)."
)


class SignedInSession(SessionAuth):
    """The browser's signed-in session. CSRF is checked only when the session signs a user in:
    an anonymous call answers 401 (sign in), not ninja's English "CSRF check Failed" 403."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if not exempt and check_csrf(request) is not None:
            raise HttpError(403, CSRF_FAILED)
        return request.COOKIES.get(self.param_name)


def api_user(request: HttpRequest) -> User:
    """The user an /api/v1 operation's authentication (api_auth) signed in."""
    return cast(User, request.user)


def api_auth() -> list[Any]:
    """Who may call the signed-in parts of /api/v1: a bearer token, or the session."""
    return [TokenAuth(), SignedInSession()]
