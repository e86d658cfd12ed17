"""Public tracking (/tra-cuu/): who may see a dossier's progress without signing in.

Dossier codes follow a pattern (agency-yyMMdd-seq, Nghị định 118/2025/NĐ-CP, regulations.md)
and can be guessed, so a code alone shows nothing (issue 11, finding 7). The person must also
give something only the applicant has:

- the tracking key printed on the receipt (Mẫu 01) and carried by its QR code: a keyed hash
  of the code (HMAC with SECRET_KEY), so no table holds it and it cannot be derived without
  the server's secret; or
- the last 4 digits of the applicant's phone number or CCCD/tax code as given on the dossier.

A wrong code and a wrong proof give the same answer. Personal data stay masked even then
(Luật 91/2025/QH15: personal data only for the purpose they were collected for).
"""

import base64

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from tinhso.dossiers import selectors
from tinhso.dossiers.models import Dossier

_SALT = "tinhso.dossiers.tracking"
KEY_LENGTH = 12  # base32: 60 bits, letters A–Z and digits 2–7, easy to type from paper


def normalise_code(code: str) -> str:
    return code.strip().upper()


def tracking_key(code: str) -> str:
    """The secret printed on the receipt for dossier `code`."""
    digest = salted_hmac(_SALT, normalise_code(code), algorithm="sha256").digest()
    return base64.b32encode(digest).decode()[:KEY_LENGTH]


def tracking_url(dossier: Dossier) -> str:
    """The full tracking address with the key: for the receipt's QR code and printed link."""
    path = reverse("dossiers:track") + f"?ma={dossier.code}&k={tracking_key(dossier.code)}"
    return settings.SITE_URL.rstrip("/") + path


def is_short_proof(proof: str) -> bool:
    """4 digits: a guessable proof, limited per dossier code (see views_public)."""
    return len(proof) == 4 and proof.isdigit()


def last4(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    return digits[-4:] if len(digits) >= 4 else ""


def proof_matches(dossier: Dossier, proof: str) -> bool:
    proof = proof.strip().replace(" ", "").upper()
    if is_short_proof(proof):
        known = {last4(dossier.applicant_phone), last4(dossier.applicant_cccd)} - {""}
        return any(constant_time_compare(proof, digits) for digits in known)
    return len(proof) == KEY_LENGTH and constant_time_compare(proof, tracking_key(dossier.code))


def dossier_for_tracking(code: str, proof: str) -> Dossier | None:
    """The dossier when `proof` shows knowledge only its applicant has; else None, whether
    the code exists or not."""
    code = normalise_code(code)
    if not code or not proof.strip():
        return None
    dossier = selectors.public_dossier(code)
    if dossier is None:
        tracking_key(code)  # the same work as for a real code
        return None
    return dossier if proof_matches(dossier, proof) else None
