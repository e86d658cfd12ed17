"""Signing services: every signature ends in `signing_finished` (asynchronous providers) or
`sign_now` (synchronous providers), which check the result and keep the evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tinhso.signatures.models import SignatureEvidence, SigningSession
    from tinhso.signatures.providers.base import SignOutcome, SignRequest


class SigningRefused(Exception):
    """The signed document fails a check; the message is Vietnamese, for the user."""


def signing_finished(session: SigningSession, signed_pdf: bytes) -> SignatureEvidence:
    """Check the PDF an asynchronous provider brought back and record it (skeleton)."""
    raise NotImplementedError


def sign_now(request: SignRequest, provider: str = "pkcs11") -> SignOutcome:
    """Sign synchronously with `provider` (skeleton)."""
    raise NotImplementedError
