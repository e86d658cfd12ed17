"""Writing the audit record. Every state change in Tỉnh Số calls audit_record in its transaction."""

from typing import Any

from django.db import models
from django.http import HttpRequest

from tinhso.audit.models import AuditEvent


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event. `actor` is a user or None for the system itself."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=str(user.get_username()) if user else "hệ thống",
        action=action,
        object_type=target._meta.label if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:300] if target is not None else "",
        summary=summary,
        changes=changes or {},
        ip_address=_client_ip(request),
    )
