"""Who may see a remote-signing session: the officer who signs, nobody else (404 for others,
so a session id reveals nothing)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from tinhso.signatures.models import SigningSession


def session_for(user: Any, session_id: str) -> SigningSession:
    session = (
        SigningSession.objects.filter(pk=session_id, provider="remote", user_id=user.pk)
        .select_related("certificate")
        .first()
    )
    if session is None:
        raise Http404("Không tìm thấy phiên ký này.")
    return session
