"""Reading signatures: evidence by its public code and the latest signed version of a document."""

from __future__ import annotations

import re
from typing import Any

from tinhso.signatures.models import SignatureEvidence

CODE_RE = re.compile(r"^[A-Z2-9]{12}$")


def evidence_by_code(code: str) -> SignatureEvidence | None:
    code = code.strip().upper()
    if not CODE_RE.match(code):
        return None
    return (
        SignatureEvidence.objects.select_related("certificate", "signer").filter(code=code).first()
    )


def latest_version(evidence: SignatureEvidence) -> SignatureEvidence:
    """Follow the signatures made over this one (e.g. the seal over the leader's signature)."""
    current = evidence
    for _ in range(20):
        following = SignatureEvidence.objects.filter(issued_sha256=current.document_sha256).first()
        if following is None:
            return current
        current = following
    return current


def evidence_for_document(sha256: str) -> SignatureEvidence | None:
    """Our evidence of the signature that produced exactly these bytes, if we made it."""
    return SignatureEvidence.objects.filter(document_sha256=sha256).first()


def printed_code(evidence: SignatureEvidence) -> str:
    """The code in the document's QR: that of its first signature (signing.prepare adds the
    QR only with the first signature)."""
    current = evidence
    for _ in range(20):
        before = SignatureEvidence.objects.filter(document_sha256=current.issued_sha256).first()
        if before is None:
            break
        current = before
    return current.code


def evidence_over(issued_sha256: str) -> SignatureEvidence | None:
    """Our evidence of a signature made over exactly these bytes (its signed PDF), if any."""
    return (
        SignatureEvidence.objects.select_related("signer")
        .filter(issued_sha256=issued_sha256)
        .first()
    )


def usable_certificate(*, user_id: int | None = None, agency_id: int | None = None) -> Any:
    """An active certificate valid now: a person's (user_id) or an agency's seal (agency_id)."""
    from tinhso.signatures.models import CertificateKind, SigningCertificate

    rows = SigningCertificate.objects.filter(active=True).order_by("-not_after", "-pk")
    if user_id is not None:
        rows = rows.filter(kind=CertificateKind.PERSON, user_id=user_id)
    elif agency_id is not None:
        rows = rows.filter(kind=CertificateKind.SEAL, agency_id=agency_id)
    else:
        return None
    return next((c for c in rows if c.is_valid_at()), None)
