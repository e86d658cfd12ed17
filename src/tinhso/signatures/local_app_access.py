"""Who may use a local-app signing session (the government signing app on the officer's PC).

- The officer's page of a session: the officer who signs (SigningSession.user) only; for anyone
  else the session does not exist (404), like another officer's dossier.
- The app's two requests (download the issued PDF, upload the signed one) carry no browser
  session: the session's token authenticates them (tinhso.signatures.providers.local_app).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from tinhso.signatures.models import SigningSession
from tinhso.signatures.providers.local_app import NAME

NOT_FOUND = "Không tìm thấy phiên ký, hoặc phiên ký không phải của bạn."


def session_of_officer(user: Any, session_id: str) -> SigningSession:
    """The local-app session `session_id` if `user` is its signer; Http404 otherwise."""
    if not getattr(user, "is_authenticated", False):
        raise Http404(NOT_FOUND)
    session = (
        SigningSession.objects.filter(pk=session_id, provider=NAME, user=user)
        .select_related("certificate")
        .first()
    )
    if session is None:
        raise Http404(NOT_FOUND)
    return session
