"""Reading signatures: evidence by its public code and the latest signed version of a document."""

from __future__ import annotations

import re

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
