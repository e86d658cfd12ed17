"""Logging every view and download of a document (Phụ lục VI §III of Nghị định 30/2020/NĐ-CP:
"lưu vết" — the system keeps who accessed a document, when, and from where).

Pages and API endpoints that show a document or send its file call `log_access`; the agency's
clerk and leader (and province-wide readers) read the log (`tinhso.documents.access`).
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from tinhso.core.client_ip import client_ip
from tinhso.documents.models import AccessAction, Document, DocumentAccess, DocumentFile


def _label(user: Any) -> str:
    full = getattr(user, "get_full_name", lambda: "")() or ""
    username = user.get_username() if user is not None else ""
    return (f"{full} ({username})" if full and username else full or username)[:200]


def log_access(
    request: HttpRequest | None,
    document: Document,
    action: str = AccessAction.VIEW,
    *,
    user: Any = None,
    file: DocumentFile | None = None,
    channel: str = "web",
) -> DocumentAccess:
    """Append one line: who (the request's user unless given), what, when, from where."""
    who = user if user is not None else getattr(request, "user", None)
    if not getattr(who, "is_authenticated", False):
        who = None
    agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    return DocumentAccess.objects.create(
        document=document,
        file=file,
        user=who,
        user_label=_label(who) if who is not None else "khách",
        action=action,
        ip_address=client_ip(request) if request is not None else None,
        user_agent=agent[:200],
        channel=channel,
    )


def accesses_of(document: Document) -> QuerySet[DocumentAccess]:
    """The document's log, newest first."""
    return (
        DocumentAccess.objects.filter(document=document)
        .select_related("file")
        .order_by("-at", "-pk")
    )
