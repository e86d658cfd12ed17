"""API tokens: issue, revoke, and the bearer authentication django-ninja uses."""

import hashlib
import secrets
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

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


def user_for_token(token: str) -> User | None:
    record = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if record is None:
        return None
    ApiToken.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
    return record.user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer ts_…`; the request then acts as the token's user."""

    openapi_description = "Khóa API cấp trong trang quản trị (Tài khoản → Khóa truy cập API)."

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user
