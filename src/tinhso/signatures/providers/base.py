"""The signing-provider interface (issue 13 must-have 2): every way an officer or an agency
signs sits behind `SigningProvider.start`.

Synchronous providers (PKCS#11 seal) return status "signed" with the PDF. Asynchronous ones
(the local signing app on the officer's PC, remote signing on a phone) return "pending" with a
session id, keep their state in a signatures.SigningSession and end, later, through
tinhso.signatures.services.signing_finished — the single place that checks "exactly one new
signature, by the registered certificate bound to this user, over the document we issued".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from tinhso.signatures.appearance import Appearance

# The signature fields of an issued document (Nghị định 30/2020/NĐ-CP Phụ lục I):
FIELD_PERSON = "ChuKyLanhDao"  # the competent person's signature
FIELD_SEAL = "ChuKyCoQuan"  # the organisation's signature (seal), after the person's
FIELD_CLERK = "ChuKyVanThu"  # attachments and electronic copies, signed by the clerk
FIELD_NAMES = (FIELD_PERSON, FIELD_SEAL, FIELD_CLERK)

OutcomeStatus = Literal["signed", "pending", "refused", "failed"]


@dataclass(frozen=True)
class SignRequest:
    pdf: bytes  # the document as issued (bytes we produced)
    field_name: str  # FIELD_PERSON, FIELD_SEAL or FIELD_CLERK
    # the User who signs (for the seal: the clerk who applies it); None only for a seal the
    # system applies on behalf of the agency (services.seal_by_system, no officer)
    signer_id: int | None
    certificate_id: int  # signatures.SigningCertificate pk chosen for this signing
    reason: str = ""
    location: str = ""
    appearance: Appearance | None = None  # signatures.appearance.Appearance (image, box, text)
    # signing on behalf (TM., KT., Q., TL., TUQ.): the signatures.Delegation in force, whose
    # line is printed in the signature (services.check_may_sign refuses one not in force)
    delegation_id: int | None = None


@dataclass(frozen=True)
class SignOutcome:
    status: OutcomeStatus
    pdf: bytes | None = None  # the signed PDF when status == "signed"
    session_id: str | None = None  # an asynchronous signing session (local app, remote phone)
    message: str = ""  # Vietnamese, for the user
    evidence_code: str = ""  # signatures.SignatureEvidence.code when signed


class SigningProvider(Protocol):
    name: str  # "pkcs11", "local_app", "remote"
    label: str  # Vietnamese label

    def start(self, request: SignRequest) -> SignOutcome: ...
