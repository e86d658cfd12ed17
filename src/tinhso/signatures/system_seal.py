"""The agency's automatic seal: a document the system issues by itself, with no officer.

Some documents are issued by the system the moment a fact is established — the electronic
receipt (biên lai điện tử) of a fee, issued when the payment provider confirms the money by a
server-to-server call, with nobody at a desk. The collecting agency's organisation signature
(its seal certificate, kept in the HSM) is then applied *on behalf of the agency* by the system:
there is no personal signer, and the evidence says so — `SignatureEvidence.signer` is empty,
`agency` and `system_reason` say whose seal and why (e.g. "Biên lai tự động"), and the audit
record is `signatures.system_seal` with the system as actor.

What stays the same as for every other signature (services.py): the certificate must be a SEAL
certificate of that agency, active, valid now and not revoked; one signature per document
version; the signed file must carry exactly one new valid signature by that certificate, in the
expected field (services.record_signature). What is narrower:
- only the ChuKyVanThu field (the organisation's signature of a document that carries no
  personal signature, Nghị định 30/2020/NĐ-CP Phụ lục I): the system never signs as a person
  and never adds ChuKyCoQuan, which belongs over a competent person's signature;
- only a synchronous provider that holds the agency's key (the PKCS#11 seal): the providers
  that need a person at a PC or a phone (local_app, remote) are refused.
This is the only way to sign without a signer: `services.check_may_sign` refuses a request
with no signer, and `record_signature` refuses evidence with neither a signer nor a reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from tinhso.signatures import selectors, services
from tinhso.signatures.appearance import Appearance
from tinhso.signatures.models import CertificateKind, SigningCertificate
from tinhso.signatures.providers.base import FIELD_CLERK, SignOutcome, SignRequest

# providers that need a person to sign (a PC plug-in, a phone): never for an automatic seal
NEEDS_A_PERSON = frozenset({"local_app", "remote"})


@dataclass(frozen=True)
class SystemSealRequest:
    """Seal `pdf` with `agency_id`'s organisation certificate, on the system's own motion."""

    pdf: bytes  # the document as issued (bytes we produced)
    agency_id: int  # the agency whose seal is applied (the issuer printed on the document)
    reason: str  # why the system seals with no officer, kept on the evidence and in the PDF
    appearance: Appearance | None = None
    location: str = ""


def check_may_seal(request: SystemSealRequest, provider: str) -> SigningCertificate:
    """Refuse an automatic seal that must not happen; the agency's seal certificate otherwise."""
    if not request.reason.strip():
        raise services.SigningRefused("Đóng dấu số tự động phải ghi lý do.")
    if provider in NEEDS_A_PERSON:
        raise services.SigningRefused(
            "Phương thức ký này cần người ký: không dùng được để đóng dấu tự động."
        )
    services.check_document(request.pdf, FIELD_CLERK)
    certificate: SigningCertificate | None = selectors.usable_certificate(
        agency_id=request.agency_id
    )
    if certificate is None:
        raise services.SigningRefused(
            "Cơ quan chưa có con dấu số (chứng thư số của cơ quan) còn hiệu lực."
        )
    if certificate.kind != CertificateKind.SEAL or certificate.agency_id != request.agency_id:
        raise services.SigningRefused("Chứng thư số này không phải con dấu số của cơ quan.")
    services.check_certificate_usable(certificate)
    services.check_not_signed_yet(request.pdf, FIELD_CLERK)
    return certificate


def seal_by_system(request: SystemSealRequest, provider: str = "pkcs11") -> SignOutcome:
    """Apply the agency's seal in ChuKyVanThu with `provider`; the result is checked and its
    evidence recorded (no signer, the agency, the reason) before it is returned. Never raises
    for a refusal or a provider failure: the outcome says "refused"/"failed" with a message."""
    from tinhso.signatures.providers import UnknownProvider, get_provider

    try:
        certificate = check_may_seal(request, provider)
        impl = get_provider(provider)
    except (services.SigningRefused, UnknownProvider) as exc:
        return SignOutcome(status="refused", message=str(exc))
    sign_request = SignRequest(
        pdf=request.pdf,
        field_name=FIELD_CLERK,
        signer_id=None,
        certificate_id=certificate.pk,
        reason=request.reason,
        location=request.location,
        appearance=request.appearance,
    )
    outcome = impl.start(sign_request)
    if outcome.status != "signed" or outcome.pdf is None:
        if outcome.status == "pending":  # a provider that turned out to need a person
            return SignOutcome(status="refused", message="Phương thức ký này cần người ký.")
        return outcome
    try:
        evidence = services.record_signature(
            issued=request.pdf,
            base=request.pdf,
            signed=outcome.pdf,
            certificate=certificate,
            signer_id=None,
            field_name=FIELD_CLERK,
            provider=provider,
            system_reason=request.reason,
        )
    except services.SigningRefused as exc:
        return SignOutcome(status="refused", message=str(exc))
    return SignOutcome(
        status="signed",
        pdf=bytes(evidence.signed_pdf or outcome.pdf),
        message="Đã đóng dấu số tự động.",
        evidence_code=evidence.code,
    )
