"""Writing the audit record. Every state change in Tỉnh Số calls audit_record in its transaction."""

from typing import Any

from django.db import models, transaction
from django.http import HttpRequest

from tinhso.audit.chain import link_after_commit
from tinhso.audit.models import AuditEvent
from tinhso.core.client_ip import client_ip


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event. `actor` is a user or None for the system itself.

    The row commits or rolls back with the caller's transaction; once that transaction has
    committed it is linked into the hash chain in a short transaction of its own
    (tinhso.audit.chain explains why not here). A failure to link is logged and left to the
    next append or to `audit_verify`, never raised into a change that has already committed.
    """
    user = actor if getattr(actor, "is_authenticated", False) else None
    event = AuditEvent.objects.create(
        actor=user,
        actor_label=str(user.get_username()) if user else "hệ thống",
        action=action,
        object_type=target._meta.label if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:300] if target is not None else "",
        summary=summary,
        changes=changes or {},
        ip_address=client_ip(request),
    )
    _link_once_committed()
    return event


def _link_once_committed() -> None:
    """Register the linking hook once per transaction, not once per row.

    A hook registered earlier is enough if no savepoint it belongs to can roll back without
    also removing this row: its savepoints are among the ones this row is written in.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        active = set(connection.savepoint_ids)
        for savepoints, func, _robust in connection.run_on_commit:
            if func is link_after_commit and set(savepoints) <= active:
                return
    transaction.on_commit(link_after_commit, robust=True)
